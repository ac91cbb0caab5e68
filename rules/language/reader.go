package language

import (
	"strings"
	"sync"
	"time"

	"github.com/ownerd/ownerd/model"
	"github.com/ownerd/ownerd/rules"
)

// Reader reads people's words against the classify contract. A Reader holds
// only configuration fixed at New and is safe for concurrent use.
type Reader struct {
	teams [][]string // lower-case names of teams and people, split into words
	// scratch recycles the per-message buffers; sync.Pool is safe for
	// concurrent use and holds no state between messages.
	scratch sync.Pool
}

var _ rules.Reader = (*Reader)(nil)

// Option configures a Reader.
type Option func(*Reader)

// WithTeams names departments, teams and people ("Scheduling", "Mia",
// "Creative Services") so that "talk to Mia" or "Scheduling will have to
// decide" read as pointing at someone even when the name is lower case or is
// an ordinary word. Without it, capitalised words and generic phrases ("the
// design team", "my manager") still count.
func WithTeams(names ...string) Option {
	return func(r *Reader) {
		for _, n := range names {
			f := strings.Fields(lowerASCII(NewPart(n)))
			if len(f) > 0 {
				r.teams = append(r.teams, f)
			}
		}
	}
}

// New returns a Reader.
func New(opts ...Option) *Reader {
	r := &Reader{}
	for _, o := range opts {
		o(r)
	}
	return r
}

// teamAt returns the length of the configured name starting at token k.
func (r *Reader) teamAt(toks []token, k, b int) int {
	for _, t := range r.teams {
		if k+len(t) > b {
			continue
		}
		ok := true
		for i, w := range t {
			if toks[k+i].w != w {
				ok = false
				break
			}
		}
		if ok {
			return len(t)
		}
	}
	return 0
}

// teamEndingAt returns the length of the configured name ending at token j.
func (r *Reader) teamEndingAt(toks []token, a, j int) int {
	for _, t := range r.teams {
		k := j - len(t) + 1
		if k >= a && r.teamAt(toks, k, j+1) == len(t) {
			return len(t)
		}
	}
	return 0
}

// msg is one message being read.
type msg struct {
	r        *Reader
	text     string // the new part, normalised, original case
	toks     []token
	sents    []sentence
	allLower bool     // no upper-case letter at all: names cannot be told by case
	first    []uint16 // firstWords bits of each token
	wf       []uint8  // wordFlags of each token

	// partyN and partyX cache party lengths plus one (0: not computed) for
	// matches bounded by the sentence that ends at partyEnd.
	partyN, partyX []int8
	partyEnd       int

	// powerless, once read for the message (powerlessRead): the grammar
	// asks it at every weak agent, and must stay linear in the text.
	powerlessRead, powerlessVal bool
}

// reset readies a recycled msg for a new message, keeping its buffers.
func (m *msg) reset(r *Reader, text string, allLower bool) {
	m.r, m.text, m.allLower, m.partyEnd = r, text, allLower, -1
	m.powerlessRead = false
}

// grow returns buf resized to n, reusing its array when large enough.
func grow[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}

// inSentence prepares the per-sentence caches.
func (m *msg) inSentence(s sentence) {
	clear(m.partyN[s.a:s.b])
	clear(m.partyX[s.a:s.b])
	m.partyEnd = s.b
}

