// Package yamlfile reads ownerd's YAML files (configuration and scenarios)
// strictly, in time and memory linear in their size: every value keeps its
// line, unknown and duplicate keys are refused, and every problem is told
// in the file's terms (FILE:LINE: field: what), the first Limit of them
// with a count of the rest.
package yamlfile

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"go.yaml.in/yaml/v3"
)

// Doc is one YAML document whose top level is a mapping, split into its
// top-level keys. A file laid out in the usual block style is cut into one
// chunk a key, and a long list into one chunk an entry, each parsed on its
// own when it is read: yaml.v3 keeps some 150 bytes per value of the tree
// it builds, twenty times a file's size, and a chunk's tree is dropped as
// soon as it is decoded. Other layouts are parsed whole.
type Doc struct {
	data []byte
	errs *List
	keys []*topKey // the known keys, each once

	info  *structInfo
	lists []string
	first map[string]int // the line of each key seen, known or not
	skip  topKey         // where the text of a key that is not kept goes
}

// topKey is one top-level key: the chunk of text it spans, or, in a
// document parsed whole, its nodes.
type topKey struct {
	name       string
	line       int // of the key
	start, end int // byte offsets of the chunk
	kn, vn     *yaml.Node
}

// Open reads data, the content of the file errs reports for, into the
// struct v, except for the top-level lists named in lists, which the
// caller reads entry by entry with Each. A key that is neither a field of
// v nor one of lists, or that stands twice, is a problem. Problems go to
// errs; Open returns nil when nothing in the file can be read (a syntax
// error in a file parsed whole, a top level that is not a mapping), and a
// Doc otherwise, even one with problems in some keys.
func Open(data []byte, errs *List, v any, lists ...string) *Doc {
	return open(data, errs, true, v, lists...)
}

// open is Open, with splitting optional so that tests can compare the two
// ways of reading a file.
func open(data []byte, errs *List, split bool, v any, lists ...string) *Doc {
	rv := reflect.ValueOf(v).Elem()
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")) // a byte order mark
	if i := bytes.IndexByte(data, '\r'); i >= 0 && hasLoneCR(data[i:]) {
		// Old Mac line ends: YAML reads a lone CR as a line break, and so
		// must the line scanner.
		data = bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	}
	d := &Doc{data: data, errs: errs, info: structOf(rv.Type()), lists: lists, first: map[string]int{}}
	// The problems split finds count only if the file is read split: a
	// layout it gives up on is read whole, and would report them again.
	found := NewList(errs.file)
	d.errs = found
	ok := split && d.split()
	d.errs = errs
	if ok {
		errs.merge(found)
	} else {
		d.keys, d.first = nil, map[string]int{}
		if len(data) > maxWhole {
			errs.Addf(1, "", "a file over %d MB is read a part at a time, which needs the usual block layout (top-level keys at the start of lines) and no anchors and aliases (&name, *name)", maxWhole>>20)
			return nil
		}
		if !d.parseWhole() {
			return nil
		}
	}
	for _, k := range d.keys {
		if i, ok := d.info.index[k.name]; ok {
			if vn, dec := d.node(k); vn != nil {
				f := d.info.fields[i]
				dec.decode(vn, rv.Field(f.index), k.name, f.want)
			}
		}
	}
	return d
}

// maxWhole is the largest file parsed whole. yaml.v3's tree of a whole
// file takes about 80 times its size; a larger file must be one that can
// be read a part at a time.
const maxWhole = 16 << 20

// hasLoneCR reports a CR not followed by LF.
func hasLoneCR(b []byte) bool {
	for i, c := range b {
		if c == '\r' && (i+1 == len(b) || b[i+1] != '\n') {
			return true
		}
	}
	return false
}

// Empty reports a document with no keys: an empty file, or one of comments.
func (d *Doc) Empty() bool { return len(d.first) == 0 }

// key records a top-level key and returns where its text goes: a new
// topKey for a known key seen the first time, else d.skip, once the
// problem is reported. Nothing is kept of a key that is not read, so that
// a file of a million unknown or repeated keys costs no memory for them.
func (d *Doc) key(name string, line int) *topKey {
	if first, dup := d.first[name]; dup {
		d.errs.Addf(line, keyName(name), "duplicate key (first at line %d)", first)
		return &d.skip
	}
	if len(d.first) < 4*Limit || d.known(name) {
		d.first[name] = line
	}
	if !d.known(name) && !d.errs.Keeps(line) {
		d.errs.more++ // counted, not worded
		return &d.skip
	}
	if !d.known(name) {
		names := make([]string, 0, len(d.info.fields)+len(d.lists))
		for _, f := range d.info.fields {
			names = append(names, f.name)
		}
		d.errs.Addf(line, keyName(name), "unknown field%s", Suggest(name, append(names, d.lists...)))
		return &d.skip
	}
	k := &topKey{name: name, line: line}
	d.keys = append(d.keys, k)
	return k
}

