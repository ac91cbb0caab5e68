package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ownerd/ownerd/connectors/scenario"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile"
	"github.com/ownerd/ownerd/rules"
)

// report is the JSON object of the check contract (scenario.md).
type report struct {
	Now          time.Time       `json:"now"`
	Deliverables int             `json:"deliverables"`
	Findings     []rules.Finding `json:"findings"`
}

func writeJSON(w io.Writer, res reconcile.Result) error {
	r := report{Now: res.Now.UTC(), Deliverables: len(res.Deliverables), Findings: res.Findings}
	if r.Findings == nil {
		r.Findings = []rules.Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// writeTable prints one line per finding for people, then, when the
// scenario states what it expects, whether the findings meet it exactly.
func writeTable(w io.Writer, res reconcile.Result, sc *scenario.Scenario) error {
	loc := sc.Location
	fmt.Fprintf(w, "%s at %s: %d deliverables, %d findings\n\n", sc.File, res.Now.In(loc).Format("Mon 2006-01-02 15:04 MST"), len(res.Deliverables), len(res.Findings))
	if len(res.Findings) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "RULE\tDELIVERABLE\tTARGET\tOWNERS\tAGE\tSUMMARY")
		for _, f := range res.Findings {
			owners := "-"
			if len(f.Owners) > 0 {
				parts := make([]string, len(f.Owners))
				for i, o := range f.Owners {
					parts[i] = string(o)
				}
				owners = strings.Join(parts, ",")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", f.Rule, f.Deliverable, f.Target, owners, rules.Age(res.Now.Sub(f.Since)), f.Summary)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if !sc.HasExpect {
		return nil
	}
	exp := make([]model.Expectation, len(sc.Expect))
	for i, e := range sc.Expect {
		exp[i] = model.Expectation{Rule: e.Rule, Item: res.Canonical(e.Item)}
	}
	missing, unexpected := reconcile.Match(exp, res.Findings)
	fmt.Fprintln(w)
	if len(missing) == 0 && len(unexpected) == 0 {
		_, err := fmt.Fprintf(w, "expect: all %d met, nothing else reported\n", len(exp))
		return err
	}
	for _, e := range missing {
		fmt.Fprintf(w, "expect: missing %s on %s\n", e.Rule, orAny(string(e.Item)))
	}
	for _, f := range unexpected {
		fmt.Fprintf(w, "expect: not expected %s on %s\n", f.Rule, f.Deliverable)
	}
	return nil
}

func orAny(s string) string {
	if s == "" {
		return "any deliverable"
	}
	return s
}