// Read reads the new part of one message sent at the given moment; relative
// time words resolve in sent's location.
func (r *Reader) Read(text string, sent time.Time) rules.Reading {
	var rd rules.Reading
	part := NewPart(text)
	if part == "" {
		return rd
	}
	low := lowerASCII(part)
	if autoReply(low) {
		// An out-of-office notice asks for nothing and promises nothing a
		// person made: "For urgent matters please contact reception".
		return rd
	}
	m, _ := r.scratch.Get().(*msg)
	if m == nil {
		m = &msg{}
	}
	defer r.scratch.Put(m)
	m.prepare(r, part, low)

	var cbuf [4]commitment
	cs := m.commitments(m.sents, newClock(sent), cbuf[:0])
	if len(cs) > 0 {
		rd.Commitment = true
		pick := cs[0]
		for _, c := range cs {
			if !c.due.IsZero() && (pick.due.IsZero() || c.due.After(pick.due)) {
				pick = c
			}
		}
		rd.Due = pick.due
		rd.Spans = append(rd.Spans, rules.Span{Label: "commitment", Text: m.span(pick.sent)})
	}
	if !rd.Commitment {
		if si, ok := m.deflection(); ok {
			rd.Deflection = true
			rd.Spans = append(rd.Spans, rules.Span{Label: "deflection", Text: m.span(si)})
		}
	}
	if si, ok := m.request(rd.Commitment); ok {
		rd.Request = true
		rd.Spans = append(rd.Spans, rules.Span{Label: "request", Text: m.span(si)})
	}
	if si, ok := m.priority(); ok {
		rd.Priority = true
		rd.Spans = append(rd.Spans, rules.Span{Label: "priority", Text: m.span(si)})
	}
	return rd
}

// prepare readies m to read the new part (low is it lower-cased): its
// tokens, sentences and per-token flags.
func (m *msg) prepare(r *Reader, part, low string) {
	m.reset(r, part, low == part)
	m.toks = tokenize(part, low, m.toks[:0])
	m.sents = sentences(m.toks, m.sents[:0])
	m.first = grow(m.first, len(m.toks))
	m.wf = grow(m.wf, len(m.toks))
	for k, t := range m.toks {
		m.first[k] = firstWords[t.w]
		m.wf[k] = wordFlags[t.w]
	}
	m.partyN = grow(m.partyN, len(m.toks))
	m.partyX = grow(m.partyX, len(m.toks))
}

// span is the text of sentence si, as written.
func (m *msg) span(si int) string {
	s := m.sents[si]
	return strings.TrimSpace(m.text[m.toks[s.a].start:m.toks[s.b-1].end])
}

// deflection returns the first sentence that deflects.
func (m *msg) deflection() (int, bool) {
	if m.handsOver() {
		return 0, false
	}
	si, ok := m.deflecting()
	if !ok && m.modelDeflects() {
		// The model's reading names no construction: the span is the
		// statement naming a third party.
		si, ok = m.modelSpan(), true
	}
	// Only a message that deflects pays for the check that it was settled.
	if !ok || m.resolved() {
		return 0, false
	}
	return si, true
}

// firstStatement is the first sentence that is no question.
func (m *msg) firstStatement() int {
	for si, s := range m.sents {
		if !s.question {
			return si
		}
	}
	return 0
}

// deflecting finds the first sentence whose words deflect.
func (m *msg) deflecting() (int, bool) {
	for si, s := range m.sents {
		if s.question {
			continue
		}
		m.inSentence(s)
		if _, _, ok := deflections.find(m, s.a, s.b); ok && !m.routine(s) && !m.assigns(s) && !m.praises(s) {
			return si, true
		}
		if e, ok := redirects.matchAt(m, s.a, s.b); ok && !m.asksBack(e, s.b) && !m.tasked(s) {
			return si, true
		}
		// "no idea, ask Tom": a redirect after a short opening clause.
		if v := m.afterVocative(s); v > s.a {
			if e, ok := redirects.matchAt(m, v, s.b); ok && !m.asksBack(e, s.b) && !m.tasked(s) {
				return si, true
			}
		}
		if m.redirectTry(s) || m.grammar(s) {
			return si, true
		}
	}
	return 0, false
}

// routine reports a sentence that describes a recurring process, "each
// quarter", "every week": "The client sets the budget each quarter" tells
// how the work runs; it sends no one away.
func (m *msg) routine(s sentence) bool {
	for k := s.a; k+1 < s.b; k++ {
		if w := m.toks[k].w; (w == "each" || w == "every") && periodNouns[m.toks[k+1].w] {
			return true
		}
	}
	return false
}