func (d *Doc) known(name string) bool {
	_, ok := d.info.index[name]
	return ok || slices.Contains(d.lists, name)
}

// topKeyName reads a block-style key at the start of a line, "jira:",
// and returns its name; a name of letters, digits, "_", "." and "-" that
// starts with a letter or "_". It is a scanner rather than a regular
// expression because it runs on every line of a file.
func topKeyName(line []byte) (string, bool) {
	i := 0
	for ; i < len(line); i++ {
		c := line[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '.' || c == '-')) {
			break
		}
	}
	if i == 0 {
		return "", false
	}
	j := i
	for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
		j++
	}
	if j == len(line) || line[j] != ':' || j+1 < len(line) && line[j+1] != ' ' && line[j+1] != '\t' {
		return "", false
	}
	return keyString(line[:i]), true
}

// keyString makes a string of a key's bytes; the usual names are not
// allocated again for every line that repeats them.
func keyString(b []byte) string {
	if s, ok := commonKeys[string(b)]; ok {
		return s
	}
	return string(b)
}

var commonKeys = map[string]string{}

func init() {
	for _, k := range []string{"now", "name", "timezone", "org", "rules", "jira", "github", "mail", "expect", "absent"} {
		commonKeys[k] = k
	}
}

// lines calls fn with each line of b (without its line break), its number
// counted from first and the offset where it starts. fn returns false to
// stop.
func lines(b []byte, first, base int, fn func(line []byte, n, at int) bool) {
	n := first
	for at := 0; at < len(b); n++ {
		end := bytes.IndexByte(b[at:], '\n')
		next := len(b)
		if end < 0 {
			end = len(b)
		} else {
			end, next = at+end, at+end+1
		}
		line := bytes.TrimSuffix(b[at:end], []byte("\r"))
		if !fn(line, n, base+at) {
			return
		}
		at = next
	}
}

// blank reports a line that holds nothing to parse: spaces or a comment.
func blank(line []byte) bool {
	t := bytes.TrimSpace(line)
	return len(t) == 0 || t[0] == '#'
}

// marker reports a document marker, "---" or "...", alone or followed by
// a space.
func marker(line []byte, m string) bool {
	return bytes.HasPrefix(line, []byte(m)) && (len(line) == 3 || line[3] == ' ' || line[3] == '\t')
}

// split cuts the document at its top-level keys. It returns false for a
// layout it does not know, which is then parsed whole: another top level
// than block-style keys, a directive, or anchors and aliases, which may
// be defined under one key and used under another.
func (d *Doc) split() bool {
	ok, content, ended, started, anchors, aliases := true, false, false, false, false, false
	second := 0 // the line of a "---" after the end: a second document
	var cur *topKey
	lines(d.data, 1, 0, func(line []byte, n, at int) bool {
		if blank(line) {
			return true
		}
		if bytes.IndexByte(line, '&') >= 0 && reAnchor.Match(line) {
			anchors = true
		}
		if bytes.IndexByte(line, '*') >= 0 && reAlias.Match(line) {
			aliases = true
		}
		start, end := marker(line, "---"), marker(line, "...")
		if (start || end) && !blank(line[3:]) {
			ok = false // "--- {a: 1}": a document on the marker's line
			return false
		}
		switch {
		case start && !content && !started && !ended:
			started = true
			return true // the document's own "---"
		case start || end:
			if !ended && cur != nil {
				cur.end = at
			}
			ended = true
			if start {
				second = n
			}
			return true
		case ended:
			d.errs.Addf(cmp.Or(second, n), "", "a second YAML document starts here; the file holds one document")
			return false
		}
		switch line[0] {
		case ' ', '\t':
			ok = cur != nil
			return ok
		case '-':
			// A list written flush with its key: "jira:\n- key: A-1".
			ok = cur != nil && (len(line) == 1 || line[1] == ' ' || line[1] == '\t')
			return ok
		}
		name, isKey := topKeyName(line)
		if !isKey {
			ok = false
			return false
		}
		if cur != nil {
			cur.end = at
		}
		content = true
		cur = d.key(name, n)
		cur.start, cur.end = at, len(d.data)
		return true
	})
	// An alias may name an anchor defined under another key, which a part
	// parsed alone does not hold.
	return ok && !(anchors && aliases)
}

