package reconcile

import (
	"slices"

	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/rules"
)

// Expectation says a finding of Rule should be reported on a deliverable
// holding Item; an empty Item accepts any deliverable.
type Expectation struct {
	Rule string
	Item model.ItemID
}

// Match applies the exact-match rule of scenario files: every expectation
// must be met by a finding of its rule whose items hold its item, and every
// finding must meet some expectation. It returns the expectations no
// finding met and the findings that met none.
func Match(expect []Expectation, findings []rules.Finding) (missing []Expectation, unexpected []rules.Finding) {
	meets := func(e Expectation, f *rules.Finding) bool {
		return e.Rule == f.Rule && (e.Item == "" || slices.Contains(f.Items, e.Item))
	}
	for _, e := range expect {
		if !slices.ContainsFunc(findings, func(f rules.Finding) bool { return meets(e, &f) }) {
			missing = append(missing, e)
		}
	}
	for i := range findings {
		if !slices.ContainsFunc(expect, func(e Expectation) bool { return meets(e, &findings[i]) }) {
			unexpected = append(unexpected, findings[i])
		}
	}
	return missing, unexpected
}