var periodNouns = set("day", "week", "month", "quarter", "year", "season", "cycle", "sprint",
	"monday", "tuesday", "wednesday", "thursday", "friday", "morning", "evening", "time")

// resolved reports a message that says the matter is already settled, or
// that the speaker already did something about it: "out of our hands for a
// while, but it's approved and live now", "Infra owns the load balancer,
// and they've already rolled back the change", "Not something we can
// change in the theme, so I've written a small plugin". Naming who was
// responsible is then an explanation with its way forward taken, not a
// client sent away.
func (m *msg) resolved() bool {
	for _, s := range m.sents {
		if s.question {
			continue
		}
		m.inSentence(s)
		for k := s.a; k < s.b; k++ {
			if _, ok := resolutions.matchAt(m, k, s.b); !ok {
				continue
			}
			// "We only lay out what she has approved" says what the team
			// does, not that the matter is settled.
			if k > s.a && relativeOpeners[m.toks[k-1].w] {
				continue
			}
			return true
		}
	}
	return false
}

// relativeOpeners before a settled-sounding clause make it describe, not
// report: "what she has approved", "once they've signed".
var relativeOpeners = set("what", "which", "whatever", "whether", "once", "until", "unless", "if", "when", "after", "before")

// handsOver reports a sentence that opens with an @mention and asks that
// person for something: "@sam could you take this one? I don't have access".
// The work is handed to a named colleague, a way forward, not a deflection.
func (m *msg) handsOver() bool {
	for _, s := range m.sents {
		k := s.a
		if k+2 >= s.b || m.toks[k].w != "@" || m.toks[k+1].kind != kindWord || m.toks[k+1].space {
			continue
		}
		k += 2
		for k < s.b && (m.toks[k].w == "," || m.toks[k].w == "please" || m.toks[k].w == "pls" || m.toks[k].w == "-") {
			k++
		}
		if k >= s.b {
			continue
		}
		if s.question || imperatives[m.toks[k].w] {
			return true
		}
		if _, ok := questionOpeners.matchAt(m, k, s.b); ok {
			return true
		}
	}
	return false
}

// asksBack reports whether a redirect goes on to ask for something back
// ("check with Mia and let me know"), which makes it a request.
func (m *msg) asksBack(a, b int) bool {
	if _, _, ok := requests.find(m, a, b); ok {
		return true
	}
	// "check with your team and confirm by Friday"
	for k := a; k+1 < b; k++ {
		if (m.toks[k].w == "and" || m.toks[k].w == "then") && imperatives[m.toks[k+1].w] {
			return true
		}
	}
	return false
}

// request returns the first sentence that asks for something.
func (m *msg) request(committed bool) (int, bool) {
	for si, s := range m.sents {
		m.inSentence(s)
		if s.question {
			if _, ok := smallTalk.matchAt(m, m.afterVocative(s), s.b); ok {
				continue
			}
			return si, true
		}
		start := m.afterVocative(s)
		if _, ok := questionOpeners.matchAt(m, start, s.b); ok {
			return si, true
		}
		if m.waitingOnYou(s, start) {
			return si, true
		}
		// "Please reach out to Priya for that." sends the reader
		// elsewhere; it asks nothing of them.
		if e, redirect := redirects.matchAt(m, start, s.b); redirect && !m.asksBack(e, s.b) {
			continue
		}
		if m.tryParty(s, start) {
			continue
		}
		// "Fix incoming" announces a fix; it orders none.
		if t := m.toks[start]; imperatives[t.w] && start+1 < s.b && m.toks[start+1].kind != kindPunct && m.toks[start+1].w != "incoming" &&
			!(t.w == "let" && m.hortative(start) && (start+2 >= s.b || m.toks[start+2].w != "know")) {
			if !m.courtesy(s, start) {
				return si, true
			}
		}
		if m.imperativeAfterBreak(s) {
			return si, true
		}
		for k := s.a; k < s.b; k++ {
			if e, ok := requests.matchAt(m, k, s.b); ok {
				if _, no := notRequests.matchAt(m, k, s.b); no {
					continue
				}
				// "please keep up the good work": a courtesy after "please".
				if w := m.toks[k].w; (w == "please" || w == "kindly") && k+1 < s.b {
					if _, no := notRequests.matchAt(m, k+1, s.b); no {
						continue
					}
				}
				// "since you need it by Thursday" states the reader's need;
				// it asks for nothing.
				if m.toks[k].w == "need" && k > s.a && otherSubject[m.toks[k-1].w] {
					continue
				}
				if m.offersToYou(s, k, e) || m.ownWork(s, e) {
					continue
				}
				if m.negatedBefore(s, k, 2) {
					continue
				}
				return si, true
			}
		}
		if !committed && !m.informs(s) {
			for k := s.a; k < s.b; k++ {
				e, ok := complaints.matchAt(m, k, s.b)
				// "it's down to the supplier" is no outage.
				if ok && !(m.toks[e-1].w == "down" && e < s.b && m.toks[e].w == "to") && !m.prospective(s, k) {
					return si, true
				}
			}
		}
	}
	return 0, false
}