// reAnchor and reAlias find an anchor being defined ("&name") and used
// ("*name") after a space, a colon, a dash or a bracket. A false match
// of both ("&nbsp;" and "*bold*" in texts) only costs the file a whole
// parse.
var (
	reAnchor = regexp.MustCompile(`(?:^|[\s:\[{,-])&[^\s,\[\]{}]`)
	reAlias  = regexp.MustCompile(`(?:^|[\s:\[{,-])\*[^\s,\[\]{}*]`)
)

// parseWhole parses the document as one, for layouts split does not know.
func (d *Doc) parseWhole() bool {
	dec := yaml.NewDecoder(bytes.NewReader(d.data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return true // empty: Open says so
		}
		syntax(d.errs, err, d.data, 1, "")
		return false
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		d.errs.Addf(lastLine(&doc)+1, "", "a second YAML document follows; the file holds one document")
		return false
	case len(next.Content) > 0 && !isNull(next.Content[0]):
		d.errs.Addf(next.Line, "", "a second YAML document starts here; the file holds one document")
		return false
	}
	if len(doc.Content) == 0 {
		return true
	}
	root := doc.Content[0]
	dec2 := newDecoder(d.errs, 1, len(d.data))
	if root = dec2.resolve(root, ""); root == nil {
		return false
	}
	if root.Kind != yaml.MappingNode {
		d.errs.Addf(root.Line, "", "want a mapping of sections (key: value lines) at the top, found %s", found(root))
		return false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		kn := dec2.resolve(root.Content[i], "")
		if kn == nil {
			return false
		}
		if kn.Kind != yaml.ScalarNode {
			d.errs.Addf(kn.Line, "", "want a name before the colon, found %s", found(kn))
			continue
		}
		if kn.Tag == "!!merge" {
			d.errs.Addf(kn.Line, "<<", "a merge key cannot stand at the top of the file")
			continue
		}
		k := d.key(kn.Value, kn.Line)
		k.kn, k.vn = kn, root.Content[i+1]
	}
	return true
}

// lastLine is the last line a node tree names.
func lastLine(n *yaml.Node) int {
	l := n.Line
	for _, c := range n.Content {
		l = max(l, lastLine(c))
	}
	return l
}

// reSyntaxLine finds the line in yaml.v3's syntax errors.
var reSyntaxLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// syntax reports a parser error of chunk, whose first line is first. The
// parser may name the line after the chunk's end (where it ran out of
// text); the problem is then on the chunk's last line.
func syntax(errs *List, err error, chunk []byte, first int, field string) {
	msg := err.Error()
	line := first
	if m := reSyntaxLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		last := first
		lines(chunk, first, 0, func(l []byte, n, _ int) bool {
			if !blank(l) {
				last = n
			}
			return true
		})
		line, msg = min(first+n-1, last), m[2]
	} else {
		msg = trimYAML(msg)
	}
	errs.Addf(line, field, "not valid YAML: %s", msg)
}

func trimYAML(s string) string {
	if len(s) > 6 && s[:6] == "yaml: " {
		return s[6:]
	}
	return s
}

// node parses a key's chunk and returns its value, or nil when the chunk
// does not parse (reported) or the key has no value.
func (d *Doc) node(k *topKey) (*yaml.Node, *decoder) {
	if k.vn != nil {
		return k.vn, newDecoder(d.errs, 1, len(d.data))
	}
	chunk := d.data[k.start:k.end]
	var doc yaml.Node
	if err := yaml.Unmarshal(chunk, &doc); err != nil {
		syntax(d.errs, err, chunk, k.line, k.name)
		return nil, nil
	}
	dec := newDecoder(d.errs, k.line, len(chunk))
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode || len(doc.Content[0].Content) != 2 {
		d.errs.Addf(k.line, k.name, "not valid YAML here")
		return nil, nil
	}
	return doc.Content[0].Content[1], dec
}

// Has reports whether the document sets key, even to an empty value.
func (d *Doc) Has(key string) bool {
	for _, k := range d.keys {
		if k.name == key {
			return true
		}
	}
	return false
}

