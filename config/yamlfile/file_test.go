package yamlfile

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

type entry struct {
	Key    Str     `yaml:"key"`
	Labels Strs    `yaml:"labels"`
	Notes  []Str   `yaml:"notes"`
	Parts  []entry `yaml:"parts"`
	Nested *struct {
		Title Str `yaml:"title"`
	} `yaml:"nested"`
}

type top struct {
	Now   Str            `yaml:"now"`
	Rules RuleSection    `yaml:"rules"`
	Org   map[string]Str `yaml:"org"`
}

// read decodes a file the way the scenario connector does: the top-level
// keys into top, the list under "items" entry by entry.
func read(src string, split bool) (top, []entry, error) {
	errs := NewList("f.yaml")
	var t top
	var items []entry
	if d := open([]byte(src), errs, split, &t, "items"); d != nil {
		Each(d, "items", "a list of items", func(e *entry) { items = append(items, *e) })
	}
	return t, items, errs.Err()
}

// TestSplitMatchesWhole: a file cut into chunks reads exactly as the same
// file parsed whole, values, lines and problems alike.
func TestSplitMatchesWhole(t *testing.T) {
	files := map[string]string{
		"block":          "now: 2026-01-01T00:00:00Z\n# a comment\nitems:\n  - key: A-1\n    labels: [x, y]\n    notes:\n      - one\n      - two\n\n  # between entries\n  - key: A-2\n    nested: {title: T}\nrules:\n  no-owner: {grace: 4h}\n",
		"flush list":     "items:\n- key: A-1\n- key: A-2\n  labels: z\nnow: x\n",
		"flow list":      "items: [{key: A-1}, {key: A-2}]\nnow: x\n",
		"crlf":           "now: x\r\nitems:\r\n  - key: A-1\r\n  - key: A-2\r\n",
		"block scalar":   "items:\n  - key: A-1\n    notes:\n      - |\n        line one\n        - not an entry\n  - key: A-2\n",
		"start marker":   "---\nnow: x\nitems:\n  - key: A-1\n",
		"trailing end":   "now: x\n...\n",
		"unknown fields": "now: x\nitem:\n  - key: A\nitems:\n  - key: A-1\n    kee: A-2\n",
		"duplicates":     "now: x\nnow: y\nitems:\n  - key: A-1\n    key: A-2\n",
		"wrong shapes":   "now: [x]\nitems:\n  - key: {a: 1}\n    labels: {a: b}\n  - just a value\n",
		"not a list":     "items:\n  key: A-1\n",
		"empty values":   "now:\nitems:\nrules:\n",
		"quoted key":     "\"now\": x\nitems:\n  - key: A-1\n",
		"anchors":        "org: &o {a: b}\nitems:\n  - &e {key: A-1}\n  - *e\n  - <<: *e\n    labels: l\n",
	}
	for name, src := range files {
		t.Run(name, func(t *testing.T) {
			t1, i1, e1 := read(src, true)
			t2, i2, e2 := read(src, false)
			if fmt.Sprint(e1) != fmt.Sprint(e2) {
				t.Errorf("problems differ:\nsplit: %v\nwhole: %v", e1, e2)
			}
			if !reflect.DeepEqual(t1, t2) || !reflect.DeepEqual(i1, i2) {
				t.Errorf("values differ:\nsplit: %+v %+v\nwhole: %+v %+v", t1, i1, t2, i2)
			}
		})
	}
}

func TestDecodeValues(t *testing.T) {
	tp, items, err := read("now: 2026-01-01T00:00:00Z\nitems:\n  - &e {key: A-1, labels: [x]}\n  - <<: *e\n    key: A-2\nrules:\n  no-owner: {grace: 4h}\n", true)
	if err != nil {
		t.Fatal(err)
	}
	if tp.Now != (Str{V: "2026-01-01T00:00:00Z", Line: 1, Set: true}) {
		t.Errorf("now: %+v", tp.Now)
	}
	if got := tp.Rules.Overrides(); len(got) != 1 || got[0] != (RuleOverride{Rule: "no-owner", Param: "grace", Value: "4h", Line: 7}) {
		t.Errorf("rules: %+v", got)
	}
	if len(items) != 2 || items[0].Key.V != "A-1" || items[1].Key.V != "A-2" || items[1].Labels.V[0].V != "x" {
		t.Errorf("a merge key fills in what the entry does not set: %+v", items)
	}
	if items[1].Key.Line != 5 {
		t.Errorf("lines count from the file, not the chunk: %d", items[1].Key.Line)
	}
}