// otherSubject words, before "need", make the need someone else's.
var otherSubject = set("you", "they", "he", "she")

// prospective reports a complaint word governed by a future or modal "be"
// in the three tokens before k: "this will be the third time we've moved
// it" foresees a grievance; it does not raise one.
func (m *msg) prospective(s sentence, k int) bool {
	j := k - 1
	for j >= s.a && j >= k-3 && (m.toks[j].w == "the" || m.toks[j].w == "a" || m.toks[j].w == "really") {
		j--
	}
	if j-1 < s.a || m.toks[j].w != "be" {
		return false
	}
	switch m.toks[j-1].w {
	case "will", "would", "'ll", "might", "could":
		return true
	}
	return false
}

// informs reports a sentence that opens as an announcement ("FYI", "Flagging
// as critical", "Heads up:"): a report of trouble in it informs the team,
// it expects no answer.
func (m *msg) informs(s sentence) bool {
	switch w := m.toks[s.a].w; w {
	case "fyi", "flagging", "noting", "fwiw", "marking":
		return true
	case "heads", "for", "just":
		_, ok := fyiOpeners.matchAt(m, s.a, s.b)
		return ok
	}
	return false
}

var fyiOpeners = compilePhrases(
	"heads -? up",
	"just a/an? heads -? up",
	"just a/an? fyi",
	"for visibility/info/reference/awareness",
	"for your information/awareness/reference",
)

// imperativeAfterBreak reads an order after a spaced dash or a semicolon
// inside a sentence: "we'll handle the DNS - just send the records to
// Carla". "re-send" and "follow-up" are one word, not a break.
func (m *msg) imperativeAfterBreak(s sentence) bool {
	toks := m.toks
	for k := s.a + 1; k+2 < s.b; k++ {
		t := toks[k]
		if t.w != ";" && !(t.w == "-" && t.space && toks[k+1].space) {
			continue
		}
		j := k + 1
		for j < s.b-1 && (toks[j].w == "please" || toks[j].w == "just" || toks[j].w == "kindly" || toks[j].w == "so") {
			j++
		}
		if !imperatives[toks[j].w] || toks[j+1].kind == kindPunct || toks[j+1].w == "incoming" || toks[j+1].w == "forward" ||
			toks[j].w == "let" && toks[j+1].w == "me" && (j+2 >= s.b || toks[j+2].w != "know") {
			continue
		}
		if _, no := notRequests.matchAt(m, j, s.b); no {
			continue
		}
		return true
	}
	return false
}

// waitingOnYou reads a sentence opening "waiting on/for" something from the
// reader: "Waiting on the final copy from your side."
func (m *msg) waitingOnYou(s sentence, k int) bool {
	toks := m.toks
	if k < s.b && toks[k].w == "still" {
		k++
	}
	if k+1 >= s.b || toks[k].w != "waiting" || toks[k+1].w != "on" && toks[k+1].w != "for" {
		return false
	}
	for j := k + 2; j < s.b; j++ {
		if toks[j].w == "you" || toks[j].w == "your" {
			return true
		}
	}
	return false
}

