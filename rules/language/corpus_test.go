package language

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// labelled is one line of a labelled JSONL set (corpus/language.jsonl and
// testdata/labelled.jsonl share the shape).
type labelled struct {
	ID         string  `json:"id"`
	Text       string  `json:"text"`
	Now        string  `json:"now"`
	TZ         string  `json:"tz"`
	Commitment bool    `json:"commitment"`
	DueDate    *string `json:"due_date"`
	Due        *string `json:"due"` // exact RFC3339 due, checked when present
	Deflection bool    `json:"deflection"`
	Request    bool    `json:"request"`
	Priority   bool    `json:"priority"`
}

// sharedDir finds the shared folder (the product's contract and worked
// examples, kept beside the repository): $OWNERD_SHARED, else ../shared.
// Without it the test fails, saying how to point at it: a skip would let
// `go test ./...` print ok for tests that never ran. OWNERD_SHARED=skip
// skips them on purpose.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("OWNERD_SHARED")
	if dir == "skip" {
		t.Skip("OWNERD_SHARED=skip: the tests against the shared contract do not run")
	}
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	if _, err := os.Stat(filepath.Join(dir, "corpus", "language.jsonl")); err != nil {
		t.Fatalf("the shared folder (the product's contract, beside this repository) is not at %s: set OWNERD_SHARED to it, or OWNERD_SHARED=skip to leave these tests out: %v", dir, err)
	}
	return dir
}

func readLabelled(t *testing.T, path string) []labelled {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open labelled set: %v", err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var l labelled
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%s line %d: %v", path, n, err)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return out
}

// counts is a confusion count for one label.
type counts struct{ tp, fp, fn int }

