package scenario

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The file is decoded in two passes. The first is the YAML decoder with
// unknown fields refused; it catches typos and duplicate keys, and keeps
// every scalar with its line (str). The second (scenario.go) parses those
// scalars, where the field names are known, so that every error can name
// file, line and field.

// str is a scalar as written, with the line it stands on.
type str struct {
	V    string
	Line int
	Set  bool // present and not null
}

func (s *str) UnmarshalYAML(n *yaml.Node) error {
	s.Line = n.Line
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: want a single value, not a %s", n.Line, kindName(n.Kind))}}
	}
	if n.Tag == "!!null" {
		return nil
	}
	s.V, s.Set = n.Value, true
	return nil
}

// strs is a list of scalars; a single scalar is taken as a list of one.
type strs struct {
	V    []str
	Line int
}

func (s *strs) UnmarshalYAML(n *yaml.Node) error {
	s.Line = n.Line
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" || n.Value == "" {
			return nil
		}
		s.V = []str{{V: n.Value, Line: n.Line, Set: true}}
		return nil
	case yaml.SequenceNode:
		for _, c := range n.Content {
			var one str
			if err := one.UnmarshalYAML(c); err != nil {
				return err
			}
			if one.Set {
				s.V = append(s.V, one)
			}
		}
		return nil
	}
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: want a list, not a %s", n.Line, kindName(n.Kind))}}
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.AliasNode:
		return "alias"
	}
	return "value"
}

// Error is one problem with a scenario file.
type Error struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *Error) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Msg)
}

// Errors is every problem found in a scenario file, in line order.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

func (es Errors) sorted() Errors {
	sort.SliceStable(es, func(i, j int) bool { return es[i].Line < es[j].Line })
	return es
}

var (
	reUnknown   = regexp.MustCompile(`^line (\d+): field (\S+) not found in type \S+$`)
	reDuplicate = regexp.MustCompile(`^line (\d+): mapping key "(.*)" already defined at line (\d+)$`)
	reLine      = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	reTypeInto  = regexp.MustCompile("^cannot unmarshal !!(\\w+) `(.*)` into .*$")
)

// reKeyLine finds the key a block-style line sets: "  - key: value".
var reKeyLine = regexp.MustCompile(`^\s*(?:-\s+)?([A-Za-z_][\w.-]*)\s*:`)

// keyAt returns the key set on a line of the source, or "": the decoder's
// type errors give the line but not the field.
func keyAt(src []byte, line int) string {
	lines := bytes.Split(src, []byte("\n"))
	if line < 1 || line > len(lines) {
		return ""
	}
	if m := reKeyLine.FindSubmatch(lines[line-1]); m != nil {
		return string(m[1])
	}
	return ""
}

// yamlErrors turns the decoder's errors into file:line: field: message.
func yamlErrors(file string, src []byte, err error) Errors {
	var msgs []string
	if te, ok := err.(*yaml.TypeError); ok {
		msgs = te.Errors
	} else {
		msgs = []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	var out Errors
	for _, m := range msgs {
		m = strings.TrimPrefix(m, "yaml: ")
		if g := reUnknown.FindStringSubmatch(m); g != nil {
			n, _ := strconv.Atoi(g[1])
			out = append(out, &Error{File: file, Line: n, Field: g[2], Msg: "unknown field"})
			continue
		}
		if g := reDuplicate.FindStringSubmatch(m); g != nil {
			n, _ := strconv.Atoi(g[1])
			out = append(out, &Error{File: file, Line: n, Field: g[2], Msg: "duplicate key (first at line " + g[3] + ")"})
			continue
		}
		if g := reLine.FindStringSubmatch(m); g != nil {
			n, _ := strconv.Atoi(g[1])
			msg := g[2]
			if t := reTypeInto.FindStringSubmatch(msg); t != nil {
				msg = fmt.Sprintf("%q is a %s where a mapping or list belongs", t[2], t[1])
			}
			out = append(out, &Error{File: file, Line: n, Field: keyAt(src, n), Msg: msg})
			continue
		}
		out = append(out, &Error{File: file, Line: 1, Msg: m})
	}
	return out.sorted()
}