// courtesy reports a courtesy opening the sentence at or before start, where
// start is past a greeting or "please": "Please find attached…".
func (m *msg) courtesy(s sentence, start int) bool {
	for k := s.a; k <= start; k++ {
		if _, no := notRequests.matchAt(m, k, s.b); no {
			return true
		}
	}
	return false
}

// ownWork reports a hope of the speaker's about their own work, which asks
// nothing of the reader: "we were hoping to get the edits done today", "I'm
// hoping to have it finished by Friday". "hoping to get the files from you"
// still asks. e is the end of the request phrase.
func (m *msg) ownWork(s sentence, e int) bool {
	toks := m.toks
	if e < 2 || e-2 < s.a {
		return false
	}
	v := toks[e-1].w
	if (v == "like" || v == "love") && e+1 < s.b && toks[e].w == "to" && (toks[e+1].w == "get" || toks[e+1].w == "have") {
		// "I'd love to get this merged this week"
		e += 2
	} else if v != "get" && v != "have" || toks[e-2].w != "to" && toks[e-2].w != "hoping" && toks[e-2].w != "wondering" {
		return false
	}
	if v == "have" && e+1 < s.b && (toks[e].w == "it" || toks[e].w == "this" || toks[e].w == "that" || toks[e].w == "them") &&
		(toks[e+1].w == "by" || toks[e+1].w == "ready" || isDayWord(toks[e+1].w)) {
		return true // "we're hoping to have it by Friday"
	}
	for j := e; j < s.b && j <= e+7; j++ {
		switch toks[j].w {
		case "from", "back", "?":
			return false
		case "ready", "done", "finished", "completed", "wrapped", "sorted", "fixed", "live", "out", "delivered",
			"merged", "shipped", "landed", "released", "deployed", "resolved", "launched", "published":
			return true
		case "you":
			return j > e && toks[j-1].w == "to"
		}
	}
	return false
}

// offersToYou reports a wish of the speaker's that gives the reader
// something, which asks for nothing: "I'd like to get it to you by Monday",
// "we'd love to send you the options". "I'd like to get the files from you"
// and "I'd like you to send it" still ask.
func (m *msg) offersToYou(s sentence, k, e int) bool {
	toks := m.toks
	if e-k < 3 || toks[e-1].w != "like" && toks[e-1].w != "love" || e+1 >= s.b || toks[e].w != "to" ||
		!actionVerbs[toks[e+1].w] || toks[e+1].w == "have" && e+2 < s.b && toks[e+2].w == "you" {
		return false
	}
	for j := e + 2; j < s.b && j <= e+7; j++ {
		switch toks[j].w {
		case "from", "by", "if", "when", "?":
			return false
		case "you":
			if j+1 < s.b && toks[j+1].w == "to" && j+2 < s.b && toks[j+2].kind == kindWord && !isDayWord(toks[j+2].w) {
				return false // "get you to sign it"
			}
			return true
		}
	}
	return false
}

func isDayWord(w string) bool {
	_, ok := weekdayNames[w]
	return ok || w == "today" || w == "tomorrow" || w == "tonight"
}

// redirectTry reads "try Mia" opening a clause and ending it: "can't help
// you there, try Mia". "try refreshing the page" names no one.
func (m *msg) redirectTry(s sentence) bool {
	toks := m.toks
	for k := s.a; k+1 < s.b; k++ {
		if toks[k].w != "try" || k > s.a && !isClauseBreak(toks[k-1]) && toks[k-1].w != "just" && toks[k-1].w != "please" {
			continue
		}
		if m.tryParty(s, k) {
			return true
		}
	}
	return false
}