func (c counts) f1() (p, r, f float64) {
	p, r = 1, 1
	if c.tp+c.fp > 0 {
		p = float64(c.tp) / float64(c.tp+c.fp)
	}
	if c.tp+c.fn > 0 {
		r = float64(c.tp) / float64(c.tp+c.fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func (c *counts) add(got, want bool) {
	switch {
	case got && want:
		c.tp++
	case got:
		c.fp++
	case want:
		c.fn++
	}
}

// evaluate reads every example, logs per-label precision, recall and F1 and
// due accuracy, and fails below min: on every label and the due time, or
// on the labels named in hold only.
func evaluate(t *testing.T, set []labelled, min float64, hold ...string) {
	t.Helper()
	r := New()
	labels := []string{"commitment", "deflection", "request", "priority"}
	cnt := map[string]*counts{}
	for _, l := range labels {
		cnt[l] = &counts{}
	}
	dueOK := 0
	for _, ex := range set {
		loc, err := time.LoadLocation(ex.TZ)
		if err != nil {
			t.Fatalf("%s: tz %q: %v", ex.ID, ex.TZ, err)
		}
		now, err := time.Parse(time.RFC3339, ex.Now)
		if err != nil {
			t.Fatalf("%s: now %q: %v", ex.ID, ex.Now, err)
		}
		got := r.Read(ex.Text, now.In(loc))
		cnt["commitment"].add(got.Commitment, ex.Commitment)
		cnt["deflection"].add(got.Deflection, ex.Deflection)
		cnt["request"].add(got.Request, ex.Request)
		cnt["priority"].add(got.Priority, ex.Priority)
		for _, c := range []struct {
			name      string
			got, want bool
		}{{"commitment", got.Commitment, ex.Commitment}, {"deflection", got.Deflection, ex.Deflection},
			{"request", got.Request, ex.Request}, {"priority", got.Priority, ex.Priority}} {
			if c.got != c.want {
				t.Logf("%s: %s = %v, want %v: %q", ex.ID, c.name, c.got, c.want, ex.Text)
			}
		}
		gotDate := ""
		if !got.Due.IsZero() {
			gotDate = got.Due.In(loc).Format(time.DateOnly)
		}
		wantDate := ""
		if ex.DueDate != nil {
			wantDate = *ex.DueDate
		}
		ok := gotDate == wantDate
		if ok && ex.Due != nil {
			want, err := time.Parse(time.RFC3339, *ex.Due)
			if err != nil {
				t.Fatalf("%s: due %q: %v", ex.ID, *ex.Due, err)
			}
			ok = got.Due.Equal(want)
			if !ok {
				t.Logf("%s: due = %s, want %s: %q", ex.ID, got.Due.Format(time.RFC3339), *ex.Due, ex.Text)
			}
		} else if !ok {
			t.Logf("%s: due date = %q, want %q: %q", ex.ID, gotDate, wantDate, ex.Text)
		}
		if ok {
			dueOK++
		}
	}
	for _, l := range labels {
		p, rc, f := cnt[l].f1()
		t.Logf("%-10s precision %.3f recall %.3f F1 %.3f (tp %d fp %d fn %d)", l, p, rc, f, cnt[l].tp, cnt[l].fp, cnt[l].fn)
		if f < min && (len(hold) == 0 || slices.Contains(hold, l)) {
			t.Errorf("%s F1 %.3f below %.2f", l, f, min)
		}
		if l == "deflection" && slices.Contains(hold, l) && p < min {
			t.Errorf("deflection precision %.3f below %.2f", p, min)
		}
	}
	acc := float64(dueOK) / float64(len(set))
	t.Logf("due accuracy %.3f (%d/%d)", acc, dueOK, len(set))
	if acc < min && len(hold) == 0 {
		t.Errorf("due accuracy %.3f below %.2f", acc, min)
	}
}

func TestCorpus(t *testing.T) {
	dir := sharedDir(t)
	evaluate(t, readLabelled(t, filepath.Join(dir, "corpus", "language.jsonl")), 0.95)
}

// TestLabelledSets measures the reader on the project's own labelled sets,
// each failing below 0.95 per label and on due accuracy:
//   - labelled.jsonl: development examples, every row of the due table,
//     DST changes, year ends, each exclusion of classify.md;
//   - heldout.jsonl and blind.jsonl … blind5.jsonl: sets written to the
//     contract before the implementation was read (other writers, quoted
//     history, signatures, typos; blind3 and blind5 weighted to
//     deflections and their near-misses, blind4 to the decided policies:
//     the latest of several times, auto-replies, settled deflections,
//     reported or past priority; nearmiss, written blind for precision:
//     messages that look like a label and are not, with ~20% true
//     positives). Their figures before the fixes they led
//     to are in the README: the honest measure for unseen text.
func TestLabelledSets(t *testing.T) {
	for _, name := range []string{"labelled", "heldout", "blind", "blind2", "blind3", "blind4", "blind5", "nearmiss"} {
		t.Run(name, func(t *testing.T) {
			evaluate(t, readLabelled(t, filepath.Join("testdata", name+".jsonl")), 0.95)
		})
	}
}

// TestDeflectionGrammar holds the deflection grammar to the sets written
// for it (README, "How well it reads"), each written blind by someone who
// had not read the reader and measured before the changes it led to:
// blind6 (deflection F1 0.214 before the grammar), blind7 (0.510 with its
// first version). Deflection F1 and precision must stay at 0.95 or more.
// Their other labels are logged, not held: the sets were written to test
// deflection, and their request labels include judgement calls ("Kindly
// contact the customs broker" labelled no request) that the reader's
// long-standing policy reads the other way.
func TestDeflectionGrammar(t *testing.T) {
	for _, name := range []string{"blind6", "blind7"} {
		t.Run(name, func(t *testing.T) {
			evaluate(t, readLabelled(t, filepath.Join("testdata", name+".jsonl")), 0.95, "deflection")
		})
	}
}

// TestDeflectionUnseen holds the reader on blind8, the set no rule, no
// threshold and no weight was taken from (README, "Deflection"), to
// where it stands: a regression guard, below the 0.95 the work aimed at.
func TestDeflectionUnseen(t *testing.T) {
	set := readLabelled(t, filepath.Join("testdata", "blind8.jsonl"))
	r := New()
	var c counts
	for _, ex := range set {
		c.add(r.Read(ex.Text, zeroTime).Deflection, ex.Deflection)
	}
	p, rc, f := c.f1()
	t.Logf("blind8 deflection precision %.3f recall %.3f F1 %.3f", p, rc, f)
	if p < 0.93 || f < 0.78 {
		t.Errorf("blind8 deflection precision %.3f, F1 %.3f: below 0.93 and 0.78", p, f)
	}
}

// TestDeflectionLookalikes: nearmiss2.jsonl, 66 messages a reviewer wrote
// to trip the grammar and the model (praise, delegation, scheduling,
// facts of who keeps what, past events, redirects the speaker follows
// through), none a deflection. At most 3 may read as one.
func TestDeflectionLookalikes(t *testing.T) {
	r := New()
	n := 0
	set := readLabelled(t, filepath.Join("testdata", "nearmiss2.jsonl"))
	for _, ex := range set {
		if r.Read(ex.Text, zeroTime).Deflection {
			n++
			t.Logf("reads as a deflection: %q", ex.Text)
		}
	}
	t.Logf("%d of %d look-alikes read as deflections", n, len(set))
	if n > 3 {
		t.Errorf("%d of %d look-alikes read as deflections, at most 3 may", n, len(set))
	}
}
