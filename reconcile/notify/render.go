package notify

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/reconcile/store"
	"github.com/ownerd/ownerd/rules"
)

// Dialect is how a system formats a comment.
type Dialect struct {
	Bold  func(string) string
	Small func(string) string
	// Text makes people's words (titles, quotes, summaries that hold
	// them) safe to write: they can mention, link and format nothing.
	Text func(string) string
}

// Ticket is what one comment covers: the open gaps written on one ticket
// and the deliverable they belong to.
type Ticket struct {
	ID model.ItemID
	// Deliverable is the deliverable the gaps are on; nil once it is gone.
	Deliverable *rules.Deliverable
	// Gaps are the open gaps on the ticket.
	Gaps []store.Gap
}

// Writer renders comments for one system.
type Writer struct {
	Org     *model.Org
	Dialect Dialect
	// Mention names a person so that the system notifies them.
	Mention func(p *model.Person) string
}

// NewWriter returns the writer of a notifier's comments.
func NewWriter(ctx context.Context, org *model.Org, n Notifier) Writer {
	return Writer{Org: org, Dialect: n.Dialect(), Mention: func(p *model.Person) string { return n.Mention(ctx, p) }}
}

// maxQuote bounds a quoted text (comments.md).
const maxQuote = 200

// headings name each rule's gap for people, in a few words.
var headings = map[string]string{
	"no-owner":          "Nobody owns the outcome.",
	"split-owner":       "More than one owner.",
	"silent-handoff":    "Handed off, not picked up.",
	"idle-owner":        "The owner has gone quiet.",
	"untracked-request": "A client request is not on a ticket.",
	"broken-promise":    "A promise to the client has passed.",
	"slipped-deadline":  "The date slipped.",
	"idle-priority":     "A priority is waiting.",
	"deflection":        "The client was told it is someone else's.",
}

// Heading names a rule's gap for people, in a few words.
func Heading(rule string) string {
	if h := headings[rule]; h != "" {
		return h
	}
	return rule + "."
}

