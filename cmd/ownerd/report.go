package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/ownerd/ownerd/connectors/scenario"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile"
	"github.com/ownerd/ownerd/rules"
)

// writeJSON prints the JSON object of the check contract (scenario.md):
// {"now", "deliverables", "findings"}, laid out as json.MarshalIndent
// would. Findings are encoded one at a time, so that a large
// organisation's report is never held whole in memory.
func writeJSON(out io.Writer, res reconcile.Result) error {
	w := bufio.NewWriter(out)
	now, _ := json.Marshal(res.Now.UTC())
	fmt.Fprintf(w, "{\n  \"now\": %s,\n  \"deliverables\": %d,\n  \"findings\": [", now, len(res.Deliverables))
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	for i := range res.Findings {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString("\n    ")
		buf.Reset()
		if err := enc.Encode(&res.Findings[i]); err != nil {
			return err
		}
		w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	if len(res.Findings) > 0 {
		w.WriteString("\n  ")
	}
	w.WriteString("]\n}\n")
	return w.Flush()
}

// tableWidth is the width the table fits: the terminal's when output goes
// to one, else $COLUMNS, else 120.
func tableWidth(out io.Writer) int {
	if f, ok := out.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w >= 60 {
			return w
		}
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n >= 60 {
		return n
	}
	return 120
}

// writeTable prints the findings for people: one row each, the summary
// last and wrapped to the width, then whether the scenario's expect: list
// is met.
func writeTable(out io.Writer, res reconcile.Result, sc *scenario.Scenario, width int) error {
	w := bufio.NewWriter(out)
	loc := sc.Location
	fmt.Fprintf(w, "%s at %s: %s, %s\n\n", sc.File, res.Now.In(loc).Format("Mon 2006-01-02 15:04 MST"),
		plural(len(res.Deliverables), "deliverable", "deliverables"), plural(len(res.Findings), "gap found", "gaps found"))
	if len(res.Findings) == 0 {
		fmt.Fprintln(w, "No gaps: every client-facing deliverable has its owner, and nothing has slipped.")
	} else {
		writeRows(w, res, loc, width)
	}
	if sc.HasExpect {
		writeExpect(w, res, sc)
	}
	return w.Flush()
}

// The caps on the narrow columns: a long name is cut, never the summary.
const (
	maxDeliverable = 30
	maxOwners      = 20
)

func writeRows(w *bufio.Writer, res reconcile.Result, loc *time.Location, width int) {
	byKey := make(map[model.ItemID]*rules.Deliverable, len(res.Deliverables))
	items := map[model.ItemID]*model.Item{}
	for _, d := range res.Deliverables {
		byKey[d.Key] = d
	}
	rows := make([][4]string, len(res.Findings))
	widths := [4]int{len("RULE"), len("DELIVERABLE"), len("OWNERS"), len("OPEN FOR")}
	for i, f := range res.Findings {
		d := byKey[f.Deliverable]
		if d != nil {
			clear(items)
			for _, it := range d.Items {
				items[it.ID] = it
			}
		}
		// A name is cut to its column, never the date of a thread or the
		// ticket after the arrow.
		name := itemName(items[f.Deliverable], f.Deliverable, loc)
		if f.Target != f.Deliverable && f.Target != "" {
			name += " → " + cut(itemName(items[f.Target], f.Target, loc), maxDeliverable)
		}
		owners := "-"
		if len(f.Owners) > 0 && d != nil {
			names := make([]string, len(f.Owners))
			for j, o := range f.Owners {
				names[j] = d.Who(o)
			}
			owners = strings.Join(names, ", ")
		}
		rows[i] = [4]string{f.Rule, name, cut(owners, maxOwners), rules.Age(res.Now.Sub(f.Since))}
		for c, v := range rows[i] {
			widths[c] = max(widths[c], utf8.RuneCountInString(v))
		}
	}
	const gap = 2
	indent := 0
	for _, wd := range widths {
		indent += wd + gap
	}
	summaryWidth := max(width-indent, 30)
	pad := func(cols [4]string) {
		for c, v := range cols {
			w.WriteString(v)
			w.WriteString(strings.Repeat(" ", widths[c]-utf8.RuneCountInString(v)+gap))
		}
	}
	pad([4]string{"RULE", "DELIVERABLE", "OWNERS", "OPEN FOR"})
	w.WriteString("SUMMARY\n")
	for i, f := range res.Findings {
		pad(rows[i])
		for j, line := range wrap(f.Summary, summaryWidth) {
			if j > 0 {
				w.WriteString(strings.Repeat(" ", indent))
			}
			w.WriteString(line)
			w.WriteByte('\n')
		}
	}
	fmt.Fprintln(w, "\nOPEN FOR counts from the moment each gap began: the hand-off, the missed date, the last activity.")
}

// itemName names an item for the table: "WEB-12", "agency/site#42", or a
// mail thread by its subject and the date it began.
func itemName(it *model.Item, id model.ItemID, loc *time.Location) string {
	if it == nil {
		return string(id)
	}
	if it.System != model.Mail {
		return cut(rules.Short(it), maxDeliverable)
	}
	subject := it.Title
	if subject == "" {
		subject = "(no subject)"
	}
	return fmt.Sprintf("%q %s", cut(subject, maxDeliverable-9), it.Created.In(loc).Format("Jan 2"))
}

// cut shortens s to n characters, marking the cut.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// wrap breaks text into lines of at most width characters, at spaces; a
// word longer than the width stands alone on its line, and an age ("1d
// 16h") is never broken.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	// Join each age ("1d 16h") into one word, in one pass.
	var words []string
	for _, w := range strings.Fields(text) {
		if n := len(words); n > 0 && isAgePart(words[n-1], 'd') && isAgePart(strings.TrimRight(w, ".,;"), 'h') {
			words[n-1] += " " + w
			continue
		}
		words = append(words, w)
	}
	for _, word := range words {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
}

// isAgePart reports a number followed by unit: "16h", "3d".
func isAgePart(w string, unit byte) bool {
	if len(w) < 2 || w[len(w)-1] != unit {
		return false
	}
	_, err := strconv.Atoi(w[:len(w)-1])
	return err == nil
}

// writeExpect says whether the findings meet the scenario's expect: list
// exactly (scenario.md), and where they do not.
func writeExpect(w *bufio.Writer, res reconcile.Result, sc *scenario.Scenario) {
	missing, unexpected := expectMismatch(res, sc)
	w.WriteByte('\n')
	met := len(sc.Expect) - len(missing)
	if len(missing) == 0 && len(unexpected) == 0 {
		fmt.Fprintf(w, "expect: all %d met, nothing else reported\n", len(sc.Expect))
		return
	}
	fmt.Fprintf(w, "expect: NOT MET: %d of %d expected gaps found", met, len(sc.Expect))
	if len(unexpected) > 0 {
		fmt.Fprintf(w, ", %s the scenario does not expect", plural(len(unexpected), "gap", "gaps"))
	}
	w.WriteString("\n")
	const most = 20 // like the problems of a file: the first 20, then a count
	if n := len(missing) + len(unexpected); n > most {
		defer fmt.Fprintf(w, "  and %d more\n", n-most)
		if len(missing) > most {
			missing, unexpected = missing[:most], nil
		} else {
			unexpected = unexpected[:most-len(missing)]
		}
	}
	for _, e := range missing {
		on := "any deliverable"
		if e.Item != "" {
			on = string(e.Item)
		}
		fmt.Fprintf(w, "  missing     %s on %s (%s:%d): expected, not reported\n", e.Rule, on, sc.File, e.Line)
	}
	for _, f := range unexpected {
		fmt.Fprintf(w, "  unexpected  %s on %s: reported, not in expect:\n", f.Rule, f.Deliverable)
	}
}

// expectMismatch applies scenario.md's exact-match rule to a result.
func expectMismatch(res reconcile.Result, sc *scenario.Scenario) ([]model.Expectation, []rules.Finding) {
	canonical := res.Canonicals()
	exp := make([]model.Expectation, len(sc.Expect))
	for i, e := range sc.Expect {
		exp[i] = e
		exp[i].Item = canonical(e.Item)
	}
	return reconcile.Match(exp, res.Findings)
}
