package yamlfile

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// Str is a scalar as written, with the line it stands on.
type Str struct {
	V    string
	Line int
	Set  bool // present and not null
	// Bad is set when the key was written with a value of another shape (a
	// list where one value belongs): already reported, so that a check
	// that it is present need not report it again.
	Bad bool
}

// Pos is the line a mapping starts on. A struct field of this type is
// filled with it, so that a problem about a field left out can name the
// entry it is missing from.
type Pos int

// Strs is a list of scalars; a single scalar is taken as a list of one.
type Strs struct {
	V    []Str
	Line int
}

var (
	strType  = reflect.TypeFor[Str]()
	strsType = reflect.TypeFor[Strs]()
	posType  = reflect.TypeFor[Pos]()
)

// decoder fills Go values from YAML nodes. It is ours rather than
// yaml.v3's Node.Decode for three reasons: yaml.v3 compares every key of a
// mapping with every other (time quadratic in a mapping's size, and one
// error per pair of duplicates), its errors name Go types ("cannot
// unmarshal !!seq into scenario.githubFile"), and they carry no field.
// This one checks keys through a map, names the key path and what was
// expected in the file's terms, and spends a budget on every node it
// visits so that aliases cannot expand a small file into a huge one.
type decoder struct {
	errs   *List
	off    int // added to node lines: the lines before the parsed chunk
	budget int // nodes it may still visit
}

// newDecoder decodes a chunk of size bytes whose first line is line.
func newDecoder(errs *List, line, size int) *decoder {
	// Without aliases a node takes at least two bytes of text; aliases may
	// repeat what they name, a few times over, not without end.
	return &decoder{errs: errs, off: line - 1, budget: 4*size + 1000}
}

func (d *decoder) line(n *yaml.Node) int { return n.Line + d.off }

// resolve follows aliases, spending the budget on each.
func (d *decoder) resolve(n *yaml.Node, path string) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		if !d.spend(n, path) {
			return nil
		}
		n = n.Alias
	}
	return n
}

func (d *decoder) spend(n *yaml.Node, path string) bool {
	d.budget--
	if d.budget == 0 {
		d.errs.Addf(d.line(n), path, "aliases repeat more values than the file holds; write them out")
	}
	return d.budget > 0
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null" && (n.Value == "" || n.Value == "~" || strings.EqualFold(n.Value, "null"))
}

// found says what a node is, in a reader's words.
func found(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping (key: value lines)"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "the value " + quote(n.Value)
	}
	return "nothing"
}

// quote quotes a value from the file for a message, cut short when long.
func quote(s string) string {
	const max = 60
	if len(s) > max {
		cut := max
		for cut > 0 && s[cut]&0xC0 == 0x80 { // not inside a UTF-8 sequence
			cut--
		}
		s = s[:cut] + "…"
	}
	return strconv.Quote(s)
}

// keyName is a key as it may stand in a field path: as written when it is
// plain, quoted when it holds anything odd or is long.
func keyName(k string) string {
	if k == "" || len(k) > 60 || strings.ContainsFunc(k, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("_-./<>@:#+", r)
	}) {
		return quote(k)
	}
	return k
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// wantOf is what a value of type t looks like, in the file's terms.
func wantOf(t reflect.Type) string {
	switch {
	case t == strType:
		return "a single value"
	case t == strsType:
		return "a value or a list of values"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return wantOf(t.Elem())
	case reflect.Struct, reflect.Map:
		return "a mapping (key: value lines)"
	case reflect.Slice:
		return "a list"
	}
	return "a value"
}

// decode fills v from n. want overrides wantOf(v.Type()) in messages: a
// field's `want` tag names what it holds ("a list of Jira issues").
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path, want string) {
	if !d.spend(n, path) {
		return
	}
	alias := n
	if n = d.resolve(n, path); n == nil || isNull(n) {
		return
	}
	if want == "" {
		want = wantOf(v.Type())
	}
	wrong := func() {
		d.errs.Addf(d.line(alias), path, "want %s, found %s", want, found(n))
	}
	switch t := v.Type(); {
	case t == strType:
		if n.Kind != yaml.ScalarNode {
			wrong()
			v.Set(reflect.ValueOf(Str{Line: d.line(alias), Bad: true}))
			return
		}
		v.Set(reflect.ValueOf(Str{V: n.Value, Line: d.line(alias), Set: true}))
		return
	case t == strsType:
		s := Strs{Line: d.line(alias)}
		switch n.Kind {
		case yaml.ScalarNode:
			if n.Value != "" {
				s.V = []Str{{V: n.Value, Line: d.line(alias), Set: true}}
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				var one Str
				d.decode(c, reflect.ValueOf(&one).Elem(), path, "a single value in the list")
				if one.Set {
					s.V = append(s.V, one)
				}
			}
		default:
			wrong()
			return
		}
		v.Set(reflect.ValueOf(s))
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(alias, v.Elem(), path, want)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			wrong()
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.decode(c, s.Index(i), path, "")
		}
		v.Set(s)
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			wrong()
			return
		}
		info := structOf(v.Type())
		if info.pos >= 0 {
			v.Field(info.pos).SetInt(int64(d.line(alias)))
		}
		d.pairs(n, path, func(key string, kn, vn *yaml.Node) {
			i, ok := info.index[key]
			if !ok {
				d.errs.Addf(d.line(kn), join(path, keyName(key)), "unknown field%s", info.suggest(key))
				return
			}
			f := info.fields[i]
			d.decode(vn, v.Field(f.index), join(path, key), f.want)
		})
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			wrong()
			return
		}
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		et := v.Type().Elem()
		d.pairs(n, path, func(key string, _, vn *yaml.Node) {
			e := reflect.New(et).Elem()
			d.decode(vn, e, join(path, keyName(key)), "")
			v.SetMapIndex(reflect.ValueOf(key), e)
		})
	default:
		panic(fmt.Sprintf("yamlfile: cannot decode into %s", v.Type()))
	}
}