// Each decodes the list under the top-level key, entry by entry, into a
// fresh T each, and calls fn with it; want says what the list holds ("a
// list of Jira issues"). The entries of a list in block style are parsed
// one at a time, so that memory holds one entry's tree, not the list's.
func Each[T any](d *Doc, key, want string, fn func(*T)) {
	var k *topKey
	for _, c := range d.keys {
		if c.name == key {
			k = c
			break
		}
	}
	if k == nil {
		return
	}
	if k.vn == nil {
		decode := func(n *yaml.Node, dec *decoder) any {
			var v T
			if !dec.entry(n, reflect.ValueOf(&v).Elem(), key) {
				return nil
			}
			return &v
		}
		if d.eachEntry(k, want, decode, func(v any) { fn(v.(*T)) }) {
			return
		}
	}
	vn, dec := d.node(k)
	if vn == nil {
		return
	}
	if vn = dec.resolve(vn, key); vn == nil || isNull(vn) {
		return
	}
	if vn.Kind != yaml.SequenceNode {
		d.errs.Addf(dec.line(vn), key, "want %s, found %s", want, found(vn))
		return
	}
	for _, c := range vn.Content {
		var v T
		if dec.entry(c, reflect.ValueOf(&v).Elem(), key) {
			fn(&v)
		}
	}
}

// eachEntry cuts a block-style list into its entries, decodes each with
// decode and hands the values to deliver in file order. It returns false,
// having called nothing, when the list is not laid out one entry a "- "
// line at one indentation; the caller then parses the key whole.
//
// Entries are parsed and decoded by one goroutine per CPU, a batch at a
// time, each with a list of problems of its own that is merged in file
// order: the parse is most of the time a scenario takes to load.
func (d *Doc) eachEntry(k *topKey, want string, decode func(*yaml.Node, *decoder) any, deliver func(any)) bool {
	chunk := d.data[k.start:k.end]
	first := bytes.IndexByte(chunk, '\n')
	if first < 0 {
		return false
	}
	_, after, _ := bytes.Cut(chunk[len(k.name):first], []byte(":"))
	if !blank(after) {
		return false // "jira: [...]" or "jira: x": a value on the key's line
	}
	type entry struct{ line, start, end int }
	var entries []entry
	indent, ok := -1, true
	lines(chunk[first+1:], k.line+1, k.start+first+1, func(line []byte, n, at int) bool {
		if blank(line) {
			return true
		}
		in := len(line) - len(bytes.TrimLeft(line, " "))
		if indent < 0 {
			indent = in
		}
		switch {
		case in > indent:
			return true
		case in < indent:
			ok = false
		case line[in] == '-' && (len(line) == in+1 || line[in+1] == ' '):
			if len(entries) > 0 {
				entries[len(entries)-1].end = at
			}
			entries = append(entries, entry{line: n, start: at, end: k.end})
		default:
			ok = false
		}
		return ok
	})
	if !ok || len(entries) == 0 {
		return false
	}
	type result struct {
		v    any
		errs *List
	}
	workers := runtime.GOMAXPROCS(0)
	batch := make([]result, min(len(entries), 64*workers))
	for from := 0; from < len(entries); from += len(batch) {
		part := entries[from:min(from+len(batch), len(entries))]
		var next atomic.Int64
		var wg sync.WaitGroup
		for range min(workers, len(part)) {
			wg.Go(func() {
				for i := int(next.Add(1) - 1); i < len(part); i = int(next.Add(1) - 1) {
					e := part[i]
					errs := NewList(d.errs.file)
					text := d.data[e.start:e.end]
					var doc yaml.Node
					switch err := yaml.Unmarshal(text, &doc); {
					case err != nil:
						syntax(errs, err, text, e.line, k.name)
						batch[i] = result{errs: errs}
					case len(doc.Content) != 1 || doc.Content[0].Kind != yaml.SequenceNode || len(doc.Content[0].Content) != 1:
						errs.Addf(e.line, k.name, "want %s, found something else", want)
						batch[i] = result{errs: errs}
					default:
						batch[i] = result{v: decode(doc.Content[0].Content[0], newDecoder(errs, e.line, len(text))), errs: errs}
					}
				}
			})
		}
		wg.Wait()
		for i := range part {
			d.errs.merge(batch[i].errs)
			if batch[i].v != nil {
				deliver(batch[i].v)
			}
			batch[i] = result{}
		}
	}
	return true
}
