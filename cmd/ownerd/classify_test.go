package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestClassifyContract(t *testing.T) {
	long := `{"id":"big","text":"` + strings.Repeat("a", maxLine) + `"}`
	in := strings.Join([]string{
		`{"id":"m7","text":"I'll have the revised campaign to you by tomorrow morning.","now":"2026-03-12T14:00:00-04:00","tz":"America/New_York"}`,
		`not json`,
		long,
		`{"id":8,"text":"Thanks, got it!"}`,
		`{"id":"z","text":"x","tz":"Nowhere/Town"}`,
		`{"id":"d","text":"It's out of my hands, sorry."}`,
		`["a list"]`,
		`{"id":"n","text":5}`,
	}, "\n")
	var out strings.Builder
	bad, err := classify(strings.NewReader(in), &out, newReader(), mustTime("2026-04-01T09:00:00Z"), mustLoc("UTC"))
	if err != nil {
		t.Fatal(err)
	}
	if bad != 5 {
		t.Errorf("refused %d lines, want 5", bad)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{
		`{"id":"m7","commitment":true,"due":"2026-03-13T12:00:00-04:00","deflection":false,"request":false,"priority":false,"spans":[`,
		`{"line":2,"error":"not JSON: invalid character`,
		`{"line":3,"error":"line longer than`,
		`{"id":8,"commitment":false,"due":null,"deflection":false,"request":false,"priority":false,"spans":[]}`,
		`{"line":5,"error":"tz \"Nowhere/Town\": unknown time zone"}`,
		`{"id":"d","commitment":false,"due":null,"deflection":true,`,
		`{"line":7,"error":"want a JSON object {\"id\", \"text\", \"now\", \"tz\"}, found an array"}`,
		`{"line":8,"error":"\"text\": want a string, found a number"}`,
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d output lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i := range want {
		if !strings.HasPrefix(lines[i], want[i]) {
			t.Errorf("line %d:\n got %s\nwant %s...", i+1, lines[i], want[i])
		}
		if !json.Valid([]byte(lines[i])) {
			t.Errorf("line %d is not JSON", i+1)
		}
	}
}

func TestClassifyExitStatus(t *testing.T) {
	corpus := filepath.Join(sharedDir(t), "corpus", "language.jsonl")
	data, err := os.ReadFile(corpus)
	if err != nil {
		t.Fatal(err)
	}
	var out, errb strings.Builder
	if code := run(t.Context(), []string{"classify"}, strings.NewReader(string(data)), &out, &errb); code != 0 {
		t.Fatalf("classify on the corpus: exit %d: %s", code, errb.String())
	}
	if n := strings.Count(out.String(), "\n"); n != strings.Count(strings.TrimSpace(string(data)), "\n")+1 {
		t.Errorf("%d output lines for the corpus", n)
	}
	if code := run(t.Context(), []string{"classify"}, strings.NewReader("{\n"), &out, &errb); code != 1 {
		t.Errorf("a bad line: exit %d, want 1", code)
	}
	if code := run(t.Context(), []string{"classify", "--tz", "Nowhere/Town"}, strings.NewReader(""), &out, &errb); code != 2 {
		t.Errorf("a bad flag: exit %d, want 2", code)
	}
}