// TestProblems: every problem names the file, the line and the field, in
// the file's terms, never a Go type.
func TestProblems(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"typo", "now: x\nitems:\n  - key: A\n    labls: [a]\n", "f.yaml:4: items.labls: unknown field; did you mean labels?"},
		{"unknown", "now: x\nwhatever: 1\n", "f.yaml:2: whatever: unknown field (known: now, rules, org, items)"},
		{"list for a value", "now: [x]\n", "f.yaml:1: now: want a single value, found a list"},
		{"mapping for a list", "items:\n  key: A\n", "f.yaml:2: items: want a list of items, found a mapping (key: value lines)"},
		{"value for an entry", "items:\n  - A-1\n", `f.yaml:2: items: want a mapping (key: value lines), found the value "A-1"`},
		{"duplicate", "now: x\nnow: y\n", "f.yaml:2: now: duplicate key (first at line 1)"},
		{"nested duplicate", "items:\n  - key: A\n    key: B\n", "f.yaml:3: items.key: duplicate key (first at line 2)"},
		{"syntax in an entry", "items:\n  - key: A\n  - key: [B\n\n  - key: C\n", "f.yaml:3: items: not valid YAML: did not find expected ',' or ']'"},
		{"second document", "now: x\n---\n# the next\nnow: y\n", "f.yaml:2: a second YAML document starts here; the file holds one document"},
		{"second document, parsed whole", "{now: x}\n---\n{now: y}\n", "f.yaml:2: a second YAML document starts here; the file holds one document"},
		{"document after the end", "now: x\n...\nnow: y\n", "f.yaml:3: a second YAML document starts here"},
		{"top is a list", "- a\n- b\n", "f.yaml:1: want a mapping of sections (key: value lines) at the top, found a list"},
		{"odd key", "now: x\n? [a]\n: b\n", "f.yaml:2: want a name before the colon, found a list"},
		{"long key", "now: x\n" + strings.Repeat("k", 100) + ": 1\n", `f.yaml:2: "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…": unknown field (known: now, rules, org, items)`},
		{"alias bomb", aliasBomb(7), "aliases repeat more values than the file holds"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := read(c.src, true)
			var es *Errors
			if !errors.As(err, &es) {
				t.Fatalf("want *Errors, got %v", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("got\n%v\nwant %q", err, c.want)
			}
			for _, bad := range []string{"unmarshal", "!!", "Go value", "yamlfile.", "reflect"} {
				if strings.Contains(err.Error(), bad) {
					t.Errorf("a message speaks Go (%q): %v", bad, err)
				}
			}
		})
	}
}

// aliasBomb is a list whose last entry, through aliases, holds 10^depth
// values in a few hundred bytes.
func aliasBomb(depth int) string {
	var b strings.Builder
	b.WriteString("items:\n  - &e0 {notes: [x, x, x, x, x, x, x, x, x, x]}\n")
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, "  - &e%d {parts: [%s]}\n", i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*e%d, ", i-1), 10), ", "))
	}
	return b.String()
}

// TestManyProblems: a file of thousands of bad lines gets the first Limit
// problems and a count of the rest, not one line per pair of duplicates.
func TestManyProblems(t *testing.T) {
	src := strings.Repeat("a: b\n", 4000)
	_, _, err := read(src, true)
	var es *Errors
	if !errors.As(err, &es) {
		t.Fatalf("want *Errors, got %v", err)
	}
	if len(es.List) != Limit || es.Len() != 4000 {
		t.Errorf("kept %d of %d problems; want %d of 4000", len(es.List), es.Len(), Limit)
	}
	lines := strings.Split(err.Error(), "\n")
	if last := lines[len(lines)-1]; last != "f.yaml: and 3980 more problems" || len(lines) != Limit+1 {
		t.Errorf("%d lines, the last %q", len(lines), last)
	}
	if es.List[0].Line != 1 || es.List[1].Msg != "duplicate key (first at line 1)" {
		t.Errorf("first problems: %v %v", es.List[0], es.List[1])
	}
}

func TestListKeepsFirstByLine(t *testing.T) {
	l := NewList("f")
	for i := 1000; i > 0; i-- {
		l.Addf(i, "", "p%d", i)
	}
	err := l.Err().(*Errors)
	if err.List[0].Line != 1 || err.List[Limit-1].Line != Limit || err.More != 1000-Limit {
		t.Errorf("kept %v … %v, more %d", err.List[0], err.List[Limit-1], err.More)
	}
	one := NewList("f")
	for range Limit + 1 {
		one.Addf(1, "", "x")
	}
	if got := one.Err().Error(); !strings.HasSuffix(got, "f: and 1 more problem") {
		t.Errorf("singular: %q", got)
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"assignee", "created", "creator", "labels"}
	for in, want := range map[string]string{
		"asignee": "; did you mean assignee?",
		"creater": "; did you mean created or creator?",
		"Labels":  "; did you mean labels?",
		"zzz":     " (known: assignee, created, creator, labels)",
		"lbl":     " (known: assignee, created, creator, labels)",
	} {
		if got := Suggest(in, known); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzOpen: whatever the bytes, reading ends in values or problems that
// name a line, and never panics.
func FuzzOpen(f *testing.F) {
	f.Add([]byte("now: x\nitems:\n  - key: A-1\n    labels: [a]\n"))
	f.Add([]byte("items: [{key: A}]\n---\nx: 1\n"))
	f.Add([]byte("a: &a {b: *a}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _, err := read(string(data), true)
		if err == nil {
			return
		}
		var es *Errors
		if !errors.As(err, &es) || es.Len() == 0 || len(es.List) > Limit {
			t.Fatalf("error of another kind: %v", err)
		}
		for _, e := range es.List {
			if e.Line < 1 {
				t.Fatalf("problem without a line: %v", e)
			}
		}
	})
}
