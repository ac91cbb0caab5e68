package reconcile

import (
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/rules"
)

// Match applies the exact-match rule of scenario files: every expectation
// must be met by a finding of its rule whose items hold its item, and every
// finding must meet some expectation. It returns the expectations no
// finding met and the findings that met none. It indexes both sides, so a
// scenario with many findings and many expectations is matched in time
// linear in their sizes.
func Match(expect []model.Expectation, findings []rules.Finding) (missing []model.Expectation, unexpected []rules.Finding) {
	type ruleItem struct {
		rule string
		item model.ItemID
	}
	anyOf := map[string]bool{}     // rules with an expectation on any deliverable
	wanted := map[ruleItem]bool{}  // expectations on one item
	reported := map[string]bool{}  // rules with a finding
	covered := map[ruleItem]bool{} // (rule, item) for every item of every finding
	for _, e := range expect {
		if e.Item == "" {
			anyOf[e.Rule] = true
		} else {
			wanted[ruleItem{e.Rule, e.Item}] = true
		}
	}
	for _, f := range findings {
		reported[f.Rule] = true
		for _, it := range f.Items {
			covered[ruleItem{f.Rule, it}] = true
		}
	}
	for _, e := range expect {
		if e.Item == "" && !reported[e.Rule] || e.Item != "" && !covered[ruleItem{e.Rule, e.Item}] {
			missing = append(missing, e)
		}
	}
	for _, f := range findings {
		met := anyOf[f.Rule]
		for _, it := range f.Items {
			met = met || wanted[ruleItem{f.Rule, it}]
		}
		if !met {
			unexpected = append(unexpected, f)
		}
	}
	return missing, unexpected
}
