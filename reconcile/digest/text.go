package digest

import (
	"fmt"
	"strings"

	"github.com/ownerd/ownerd/reconcile/notify"
)

// Text is the digest as plain text.
func (d Digest) Text() string {
	var b strings.Builder
	loc := d.Location
	fmt.Fprintf(&b, "Ownership digest — %s, %s\n", d.Team, d.At.In(loc).Format("Mon Jan 2, 15:04 MST"))
	if d.Lead != nil {
		fmt.Fprintf(&b, "For %s, lead of %s.\n", d.Lead.Name, d.Team)
	}
	fmt.Fprintf(&b, "%s open", plural(d.Count, "gap", "gaps"))
	if !d.From.IsZero() {
		fmt.Fprintf(&b, "; since %s: %d new, %d resolved", d.From.In(loc).Format("Mon Jan 2, 15:04"), len(d.Opened), len(d.Resolved))
	}
	b.WriteString(".\n")
	if d.Count == 0 {
		b.WriteString("\nNo open gaps: every deliverable of the team has one owner and kept promises.\n")
	}
	opened := map[string]bool{}
	for _, e := range d.Opened {
		opened[e.Rule+" "+e.Deliverable] = true
	}
	for _, g := range d.Open {
		fmt.Fprintf(&b, "\n%s\n", strings.ToUpper(g.Habit))
		for _, r := range g.Rules {
			fmt.Fprintf(&b, "\n  %s (%s)\n", strings.TrimSuffix(notify.Heading(r.Rule), "."), r.Rule)
			for _, e := range r.Entries {
				owners := "no owner"
				if len(e.Owners) > 0 {
					owners = "owner " + strings.Join(e.Owners, ", ")
					if len(e.Owners) > 1 {
						owners = "owners " + strings.Join(e.Owners, ", ")
					}
				}
				isNew := ""
				if opened[e.Rule+" "+e.Deliverable] {
					isNew = " [new]"
				}
				fmt.Fprintf(&b, "  - %s — %s — open %s%s\n", e.Deliverable, owners, e.Age, isNew)
				fmt.Fprintf(&b, "    %s\n", e.Summary)
				if e.Evidence != "" {
					fmt.Fprintf(&b, "    Evidence: %s\n", e.Evidence)
				}
				fmt.Fprintf(&b, "    Links: %s\n", linksText(e.Links))
			}
		}
	}
	if len(d.Resolved) > 0 {
		b.WriteString("\nRESOLVED SINCE THE LAST DIGEST\n")
		for _, e := range d.Resolved {
			fmt.Fprintf(&b, "  - %s on %s — open %s, resolved %s\n", e.Rule, e.Deliverable, e.Age, e.Resolved.In(loc).Format("Mon Jan 2 15:04"))
		}
	}
	fmt.Fprintf(&b, "\n-- \nownerd · the daily digest of %s; each gap on a ticket also has ownerd's comment there.\n", d.Team)
	return b.String()
}

func linksText(links []Link) string {
	parts := make([]string, len(links))
	for i, l := range links {
		parts[i] = l.Name
		if l.URL != "" {
			parts[i] += " <" + l.URL + ">"
		}
	}
	return strings.Join(parts, ", ")
}
