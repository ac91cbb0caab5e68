// Package reconcile turns what the connectors read into deliverables and
// evaluates the rules on them. It is level-triggered, like a controller's
// reconciler: every run computes the findings afresh from the current state,
// never from the event that woke it.
//
// A run threads mail messages (by In-Reply-To and References only), links
// items that mention each other (Jira keys, GitHub references, pull request
// head branches), keeps the connected components that hold a client-facing
// item, reads every text once through a rules.Reader, and hands each
// deliverable to rules.Evaluate.
package reconcile

import (
	"context"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ownerd/ownerd/connectors"
	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/rules"
)

// Result is one reconcile run's outcome.
type Result struct {
	Now          time.Time
	Deliverables []*rules.Deliverable
	Findings     []rules.Finding
}

// Run builds the deliverables of a snapshot and evaluates every rule on
// them at now.
func Run(snap connectors.Snapshot, org *model.Org, reader rules.Reader, settings rules.Settings, now time.Time) Result {
	res, _ := RunContext(context.Background(), snap, org, reader, settings, now)
	return res
}

// RunContext is Run that gives up when ctx ends, returning its error: a
// long build of a large organisation does not hold up a shutdown. It
// stays free of I/O; ctx is only looked at between deliverables.
func RunContext(ctx context.Context, snap connectors.Snapshot, org *model.Org, reader rules.Reader, settings rules.Settings, now time.Time) (Result, error) {
	ds := build(ctx, snap, org, reader)
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	fs := evaluate(ctx, ds, settings, now)
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	return Result{Now: now, Deliverables: ds, Findings: fs}, nil
}

// checkEvery is how many deliverables are handled between two looks at
// the context.
const checkEvery = 64

// Evaluate runs the rules on every deliverable and returns the findings in
// the order of the deliverables (Build sorts them by key), then of the rule
// table. Rules are pure, so the deliverables are shared out among the CPUs.
func Evaluate(ds []*rules.Deliverable, settings rules.Settings, now time.Time) []rules.Finding {
	return evaluate(context.Background(), ds, settings, now)
}

func evaluate(ctx context.Context, ds []*rules.Deliverable, settings rules.Settings, now time.Time) []rules.Finding {
	parts := make([][]rules.Finding, workers(len(ds)))
	parallel(len(ds), len(parts), func(part, from, to int) {
		var out []rules.Finding
		for i, d := range ds[from:to] {
			if i%checkEvery == 0 && ctx.Err() != nil {
				return
			}
			out = append(out, rules.Evaluate(d, settings, now)...)
		}
		parts[part] = out
	})
	return slices.Concat(parts...)
}

// workers is how many goroutines share n pieces of work: one per CPU, and
// none for tiny inputs, where starting them costs more than it saves.
func workers(n int) int {
	if n < 256 {
		return 1
	}
	return min(runtime.GOMAXPROCS(0), n/128)
}