// Body renders ownerd's comment on a ticket at now: a heading naming the
// deliverable, one block per open gap (oldest first), and a footer.
func (w Writer) Body(t Ticket, now time.Time) string {
	var b strings.Builder
	d := w.Dialect
	fmt.Fprintf(&b, "%s\n", d.Bold("Ownership check — "+w.title(t)))
	mentioned := map[model.PersonID]bool{}
	var ruleNames []string
	for _, g := range oldestFirst(t.Gaps) {
		f := g.Finding
		ruleNames = append(ruleNames, f.Rule)
		heading := Heading(f.Rule)
		fmt.Fprintf(&b, "\n%s %s Open since %s.\n", d.Bold(heading), d.Text(f.Summary), w.when(f.Since, now))
		for i, e := range f.Evidence {
			if i == 2 {
				break
			}
			fmt.Fprintf(&b, "%s\n", d.Small(w.evidence(t, e)))
		}
		to, also := Addressees(f, t.Deliverable, w.Org)
		line := "→ "
		for i, p := range to {
			if i > 0 {
				line += ", "
			}
			line += w.name(p, mentioned)
		}
		if len(to) > 0 {
			line += ": "
		}
		line += NextStep(f.Rule, now.In(w.loc()))
		for _, p := range also {
			line += " (" + handedBy + " " + w.name(p, mentioned) + ")"
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n" + d.Small(fmt.Sprintf("ownerd · %s · linked: %s · updated %s", strings.Join(ruleNames, ", "), w.linked(t), w.stamp(now))))
	return b.String()
}

const handedBy = "handed on by"

// Reminder is the short reply that goes with a reminder: it mentions the
// people to act.
func (w Writer) Reminder(t Ticket, now time.Time) string {
	mentioned := map[model.PersonID]bool{}
	var names []string
	for _, g := range oldestFirst(t.Gaps) {
		to, _ := Addressees(g.Finding, t.Deliverable, w.Org)
		for _, p := range to {
			if !mentioned[p] {
				names = append(names, w.name(p, mentioned))
			}
		}
	}
	oldest := now
	for _, g := range t.Gaps {
		if g.Finding.Since.Before(oldest) {
			oldest = g.Finding.Since
		}
	}
	who := "Reminder"
	if len(names) > 0 {
		who = strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s: the ownership check above is still open (%s). Its next steps say who does what.", who, rules.Age(now.Sub(oldest)))
}

// Resolved renders the comment once no gap is left on the ticket: one
// line, with when and why — the gaps that closed, and those now followed
// on another ticket (moved: rule → ticket), which are not called clear.
func (w Writer) Resolved(t Ticket, closed []string, moved map[string]model.ItemID, at time.Time) string {
	var why []string
	if len(closed) > 0 {
		why = append(why, "resolved: "+strings.Join(closed, ", "))
	}
	rules := make([]string, 0, len(moved))
	for r := range moved {
		rules = append(rules, r)
	}
	slices.Sort(rules)
	for _, r := range rules {
		why = append(why, r+" is followed on "+w.Dialect.Text(short(moved[r]))+" now")
	}
	if len(why) == 0 {
		why = append(why, "no gap remains")
	}
	head := w.Dialect.Bold("Ownership check — " + w.title(t) + ":")
	if len(closed) == 0 && len(moved) > 0 {
		return fmt.Sprintf("%s nothing left here since %s (%s).", head, w.stamp(at), strings.Join(why, "; "))
	}
	return fmt.Sprintf("%s all clear since %s (%s).", head, w.stamp(at), strings.Join(why, "; "))
}

func (w Writer) loc() *time.Location {
	if w.Org != nil && w.Org.Location != nil {
		return w.Org.Location
	}
	return time.UTC
}

// stamp writes a moment in the organisation's zone: "Wed May 6, 16:20 EDT".
func (w Writer) stamp(t time.Time) string { return t.In(w.loc()).Format("Mon Jan 2, 15:04 MST") }

// when writes a moment with its age: "Wed May 6, 16:20 EDT — 7 days ago".
func (w Writer) when(t, now time.Time) string {
	return w.stamp(t) + " — " + ago(now.Sub(t))
}

func ago(d time.Duration) string {
	switch days := int(d / (24 * time.Hour)); {
	case d < time.Minute:
		return "just now"
	case days == 1:
		return "1 day ago"
	case days > 1:
		return fmt.Sprintf("%d days ago", days)
	}
	return rules.Age(d) + " ago"
}

// title names the deliverable: its key ticket and title.
func (w Writer) title(t Ticket) string {
	id := t.ID
	var it *model.Item
	if t.Deliverable != nil {
		id = t.Deliverable.Key
		it = t.Deliverable.Item(id)
	}
	if it == nil {
		return w.Dialect.Text(short(id))
	}
	return w.Dialect.Text(fmt.Sprintf("%s %q", itemName(it, w.loc()), it.Title))
}

func short(id model.ItemID) string {
	_, rest, _ := strings.Cut(string(id), ":")
	return rest
}

func itemName(it *model.Item, loc *time.Location) string {
	if it.System == model.Mail {
		return fmt.Sprintf("mail %q (%s)", it.Title, it.Created.In(loc).Format("Jan 2"))
	}
	return rules.Short(it)
}

// linked names every item of the deliverable.
func (w Writer) linked(t Ticket) string {
	if t.Deliverable == nil {
		return w.Dialect.Text(short(t.ID))
	}
	var names []string
	for _, it := range t.Deliverable.Items {
		names = append(names, itemName(it, w.loc()))
	}
	return w.Dialect.Text(strings.Join(names, ", "))
}

// evidence writes one fact: when, who, where and what, its quote cut to
// maxQuote characters and neutralised.
func (w Writer) evidence(t Ticket, e rules.Evidence) string {
	where := short(e.Item)
	if t.Deliverable != nil {
		if it := t.Deliverable.Item(e.Item); it != nil {
			where = itemName(it, w.loc())
		}
	}
	text := e.Text
	if utf8.RuneCountInString(text) > maxQuote {
		text = string([]rune(text)[:maxQuote]) + "…"
	}
	who := ""
	if e.By != "" {
		who = w.display(e.By) + " on "
	}
	return w.Dialect.Text(fmt.Sprintf("%s · %s%s: %s", e.At.In(w.loc()).Format("Mon Jan 2, 15:04"), who, where, text))
}

// display is a person's name for people.
func (w Writer) display(p model.PersonID) string {
	if person := w.Org.Person(p); person != nil && person.Name != "" {
		return person.Name
	}
	return string(p)
}

// name writes a person: mentioned the first time, by name after.
func (w Writer) name(p model.PersonID, mentioned map[model.PersonID]bool) string {
	person := w.Org.Person(p)
	if person != nil && !mentioned[p] && w.Mention != nil {
		if m := w.Mention(person); m != "" {
			mentioned[p] = true
			return m
		}
	}
	return w.Dialect.Text(w.display(p))
}

func oldestFirst(gaps []store.Gap) []store.Gap {
	out := append([]store.Gap(nil), gaps...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Finding.Since.Before(out[j-1].Finding.Since); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// NextStep is the rule's next step (comments.md), in words: commands in
// comments are offered only once ownerd reads them. For a deflection it
// offers the better reply, with a time that fits the working day.
func NextStep(rule string, now time.Time) string {
	switch rule {
	case "no-owner":
		return "who owns the outcome? Assign one person."
	case "split-owner":
		return "choose one owner of the outcome; the others help."
	case "silent-handoff":
		return "acknowledge it with a comment, or hand it back."
	case "idle-owner":
		return "post where it stands, or hand it on."
	case "untracked-request":
		return "reply to the client, and track the request on a ticket."
	case "broken-promise":
		return "tell the client where it stands and give a new date you can keep."
	case "slipped-deadline":
		return "agree a date with the owner before the client hears another one."
	case "idle-priority":
		return "either act on it, or say it is no longer a priority."
	case "deflection":
		return "follow up with the client with your next step and a time — for example: «Let me check and get back to you by " + backBy(now) + ".»"
	}
	return "look into it."
}

// backBy is a time to promise an answer by: two hours on, on the hour,
// within the working day (9 to 18), else tomorrow at 10am.
func backBy(now time.Time) string {
	t := now.Add(2 * time.Hour).Truncate(time.Hour)
	if t.Before(now.Add(2 * time.Hour)) {
		t = t.Add(time.Hour)
	}
	if t.Hour() < 18 && t.Hour() >= 9 && t.YearDay() == now.YearDay() {
		return strings.ToLower(t.Format("3pm")) + " today"
	}
	return "10am tomorrow"
}