// tryParty reports "try <party>" at k ending its clause: "Try the
// Facilities desk." It sends the reader elsewhere and asks nothing of them.
func (m *msg) tryParty(s sentence, k int) bool {
	toks := m.toks
	if k+1 >= s.b || toks[k].w != "try" {
		return false
	}
	n := m.partyCached(k+1, s.b, false)
	if n == 0 {
		return false
	}
	e := k + 1 + n
	if e == s.b || toks[e].kind == kindPunct {
		return true
	}
	switch toks[e].w {
	case "instead", "directly", "in", "at", "from", "on", "or", "maybe", "perhaps", "please", "though":
		return true
	}
	return false
}

// afterVocative skips a greeting or a name that opens a sentence ("Josh, can
// you…", "Hi Mia, could you…", "Thanks, send it over").
func (m *msg) afterVocative(s sentence) int {
	k := s.a
	for i := s.a; i < s.b && i < s.a+4; i++ {
		if m.toks[i].w == "," {
			if i+1 < s.b {
				k = i + 1
			}
			break
		}
	}
	for k < s.b-1 && (m.toks[k].w == "please" || m.toks[k].w == "also" || m.toks[k].w == "and" || m.toks[k].w == "so" || m.toks[k].w == "just" || m.toks[k].w == "kindly") {
		k++
	}
	return k
}

// negatedBefore reports a negation in the n tokens before k in the sentence.
func (m *msg) negatedBefore(s sentence, k, n int) bool {
	for j := k - 1; j >= s.a && j >= k-n; j-- {
		t := m.toks[j]
		if t.kind == kindPunct && t.w != "-" {
			return false
		}
		if notPriority[t.w] {
			return true
		}
	}
	return false
}

// reportedBefore reports a priority word that someone else's words carry:
// "Bruna called it urgent", "the client says it's urgent". The speaker
// reports it; they do not call the work a priority. "I said it's urgent"
// still does.
func (m *msg) reportedBefore(s sentence, k int) bool {
	// "Per the customer, this is super urgent", "according to Dana, …".
	if w := m.toks[s.a].w; (w == "per" || w == "according") && m.commaBefore(s, k) {
		return true
	}
	for j := k - 1; j > s.a; j-- {
		t := m.toks[j]
		if t.kind == kindPunct && t.w != "'s" || t.w == "but" || t.w == "and" {
			return false
		}
		if reportingVerbs[t.w] {
			subj := m.toks[j-1].w
			return subj != "i" && subj != "we"
		}
	}
	return false
}

// commaBefore reports a comma in the sentence before k.
func (m *msg) commaBefore(s sentence, k int) bool {
	for j := s.a; j < k; j++ {
		if m.toks[j].w == "," {
			return true
		}
	}
	return false
}

// doneSince reports a priority word naming a piece of work that the rest of
// the sentence calls finished: "the urgent fix from Tuesday is deployed",
// "the P1 was resolved overnight". The priority is past.
func (m *msg) doneSince(s sentence, k, e int) bool {
	toks := m.toks
	if k == s.a || !attributive[toks[k-1].w] {
		return false
	}
	for j := e; j+1 < s.b; j++ {
		w := toks[j].w
		if !isAuxBe(w) && w != "was" && w != "were" && w != "been" {
			continue
		}
		n := j + 1
		for n < s.b-1 && (toks[n].w == "now" || toks[n].w == "already" || toks[n].w == "been" || toks[n].w == "all") {
			n++
		}
		if doneWords[toks[n].w] {
			return true
		}
	}
	return false
}

var (
	attributive = set("the", "that", "this", "our", "your", "their", "yesterday's", "last")
	doneWords   = set("deployed", "done", "fixed", "shipped", "merged", "released", "live",
		"resolved", "closed", "verified", "complete", "completed", "sorted", "out", "delivered")
)

// forKindOf reports a priority word that names a kind of matter rather than
// this one: "for urgent matters please contact …", "any urgent queries".
func (m *msg) forKindOf(s sentence, k, e int) bool {
	if k == s.a || e >= s.b {
		return false
	}
	prev := m.toks[k-1].w
	return (prev == "for" || prev == "any" || prev == "all" || prev == "other") && matterNouns[m.toks[e].w]
}