// parallel calls fn(part, from, to) on parts contiguous slices of [0, n)
// and waits for all of them.
func parallel(n, parts int, fn func(part, from, to int)) {
	if parts <= 1 {
		fn(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for p := range parts {
		from, to := n*p/parts, n*(p+1)/parts
		wg.Go(func() { fn(p, from, to) })
	}
	wg.Wait()
}

// Build threads, links and reads a snapshot into deliverables, sorted by
// key.
func Build(snap connectors.Snapshot, org *model.Org, reader rules.Reader) []*rules.Deliverable {
	return build(context.Background(), snap, org, reader)
}

func build(ctx context.Context, snap connectors.Snapshot, org *model.Org, reader rules.Reader) []*rules.Deliverable {
	items := make([]*model.Item, 0, len(snap.Items)+len(snap.Messages)/2)
	items = append(items, snap.Items...)
	items = append(items, Threads(snap.Messages)...)

	comps := components(items)
	loc := org.Location
	// Components are independent: read and build them on every CPU.
	built := make([]*rules.Deliverable, len(comps))
	parallel(len(comps), workers(len(comps)), func(_, from, to int) {
		for c, comp := range comps[from:to] {
			if c%checkEvery == 0 && ctx.Err() != nil {
				return
			}
			var key *model.Item
			for _, it := range comp {
				if !org.IsClientFacing(it) {
					continue
				}
				if key == nil || it.Created.Before(key.Created) || it.Created.Equal(key.Created) && it.ID < key.ID {
					key = it
				}
			}
			if key == nil {
				continue
			}
			texts := rules.Texts(comp)
			for i := range texts {
				texts[i].Reading = reader.Read(texts[i].Body, sentIn(texts[i].At, loc))
			}
			built[from+c] = rules.NewDeliverable(key.ID, comp, org, texts)
		}
	})
	out := slices.DeleteFunc(built, func(d *rules.Deliverable) bool { return d == nil })
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// sentIn is the moment a text was written, in the zone its relative words
// ("tomorrow morning") are read in: the organisation's, which knows its
// daylight-saving rules, unless the text's own time carries a different,
// non-zero UTC offset (a mail Date header written elsewhere), which then is
// the message's zone. A time written in UTC ("Z") names no zone of its own.
func sentIn(at time.Time, org *time.Location) time.Time {
	_, off := at.Zone()
	if _, orgOff := at.In(org).Zone(); off == 0 || off == orgOff {
		return at.In(org)
	}
	return at
}

// Canonical returns the ID under which an item is listed: a mail thread may
// be named by the Message-ID of any of its messages, and is listed under
// its first; a GitHub item may be written in any case. To name many items,
// build the index once with Canonicals.
func (r Result) Canonical(id model.ItemID) model.ItemID { return r.Canonicals()(id) }

// Canonicals indexes the result's items once and returns Canonical over
// that index: naming n items costs time linear in n and the result.
func (r Result) Canonicals() func(model.ItemID) model.ItemID {
	github := map[string]model.ItemID{}
	mail := map[model.ItemID]model.ItemID{}
	for _, d := range r.Deliverables {
		for _, it := range d.Items {
			switch it.System {
			case model.GitHub:
				github[strings.ToLower(string(it.ID))] = it.ID
			case model.Mail:
				for _, m := range it.Messages {
					mail[model.MailID(m.ID)] = it.ID
				}
			}
		}
	}
	return func(id model.ItemID) model.ItemID {
		switch {
		case strings.HasPrefix(string(id), "github:"):
			// GitHub's owner and repository names ignore case.
			if c, ok := github[strings.ToLower(string(id))]; ok {
				return c
			}
		case strings.HasPrefix(string(id), "mail:"):
			if c, ok := mail[id]; ok {
				return c
			}
		}
		return id
	}
}

// components links items that mention each other and returns the connected
// components, in the order of their first item.
func components(items []*model.Item) [][]*model.Item {
	uf := newUnionFind(len(items))
	x := newIndex(items)
	for i, it := range items {
		link := func(j int) { uf.union(i, j) }
		repo := ""
		if it.System == model.GitHub {
			repo = strings.TrimPrefix(it.Source, "github:")
		}
		x.mentions(it.Title, repo, link)
		x.mentions(it.Body, repo, link)
		x.mentions(it.Branch, repo, link)
		for _, c := range it.Comments {
			x.mentions(c.Body, repo, link)
		}
		for _, m := range it.Messages {
			x.mentions(m.Subject, "", link)
			x.mentions(m.Body, "", link)
		}
	}
	byRoot := make(map[int]int, len(items))
	var comps [][]*model.Item
	for i, it := range items {
		r := uf.find(i)
		c, ok := byRoot[r]
		if !ok {
			c = len(comps)
			byRoot[r] = c
			comps = append(comps, nil)
		}
		comps[c] = append(comps[c], it)
	}
	return comps
}

// Threads joins mail messages into threads by In-Reply-To and References
// only (never by subject). A thread is named by its first message, and its
// messages are in time order. A message seen twice (in Sent and in a
// colleague's INBOX) counts once; a message without a Message-ID is a
// thread of its own.
func Threads(msgs []*model.Message) []*model.Item {
	seen := make(map[string]bool, len(msgs))
	unique := msgs[:0:0]
	for _, m := range msgs {
		if m.ID != "" && seen[m.ID] {
			continue
		}
		seen[m.ID] = true
		unique = append(unique, m)
	}
	msgs = unique
	ids := make(map[string]int, len(msgs)*2)
	id := func(s string) int {
		if n, ok := ids[s]; ok {
			return n
		}
		ids[s] = len(ids)
		return len(ids) - 1
	}
	// Message-IDs, and for messages without one a key of their own.
	key := func(i int, m *model.Message) string {
		if m.ID == "" {
			return "\x00" + strconv.Itoa(i)
		}
		return m.ID
	}
	for i, m := range msgs {
		id(key(i, m))
	}
	uf := newUnionFind(len(ids))
	for i, m := range msgs {
		self := id(key(i, m))
		if m.InReplyTo != "" {
			other := id(m.InReplyTo)
			uf.grow(len(ids))
			uf.union(self, other)
		}
		for _, r := range m.References {
			if r == "" {
				continue
			}
			other := id(r)
			uf.grow(len(ids))
			uf.union(self, other)
		}
	}
	byRoot := map[int]*model.Item{}
	var threads []*model.Item
	for i, m := range msgs {
		r := uf.find(ids[key(i, m)])
		t, ok := byRoot[r]
		if !ok {
			t = &model.Item{System: model.Mail, Kind: model.Thread, Status: "open"}
			byRoot[r] = t
			threads = append(threads, t)
		}
		t.Messages = append(t.Messages, m)
	}
	for _, t := range threads {
		slices.SortStableFunc(t.Messages, func(a, b *model.Message) int { return a.At.Compare(b.At) })
		first := t.Messages[0]
		t.ID = model.MailID(first.ID)
		t.Title = first.Subject
		t.Created = first.At
		t.Creator = first.From
	}
	return threads
}

type unionFind struct{ parent []int }

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int, n)}
	for i := range u.parent {
		u.parent[i] = i
	}
	return u
}

func (u *unionFind) grow(n int) {
	for len(u.parent) < n {
		u.parent = append(u.parent, len(u.parent))
	}
}

func (u *unionFind) find(i int) int {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

func (u *unionFind) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		if ra < rb {
			u.parent[rb] = ra
		} else {
			u.parent[ra] = rb
		}
	}
}
