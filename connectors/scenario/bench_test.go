package scenario

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/ownerd/ownerd/connectors/synthetic"
	"github.com/ownerd/ownerd/reconcile"
	"github.com/ownerd/ownerd/rules"
	"github.com/ownerd/ownerd/rules/language"
)

// synthetic writes a generated organisation of n deliverables as a
// scenario file.
func syntheticFile(tb testing.TB, n int) ([]byte, *synthetic.Org) {
	tb.Helper()
	o := synthetic.Generate(n, 1)
	var b bytes.Buffer
	if err := synthetic.WriteScenario(&b, o); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes(), o
}

func findingKeys(fs []rules.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Rule + " " + string(f.Deliverable)
	}
	slices.Sort(out)
	return out
}

// TestSyntheticRoundTrip: a generated organisation written as a scenario
// and read back gives the same findings as the organisation itself, so the
// file the benchmarks load is the organisation the reconcile benchmarks
// measure.
func TestSyntheticRoundTrip(t *testing.T) {
	data, o := syntheticFile(t, 400)
	sc, err := Parse("synthetic.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	want := reconcile.Run(o.Snapshot, o.Org, language.ForOrg(o.Org), rules.DefaultSettings(), o.Now)
	got := reconcile.Run(connectorsSnapshot(sc), sc.Org, language.ForOrg(sc.Org), rules.DefaultSettings(), sc.Now)
	if len(want.Findings) < 50 {
		t.Fatalf("only %d findings: the organisation is too quiet to compare", len(want.Findings))
	}
	if a, b := findingKeys(got.Findings), findingKeys(want.Findings); !slices.Equal(a, b) {
		t.Errorf("findings differ: %d read back, %d generated", len(a), len(b))
	}
}

// BenchmarkParse loads a scenario at two sizes, eight times apart: the
// time and memory per deliverable stay the same (linear), and the README
// quotes the ratio.
func BenchmarkParse(b *testing.B) {
	for _, n := range []int{1000, 8000} {
		data, _ := syntheticFile(b, n)
		b.Run(fmt.Sprintf("deliverables=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse("synthetic.yaml", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