var (
	reportingVerbs = set("says", "said", "called", "calls", "thinks", "thought", "claims",
		"claimed", "feels", "felt", "insists", "insisted", "reckons", "considers", "marked",
		"flagged", "mentioned", "mentions", "told", "tells", "noted", "notes", "stressed",
		"stresses", "wrote", "writes", "emphasised", "emphasized")
	matterNouns = set("matters", "queries", "issues", "requests", "enquiries", "inquiries",
		"questions", "cases", "problems", "support", "items", "tickets", "bugs")
)

// autoReply reports an automatic out-of-office reply (its text in lower case).
func autoReply(low string) bool {
	// An auto-reply says so at its start; looking only there keeps the
	// check's cost flat for long mail.
	if len(low) > 400 {
		low = low[:400]
	}
	// Every marker holds one of these words; most mail holds none.
	if !strings.Contains(low, "office") && !strings.Contains(low, "reply") &&
		!strings.Contains(low, "leave") && !strings.Contains(low, "away") &&
		!strings.Contains(low, "ooo") && !strings.Contains(low, "access") && !strings.Contains(low, "email") {
		return false
	}
	for _, p := range autoReplyMarks {
		if strings.Contains(low, p) {
			return true
		}
	}
	return false
}

var autoReplyMarks = []string{
	"out of the office", "out of office", "automatic reply", "auto-reply", "autoreply",
	"away from the office", "on annual leave", "limited access to email",
	"limited access to my email", "currently on leave", "currently away", "ooo until",
	"be checking email", "be checking my email", "parental leave", "maternity leave",
	"paternity leave",
}

// pastOrModal words govern a priority word as its verb when only unrealFill
// words stand between: "it was a P1", "it might become urgent", "this used
// to be top priority". "We were told this is top priority" still calls it
// one.
var (
	pastOrModal = set("was", "were", "used", "might", "may", "could", "would")
	unrealFill  = set("a", "an", "the", "our", "my", "your", "their", "very", "really", "quite",
		"so", "pretty", "considered", "marked", "flagged", "treated", "deemed", "seen", "labelled",
		"labeled", "tagged", "called", "as", "also", "once", "previously", "originally",
		"initially", "still", "be", "become", "becoming", "get", "turn", "into", "been", "to",
		"more", "somewhat", "extremely", "super", "then",
		// "we'd treat it as urgent if…"
		"treat", "consider", "call", "mark", "flag", "it", "this", "that", "them",
		// "it would only be a priority if…"
		"only", "ever", "even", "just")
	treatVerbs = set("treat", "treated", "consider", "considered", "mark", "marked", "flag",
		"flagged", "label", "labelled", "labeled", "tag", "tagged", "regard", "regarded", "count", "counted")
	// ifWords open a condition: "if this is urgent, call me".
	ifWords = set("if", "unless", "whether")
)

// unrealBefore reports a past or hypothetical priority: governed by a past
// or modal verb, or inside a condition opened in the n tokens before k.
func (m *msg) unrealBefore(s sentence, k, n int) bool {
	j := k - 1
	for j >= s.a && unrealFill[m.toks[j].w] {
		j--
	}
	// "we used to treat every client email as urgent": past the object of
	// a treat-as verb to the verb itself.
	if j >= s.a && k > s.a && m.toks[k-1].w == "as" {
		for q := k - 2; q >= s.a && q >= k-7 && m.toks[q].kind == kindWord; q-- {
			if treatVerbs[m.toks[q].w] {
				j = q - 1
				for j >= s.a && unrealFill[m.toks[j].w] {
					j--
				}
				break
			}
		}
	}
	if j >= s.a && pastOrModal[m.toks[j].w] {
		return true
	}
	for j := k - 1; j >= s.a && j >= k-n; j-- {
		t := m.toks[j]
		if t.kind == kindPunct && t.w != "-" || t.w == "but" || t.w == "and" {
			return false
		}
		if ifWords[t.w] {
			return true
		}
	}
	return false
}