// entry decodes one entry of a list into v and reports whether it holds
// one: an empty entry, or one of the wrong shape, is reported and left
// out, so that no "is required" follows for the fields it never had.
func (d *decoder) entry(n *yaml.Node, v reflect.Value, path string) bool {
	r := d.resolve(n, path)
	switch {
	case r == nil:
		return false
	case isNull(r):
		d.errs.Addf(d.line(n), path, "an empty entry: want %s", wantOf(v.Type()))
		return false
	}
	d.decode(n, v, path, "")
	return v.Kind() != reflect.Struct || r.Kind == yaml.MappingNode
}

// pairs calls fn for each key of a mapping once: a key written twice is an
// error at its second place, and merge keys (<<: *anchor) fill in the keys
// the mapping does not set itself.
func (d *decoder) pairs(n *yaml.Node, path string, fn func(key string, kn, vn *yaml.Node)) {
	seen := make(map[string]int, len(n.Content)/2)
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kn = d.resolve(kn, path); kn == nil {
			return
		}
		if kn.Kind != yaml.ScalarNode {
			d.errs.Addf(d.line(kn), path, "want a name before the colon, found %s", found(kn))
			continue
		}
		if kn.Tag == "!!merge" {
			merges = append(merges, vn)
			continue
		}
		if first, dup := seen[kn.Value]; dup {
			d.errs.Addf(d.line(kn), join(path, keyName(kn.Value)), "duplicate key (first at line %d)", first)
			continue
		}
		seen[kn.Value] = d.line(kn)
		fn(kn.Value, kn, vn)
	}
	for _, m := range merges {
		m = d.resolve(m, path)
		if m == nil {
			return
		}
		sources := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			sources = m.Content
		}
		for _, src := range sources {
			if src = d.resolve(src, path); src == nil {
				return
			}
			if src.Kind != yaml.MappingNode {
				d.errs.Addf(d.line(m), join(path, "<<"), "want a mapping to merge, found %s", found(src))
				continue
			}
			for i := 0; i+1 < len(src.Content); i += 2 {
				kn := d.resolve(src.Content[i], path)
				if kn == nil {
					return
				}
				if kn.Kind != yaml.ScalarNode || kn.Tag == "!!merge" {
					continue
				}
				if _, set := seen[kn.Value]; set {
					continue
				}
				seen[kn.Value] = d.line(kn)
				fn(kn.Value, kn, src.Content[i+1])
			}
		}
	}
}

// structInfo is what decoding needs of a struct type, computed once.
type structInfo struct {
	index  map[string]int // yaml name → position in fields
	fields []fieldInfo
	pos    int // the Pos field, or -1
}

type fieldInfo struct {
	name  string
	index int
	want  string
}

var structInfos sync.Map // reflect.Type → *structInfo

func structOf(t reflect.Type) *structInfo {
	if info, ok := structInfos.Load(t); ok {
		return info.(*structInfo)
	}
	info := &structInfo{index: map[string]int{}, pos: -1}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type == posType {
			info.pos = i
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		info.index[name] = len(info.fields)
		info.fields = append(info.fields, fieldInfo{name: name, index: i, want: f.Tag.Get("want")})
	}
	structInfos.Store(t, info)
	return info
}

// suggest names the known field a mistyped key most likely meant, or lists
// the known ones.
func (info *structInfo) suggest(key string) string {
	names := make([]string, len(info.fields))
	for i, f := range info.fields {
		names[i] = f.name
	}
	return Suggest(key, names)
}

// Suggest completes an "unknown …" message: "; did you mean X?" when one
// of the known names is a likely typo of name, else " (known: a, b, c)".
func Suggest(name string, known []string) string {
	var best []string
	bestD := 3
	if len(name) <= 40 {
		for _, k := range known {
			d := distance(strings.ToLower(name), k)
			if d > bestD || d >= max(2, len(k)/3+1) {
				continue
			}
			if d < bestD {
				best, bestD = best[:0], d
			}
			best = append(best, k)
		}
	}
	if len(best) == 0 && len(name) >= 3 {
		// "api_token" for "api_token_env": a name cut short.
		for _, k := range known {
			if strings.HasPrefix(k, strings.ToLower(name)) {
				best = append(best, k)
			}
		}
	}
	if len(best) > 0 && len(best) <= 3 {
		return "; did you mean " + strings.Join(best, " or ") + "?"
	}
	return " (known: " + strings.Join(known, ", ") + ")"
}

// distance is the edit distance between two short strings (insertions,
// deletions, substitutions and swaps of neighbours each cost one).
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// RuleOverride is one switch or threshold of a rule as written in a file's
// `rules:` section (the configuration's and a scenario's are alike).
type RuleOverride struct {
	Rule, Param, Value string
	Line               int
}

// RuleSection is a `rules:` section: rule → switch or threshold → value.
type RuleSection map[string]map[string]Str

// Overrides lists the section's entries in file order (line, then name),
// so that problems with them read the same on every run.
func (r RuleSection) Overrides() []RuleOverride {
	var out []RuleOverride
	for rule, params := range r {
		for param, v := range params {
			out = append(out, RuleOverride{Rule: rule, Param: param, Value: v.V, Line: v.Line})
		}
	}
	slices.SortFunc(out, func(a, b RuleOverride) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Rule+"."+a.Param, b.Rule+"."+b.Param)
	})
	return out
}