// withdrawnAfter reports words after a priority word, in the same sentence,
// that take it back: "…, but it's been downgraded since", "…; this one can
// wait", "…, but it's fine now", "…, but for now it isn't".
func (m *msg) withdrawnAfter(s sentence, e int) bool {
	toks := m.toks
	for j := e; j < s.b; j++ {
		switch w := toks[j].w; w {
		case "downgraded", "deprioritised", "deprioritized":
			return true
		case "can", "could":
			// "this one can wait"; "everything else can wait" keeps it.
			if j+1 < s.b && toks[j+1].w == "wait" && j > e && m.pointsHere(j-1) {
				return true
			}
		case "fine", "ok", "okay", "resolved", "sorted":
			if j+1 < s.b && toks[j+1].w == "now" && j > e && isAuxBe(toks[j-1].w) {
				return true
			}
		case "no":
			if j+1 < s.b && toks[j+1].w == "longer" && (j == 0 || toks[j-1].w != "wait") {
				return true
			}
		case "not":
			// "for now it isn't": the negation ends the clause.
			if j > e && isAuxBe(toks[j-1].w) && (j+1 == s.b || toks[j+1].kind == kindPunct || toks[j+1].w == "anymore") {
				return true
			}
		}
	}
	return false
}

// pointsHere reports a subject ending at k that points at the work itself:
// "it", "this", "that", "this one".
func (m *msg) pointsHere(k int) bool {
	switch m.toks[k].w {
	case "it", "this", "that":
		return true
	case "one":
		return k > 0 && (m.toks[k-1].w == "this" || m.toks[k-1].w == "that")
	}
	return false
}

// quoted reports a priority phrase standing alone in quotation marks: the
// word is mentioned ("the subject line says "URGENT""), not used.
func (m *msg) quoted(s sentence, k, e int) bool {
	if k == s.a || e >= s.b {
		return false
	}
	b, a := m.toks[k-1].w, m.toks[e].w
	return (b == "\"" || b == "'") && b == a
}

// priority returns the first sentence that calls the work a priority.
func (m *msg) priority() (int, bool) {
	for si, s := range m.sents {
		if s.question && (priorityInquiry[m.toks[m.afterVocative(s)].w] || priorityInquiry[m.toks[s.a].w]) {
			continue
		}
		for k := s.a; k < s.b; k++ {
			e, ok := priorities.matchAt(m, k, s.b)
			if !ok {
				continue
			}
			if m.quoted(s, k, e) || m.negatedBefore(s, k, 5) || m.unrealBefore(s, k, 4) || m.withdrawnAfter(s, e) ||
				m.reportedBefore(s, k) || m.forKindOf(s, k, e) || m.doneSince(s, k, e) {
				continue
			}
			last := m.toks[e-1].w
			if last == "critical" && e < s.b && criticalNouns[m.toks[e].w] {
				continue
			}
			if (last == "priority" || last == "prio") && e+1 < s.b && m.toks[e].w == ":" && notPriority[m.toks[e+1].w] {
				continue
			}
			return si, true
		}
	}
	return 0, false
}

// ForOrg returns a reader that knows the organisation's parties: its team
// names and its people's first names, so that "talk to Mia" and "that's
// something Scheduling will have to decide" are read as redirects to them.
func ForOrg(org *model.Org) *Reader {
	var names []string
	for _, t := range org.Teams {
		names = append(names, t.Name)
	}
	for _, p := range org.People {
		if f := strings.Fields(p.Name); len(f) > 0 {
			names = append(names, f[0])
		}
	}
	return New(WithTeams(names...))
}

// hortative reports "let me …" or "let's …" at k: the speaker proposing to
// act ("let me check", "let's treat it as backlog"), not asking the reader
// to. "Let us have the files" is written out and still asks.
func (m *msg) hortative(k int) bool {
	n := m.toks[k+1]
	return n.w == "me" || n.w == "us" && n.start == m.toks[k].start
}
