package language

import (
	"sort"
	"strings"
)

// The grammar of deflection: who is made responsible, read from the
// sentence's structure rather than from a list of whole phrases. Three
// constructions deflect (deflections, above, holds the fixed idioms):
//
//   - attribution: a responsibility predicate whose holder is a third
//     party. "The signage budget is Priya's baby", "lease renewals are
//     squarely the landlord's territory", "a matter for your card
//     issuer", "vendor onboarding lives with procurement", "any fix would
//     have to come from the plugin author", "that outage is on the
//     telco's side", "entirely up to the carrier".
//   - disowning: the speaker's side without agency, ability or
//     responsibility. "No longer up to us", "not ours to change anymore",
//     "nothing anyone here can change", "none of us can nudge it", "the
//     booking engine won't let anyone override it", "I've got zero
//     leverage over the mill", "we've lost edit access", "well above my
//     level".
//   - redirect: the reader told to go to a third party. "You should raise
//     it with the building manager", "you'd be wise to put that to your
//     broker", "best to chase the courier directly", "has to be raised
//     with the utility", "Mr. Haddad is who you should be checking with".
//
// A third party is recognised by its shape (party: a capitalised name, a
// role noun, "your IT", a team of the organisation), never by a list of
// the organisation's people. Every construction is overridden as the
// lexicon is: by the speaker's own commitment in the message (Read), by a
// matter already settled (resolved), by a question, by a request back
// (asksBack); and here, by a hope or a wish ("hopefully the courier…")
// and by someone else's words reported ("the landlord said…").

// grammar reports whether sentence s deflects by one of the three
// constructions. It looks only at the tokens flagged fGram, the words
// where one can turn.
func (m *msg) grammar(s sentence) bool {
	hit := false
	for k := s.a; k < s.b; k++ {
		if m.wf[k]&fGram != 0 {
			hit = true
			break
		}
	}
	if !hit || m.wishful(s) || m.praises(s) || m.assigns(s) {
		return false
	}
	for k := s.a; k < s.b; k++ {
		if m.wf[k]&fGram == 0 {
			continue
		}
		if m.attributes(s, k) || m.disowns(s, k) || m.redirects(s, k) {
			return !m.reportedBefore(s, k)
		}
		if found, strong := m.agent(s, k); found && (strong || m.powerless()) {
			return !m.reportedBefore(s, k)
		}
	}
	return false
}

// gramWords are the words where a construction can turn; wordFlags marks
// them fGram.
var gramWords = set(
	// attribution
	"'s", "their", "his", "her", "up", "down", "for", "belongs", "belong", "lives", "live",
	"sits", "sit", "rests", "lies", "falls", "fall", "come",
	// disowning
	"no", "nothing", "nobody", "noone", "none", "let", "allow", "zero", "lost", "above", "left", "not", "unable",
	// redirect
	"you", "best", "better", "be", "go", "who", "whom", "if", "please", "kindly",
	// weaker attribution (agent)
	"by", "only", "alone", "sole", "solely", "reserved", "hands", "discretion", "hinges", "rests",
	"depends", "hinge", "rest", "depend", "goes",
	// more redirects
	"person", "people", "ones", "contact", "place", "team", "port", "path", "route", "stop", "go-to",
	"point", "raising", "taking", "putting", "addressing", "referring", "escalating", "directing",
	",", ";", "-", "—", "one", "something", "question", "on", "powerless", "permitted", "allowed",
	"authorised", "authorized", "kept", "locked", "beyond", "comes", "originates", "originate",
	"run", "runs", "consent", "approval", "permission", "sign-off", "authorisation",
	"authorization", "which")

// weakNouns name a responsibility only in a sentence that also disclaims
// it: "Priya's baby, so I can't weigh in" deflects, "the design is Mia's
// baby and she's done a brilliant job" praises. The other responsibility
// nouns (call, remit, prerogative, court, ...) deflect on their own.
var weakNouns = set("baby", "project", "department", "dept", "shop", "business", "code", "thing",
	"system", "policy", "rules", "rule", "account", "contract", "process", "platform", "product",
	"team", "queue", "doing", "world", "watch", "role", "job", "area", "problem", "concern",
	"negotiation", "desk", "plate", "patch", "matter", "side", "end")

// disclaims reports words in the sentence, or the one after it, that
// push the matter off: a negation, an apology, "only" or "just" for the
// speaker's part, or an intensifier of whose it is ("squarely",
// "entirely", "alone"). "Firmware rollouts are head office's shop. Us
// store staff just get told the date."
func (m *msg) disclaims(s sentence) bool {
	end := s.b
	if i := sort.Search(len(m.sents), func(i int) bool { return m.sents[i].a >= s.b }); i < len(m.sents) && m.sents[i].a == s.b {
		end = m.sents[i].b
	}
	for k := s.a; k < end; k++ {
		switch w := m.toks[k].w; w {
		case "sorry", "afraid", "unfortunately", "apologies", "ours", "mine", "unable", "hers",
			"his", "theirs":
			return true
		case "not", "no", "never", "nothing", "only", "squarely", "entirely", "solely", "alone",
			"wholly", "totally", "purely", "strictly":
			// In the sentence itself; the next one's negation is often
			// about something else ("Mia's project. It's not finished").
			if k < s.b && (w != "not" || !m.praises(s)) {
				return true
			}
		case "just", "merely", "simply":
			// The speaker's side made small: "Us store staff just get
			// told the date", not "I just added the charts".
			if m.speakerSide(sentence{a: max(s.a, k-4), b: end}, k) && k+1 < end && relayVerbs[m.toks[k+1].w] {
				return true
			}
		}
	}
	return false
}

// relayVerbs are what a side that does not decide does: "we just get
// told", "our office just forwards the form", "I just file copy".
var relayVerbs = set("get", "gets", "forward", "forwards", "relay", "relays", "pass", "passes",
	"follow", "follows", "execute", "executes", "sell", "resell", "staff", "file", "receive",
	"wait", "process", "sets", "build", "run", "the", "a", "book", "take", "do", "work", "handle")

// assigns reports a sentence that hands work over from a moment on
// ("going forward, the newsletter is Leo's responsibility", "the
// migration is the platform team's responsibility this quarter"): it
// says who does what from when, it turns no one away.
func (m *msg) assigns(s sentence) bool {
	for k := s.a; k+1 < s.b; k++ {
		switch w, n := m.toks[k].w, m.toks[k+1].w; {
		case w == "going" && n == "forward", w == "from" && (n == "today" || n == "now" || n == "tomorrow" || n == "monday"),
			(w == "this" || w == "next") && (n == "quarter" || n == "month" || n == "term"), w == "starting" && isDayWord(n):
			return true
		}
	}
	return false
}

// tasked reports a redirect that gives the reader a task with a time
// ("please contact the venue to confirm the headcount by Thursday"): work
// handed over, not a client turned away.
func (m *msg) tasked(s sentence) bool {
	for k := s.a; k+1 < s.b; k++ {
		if m.toks[k].w == "by" && (isDayWord(m.toks[k+1].w) || m.toks[k+1].w == "end" || m.toks[k+1].w == "eod" || m.toks[k+1].kind == kindNum) {
			return true
		}
	}
	return false
}

// praises reports praise in the sentence, which no deflection carries:
// "the launch deck is Priya's baby, and honestly it's the best work".
func (m *msg) praises(s sentence) bool {
	for k := s.a; k < s.b; k++ {
		switch m.toks[k].w {
		case "great", "brilliant", "fantastic", "amazing", "loved", "love", "thanks",
			"congrats", "congratulations", "proud", "excellent", "superb", "awesome":
			return true
		}
	}
	return false
}

// respNouns name a responsibility when a third party holds them.
var respNouns = set("call", "decision", "decisions", "choice", "project", "department", "dept",
	"remit", "domain", "baby", "territory", "turf", "shop", "business", "responsibility",
	"responsibilities", "prerogative", "court", "side", "end", "code", "problem", "job", "area",
	"matter", "jurisdiction", "purview", "bailiwick", "patch", "lane", "wheelhouse", "thing",
	"concern", "gift", "negotiation", "department's", "hands", "desk", "plate", "system",
	"policy", "rules", "rule", "account", "contract", "process", "platform", "product", "team",
	"queue", "doing", "world", "watch", "role", "headache", "lookout", "bag", "discretion",
	"control", "hands", "province", "lookout")

// locatives pair a preposition with the responsibility nouns it makes a
// predicate of: "in the manufacturer's court", "on the telco's side",
// "within Mr. Okafor's remit".
var locatives = map[string]map[string]bool{
	"in":      set("court", "hands", "remit", "domain", "territory", "lane", "wheelhouse", "purview", "gift", "queue", "world", "system", "area", "department", "jurisdiction", "bailiwick", "patch"),
	"on":      set("side", "end", "plate", "desk", "watch", "account", "platform", "system"),
	"within":  set("remit", "purview", "jurisdiction", "domain", "gift", "area", "responsibilities"),
	"under":   set("remit", "purview", "jurisdiction", "domain", "control", "contract", "policy", "authority"),
	"inside":  set("code", "system", "platform", "remit"),
	"to":      set("call", "decision", "discretion"),
	"at":      set("discretion", "end"),
	"outside": set("remit", "purview"),
}

// copulas and the words that link a subject to its predicate.
var copulas = set("is", "are", "was", "were", "be", "been", "being", "remains", "remain",
	"stays", "stay", "becomes", "become", "sits", "falls", "lies", "rests")

// predAdverbs may stand between a copula and its predicate: "is squarely
// the landlord's territory", "is really a matter for".
var predAdverbs = set("really", "squarely", "entirely", "totally", "all", "very", "much",
	"firmly", "more", "ultimately", "strictly", "purely", "still", "now", "probably",
	"definitely", "honestly", "solely", "wholly", "completely", "genuinely", "basically",
	"technically", "officially", "simply", "just", "actually", "always", "fully", "clearly",
	"obviously", "frankly", "most", "likely", "then", "rather", "properly", "unfortunately")

// attributes reads an attribution at k.
func (m *msg) attributes(s sentence, k int) bool {
	toks := m.toks
	w := toks[k].w
	switch w {
	case "'s":
		// "<party>'s <noun>" as a predicate: "is Priya's baby", "in the
		// manufacturer's court", or opening the sentence on its own:
		// "Mr. Okafor's call, not mine."
		h := m.holderBefore(s, k)
		if h < 0 {
			return false
		}
		if k+2 < s.b && toks[k+1].w == "to" && (agencyVerbs[toks[k+2].w] || toks[k+2].w == "remedy" || toks[k+2].w == "sort" || toks[k+2].w == "resolve" || toks[k+2].w == "answer") {
			// "the damp is the freeholder's to remedy".
			return m.predicative(s, h, "")
		}
		n := m.respNounAfter(s, k+1)
		if n < 0 {
			return false
		}
		if weakNouns[toks[n].w] && !m.disclaims(s) {
			return false
		}
		return m.predicative(s, h, toks[n].w) || h == m.afterVocative(s) && m.standsAlone(s, n+1)
	case "their", "his", "her":
		// "that's their code, not ours", "the lease was his negotiation".
		if w == "her" && k+1 < s.b && toks[k+1].w == "'s" {
			return false
		}
		n := m.respNounAfter(s, k+1)
		if n < 0 || weakNouns[toks[n].w] && !m.disclaims(s) {
			return false
		}
		return m.predicative(s, k, toks[n].w)
	case "up", "down":
		// "entirely up to the carrier", "down to the venue now".
		if k+2 >= s.b || toks[k+1].w != "to" || timeAfterTo[toks[k+2].w] {
			return false
		}
		return m.third(s, k+2, true) > 0 && m.linked(s, k)
	case "for":
		// "a matter for your card issuer", "one for the installer".
		if k > s.a+1 && toks[k-1].w == "'s" && toks[k-2].w == "one" {
			// "that one's for Oksana - the sponsorship contracts are
			// hers", not "that one's for Oksana - she ordered it".
			return m.third(s, k+1, true) > 0 && m.disclaims(s)
		}
		if k == s.a || !forHolders[toks[k-1].w] || m.third(s, k+1, true) == 0 {
			return false
		}
		j := k - 2
		for j >= s.a && (toks[j].w == "a" || toks[j].w == "an" || toks[j].w == "the" || toks[j].w == "really" || toks[j].w == "more" || toks[j].w == "very" || toks[j].w == "much" || toks[j].w == "squarely" || toks[j].w == "one") {
			j--
		}
		return j >= s.a && copulas[toks[j].w]
	case "on":
		// "that's squarely on the airline", "entirely on the vendor now".
		if k == s.a || !onAdverbs[toks[k-1].w] || k < s.a+2 || !copulas[toks[k-2].w] {
			return false
		}
		// "squarely on the airline, the travel desk has no seats", not
		// "drinks are entirely on the agency tonight".
		return m.third(s, k+1, false) > 0 && m.powerless()
	case "belongs", "belong", "lives", "live", "sits", "sit", "rests", "lies", "falls", "fall":
		// "change orders belong to the general contractor", "vendor
		// onboarding lives with procurement".
		j := k + 1
		for j < s.b && predAdverbs[toks[j].w] {
			j++
		}
		if j+1 >= s.b {
			return false
		}
		switch toks[j].w {
		case "to", "with", "under", "within":
		default:
			return false
		}
		// Who keeps what is a fact ("the spare key lives with Tom");
		// it deflects when the matter is disclaimed too.
		return m.third(s, j+1, true) > 0 && m.disclaims(s)
	case "come":
		// "any fix would have to come from the plugin author", "a credit
		// note can only come from head office".
		if !m.obligedBefore(s, k) || m.addressed(s, k) || m.goodsBefore(s, k) {
			return false
		}
		j := k + 1
		for j < s.b && (toks[j].w == "directly" || toks[j].w == "only" || toks[j].w == "straight" || toks[j].w == "officially" || toks[j].w == "formally") {
			j++
		}
		return j+1 < s.b && toks[j].w == "from" && m.third(s, j+1, true) > 0
	}
	return false
}

// onAdverbs make "is on X" an attribution: "squarely on the airline".
var onAdverbs = set("squarely", "entirely", "firmly", "totally", "solely", "wholly", "all", "really", "fully")

var (
	forHolders  = set("matter", "one", "question", "job", "issue", "thing", "case", "conversation", "decision", "call", "problem", "query")
	timeAfterTo = set("date", "speed", "scratch", "par", "standard", "now", "this", "that", "you", "me", "us", "here", "there", "then", "it", "what", "whatever", "which", "no", "today", "tomorrow", "minute", "wire", "last", "end", "point", "mark", "task", "job")
)

// holderBefore returns where the third party whose possessive "'s" is at
// k begins, or -1: "Priya", "the landlord", "head office", "your IT
// people", "the bride's mother".
func (m *msg) holderBefore(s sentence, k int) int {
	for j := k - 1; j >= s.a && j >= k-5; j-- {
		// "the bride's mother": a party whose possessive names the holder.
		if n := m.thirdUntil(s, j, k); n > 0 && (j+n >= k || m.toks[j+n].w == "'s" && k-(j+n) <= 3) {
			// A possessive of a possessive: "the bride's mother's call".
			if j > s.a+1 && m.toks[j-1].w == "'s" {
				if h := m.holderBefore(s, j-1); h >= 0 {
					return h
				}
			}
			// A title: "Mrs. Achterberg's decision".
			if j > s.a && m.toks[j-1].w == "." && j-1 > s.a && titles[m.toks[j-2].w] {
				return j - 2
			}
			if j > s.a && titles[m.toks[j-1].w] {
				return j - 1
			}
			return j
		}
		if t := m.toks[j]; t.kind == kindPunct || npStops[t.w] || copulas[t.w] {
			break
		}
	}
	return -1
}

// yourOwn after "your" leave the matter with the reader, not a third
// party: "your call", "your decision".
var yourOwn = set("call", "decision", "choice", "own", "preference", "pick")

var titles = set("mr", "mrs", "ms", "dr", "miss", "prof", "sir", "madam", "mx")

// third returns the length of a third party at k: a party that is neither
// the speaker nor the reader, or 0.
func (m *msg) third(s sentence, k int, np bool) int {
	if k >= s.b {
		return 0
	}
	if (m.toks[k].w == "your" || m.toks[k].w == "ur") && k+1 < s.b && yourOwn[m.toks[k+1].w] {
		return 0
	}
	if n := m.partyCached(k, s.b, np); n > 0 || !np {
		return n
	}
	// A noun phrase ends at its verb: "the tour operator has authority".
	for e := k + 2; e < s.b && e <= k+4; e++ {
		if clauseVerbs[m.toks[e].w] {
			return m.party(k, e, true)
		}
	}
	return 0
}

// clauseVerbs end the noun phrase before them.
var clauseVerbs = set("is", "are", "was", "were", "has", "have", "had", "decides", "decide",
	"runs", "sets", "holds", "owns", "keeps", "approves", "handles", "controls", "who", "which",
	"that", "alone")

// thirdUntil is third for a party that must end by e, at a possessive.
func (m *msg) thirdUntil(s sentence, k, e int) int {
	if (m.toks[k].w == "your" || m.toks[k].w == "ur") && k+1 < e && yourOwn[m.toks[k+1].w] {
		return 0
	}
	return m.party(k, e, true)
}

// respNounAfter returns the responsibility noun at k, or after one or two
// modifiers ("Priya's own call", "the 3PL's sole responsibility"), or -1.
func (m *msg) respNounAfter(s sentence, k int) int {
	for j := k; j < s.b && j < k+3; j++ {
		t := m.toks[j]
		if t.kind != kindWord {
			return -1
		}
		if respNouns[t.w] {
			return j
		}
		if npStops[t.w] || copulas[t.w] {
			return -1
		}
	}
	return -1
}

// predicative reports a holder at h whose noun is the sentence's
// predicate: after a copula ("is Priya's baby") or in a locative ("on the
// telco's side").
func (m *msg) predicative(s sentence, h int, noun string) bool {
	j := h - 1
	for j >= s.a && (predAdverbs[m.toks[j].w] || m.toks[j].w == "the" || m.toks[j].w == "a") {
		j--
	}
	if j < s.a {
		return false
	}
	w := m.toks[j].w
	if !copulas[w] && !locatives[w][noun] {
		return false
	}
	// The speaker's side as the subject is no attribution: "our team is
	// on the client's side".
	for i := j - 1; i >= s.a; i-- {
		switch m.toks[i].w {
		case "we", "i", "our", "my", "us":
			return false
		case ",", ";", "but", "and", "so", ":", "-", "—":
			return true
		}
	}
	return true
}

// linked reports a copula before k, across adverbs: "is entirely up to".
func (m *msg) linked(s sentence, k int) bool {
	j := k - 1
	for j >= s.a && predAdverbs[m.toks[j].w] {
		j--
	}
	return j >= s.a && copulas[m.toks[j].w]
}

// standsAlone reports that nothing but a coda follows k in the sentence:
// "Mr. Okafor's call, not mine", "Mrs. Achterberg's decision and hers alone".
func (m *msg) standsAlone(s sentence, k int) bool {
	switch {
	case k >= s.b || k+1 == s.b && m.toks[k].kind == kindPunct:
		return true // "Mr. Okafor's call."
	case m.toks[k].w == "not", m.toks[k].w == "," && m.word(s, k+1) == "not":
		return true // "Mr. Okafor's call, not mine"
	case m.toks[k].w == "and":
		switch m.word(s, k+1) {
		case "hers", "his", "theirs":
			return true // "Mrs. Achterberg's decision and hers alone"
		}
	}
	return false
}

// obligedBefore reports a modal of obligation governing the verb at k:
// "would have to", "needs to", "must", "can only".
func (m *msg) obligedBefore(s sentence, k int) bool {
	for j := k - 1; j >= s.a && j >= k-4; j-- {
		switch m.toks[j].w {
		case "must", "have", "has", "need", "needs", "should", "ought":
			return true
		case "only":
			return j > s.a && (m.toks[j-1].w == "can" || m.toks[j-1].w == "could")
		case "to", "would", "will", "'d", "directly", "really", "also", "first", "still", "all", "got":
			continue
		}
		return false
	}
	return false
}

// agencyVerbs are what the speaker's side cannot do when it disowns a
// matter: "nothing anyone here can change", "none of us can nudge it".
var agencyVerbs = set("do", "change", "move", "lift", "override", "reopen", "undo", "nudge",
	"fix", "approve", "amend", "alter", "bend", "waive", "extend", "recall", "cancel", "touch",
	"help", "influence", "speed", "shift", "stop", "intervene", "unlock", "edit", "refund",
	"reverse", "budge", "release", "adjust", "expedite", "overturn", "steer", "control",
	"affect", "decide", "authorise", "authorize", "sign", "grant", "issue", "reissue", "update",
	"remove", "restore", "revert", "bypass", "skip", "raise", "lower", "reduce", "pull", "push",
	"say", "weigh", "act", "get", "make", "offer", "promise", "guarantee", "see", "access")

// word is the word at j, or "" past the end of sentence s.
func (m *msg) word(s sentence, j int) string {
	if j < s.b {
		return m.toks[j].w
	}
	return ""
}

// disowns reads the speaker's side disowning the matter at k.
func (m *msg) disowns(s sentence, k int) bool {
	toks := m.toks
	next := func(j int) string { return m.word(s, j) }
	switch toks[k].w {
	case "no":
		if next(k+1) == "longer" {
			// "no longer up to us", "no longer ours to steer", "can no
			// longer intervene".
			switch next(k + 2) {
			case "ours", "mine", "our", "my", "with", "in", "something", "a":
				return true
			case "up", "down":
				return next(k+3) == "to" && (next(k+4) == "us" || next(k+4) == "me")
			}
			if k > s.a && (toks[k-1].w == "can" || toks[k-1].w == "could") && !m.addressed(s, k-1) {
				return agencyVerbs[next(k+2)]
			}
			return false
		}
		if next(k+1) == "one" {
			return m.noOneCan(s, k+2)
		}
		// "I have no sway over how the co-op grades the fleeces".
		if powerNouns[next(k+1)] && m.speakerBefore(s, k) {
			return true
		}
		return false
	case "nobody", "noone":
		return m.noOneCan(s, k+1)
	case "nothing":
		// "nothing anyone here can change", "nothing I'm able to do", but
		// not "nothing can stop us": nothing is then the agent.
		switch next(k + 1) {
		case "anyone", "anybody", "i", "we", "one", "someone", "somebody", "us", "our", "my", "else", "more", "further":
			return m.noOneCan(s, k+1)
		}
		return false
	case "none":
		return next(k+1) == "of" && (next(k+2) == "us" || next(k+2) == "them") && m.noOneCan(s, k+3)
	case "let", "allow":
		// A system or a rule that nobody can move: "the booking engine
		// won't let anyone on our side override it".
		if k < s.a+2 || toks[k-1].w != "not" {
			return false
		}
		switch next(k + 1) {
		case "anyone", "anybody", "us", "me", "any":
			// To change what was set: "won't let anyone override the
			// window", not "won't let anyone book more than two rooms".
			for j := k + 2; j < s.b && j <= k+5; j++ {
				if undoVerbs[toks[j].w] || toks[j].w == "move" || toks[j].w == "adjust" || toks[j].w == "extend" || toks[j].w == "bypass" {
					return true
				}
			}
		}
		return false
	case "zero", "lost":
		// "I've got zero leverage over the mill", "we've lost edit access"
		// (not "... lost access to the old board, but everything has
		// moved").
		if !m.speakerBefore(s, k) {
			return false
		}
		for j := k; j < s.b; j++ {
			if toks[j].w == "but" {
				return false
			}
		}
		for j := k + 1; j < s.b && j <= k+2; j++ {
			switch toks[j].w {
			case "leverage", "control", "say", "influence", "sway", "authority", "power", "pull",
				"access", "rights", "permission", "permissions", "visibility":
				return true
			}
		}
		return false
	case "powerless":
		for j := k - 1; j >= s.a && j >= k-3; j-- {
			if w := toks[j].w; w == "us" || w == "me" || w == "we" || w == "i" {
				return true
			}
		}
		return false
	case "permitted", "allowed", "authorised", "authorized":
		// "reception staff aren't permitted to alter a prescription".
		return k > s.a && toks[k-1].w == "not" && next(k+1) == "to" && agencyVerbs[next(k+2)] && !m.addressed(s, k-1)
	case "kept", "locked":
		// "officers like me are kept well out of it", "we've been locked
		// out of the school's MIS".
		j := k + 1
		if next(j) == "well" {
			j++
		}
		// Not "we're no longer locked out".
		if k > s.a && (toks[k-1].w == "longer" || toks[k-1].w == "not") {
			return false
		}
		return next(j) == "out" && (toks[k].w == "kept" || m.speakerSide(s, k))
	case "beyond":
		return (next(k+1) == "our" || next(k+1) == "my") && (next(k+2) == "reach" || next(k+2) == "control" || next(k+2) == "power")
	case "above":
		// "decisions like that get made well above my level".
		return (next(k+1) == "my" || next(k+1) == "our") && (next(k+2) == "level" || next(k+2) == "grade" || next(k+2) == "station")
	case "left":
		// "it has left our team for good", "that left our hands in May".
		return (next(k+1) == "our" || next(k+1) == "my") && (next(k+2) == "team" || next(k+2) == "hands" || next(k+2) == "desk" || next(k+2) == "department" || next(k+2) == "office")
	case "unable":
		// "the hospital's system reassigned the slot and I'm unable to
		// undo it".
		return next(k+1) == "to" && undoVerbs[next(k+2)] && m.speakerSide(s, k) && m.causeElsewhere(s, k)
	case "not":
		// "our warehouse can't recall it" once a shipment is manifested.
		if k > s.a && (toks[k-1].w == "can" || toks[k-1].w == "could") && undoVerbs[next(k+1)] && m.speakerSide(s, k-1) && m.causeElsewhere(s, k) {
			return true
		}
		// "isn't ours to change anymore", "not a lever we have".
		switch next(k + 1) {
		case "ours", "mine":
			// "not ours to steer", and "the registrar's job, not ours".
			return next(k+2) == "to" && agencyVerbs[next(k+3)] || k > s.a && (respNouns[toks[k-1].w] || toks[k-1].w == ",")
		case "a", "an":
			switch next(k + 2) {
			case "lever", "button", "switch", "dial", "knob":
				return true
			}
		}
		// "can't be bent by anyone in store", "can't be unfrozen from our
		// side".
		if k > s.a && (toks[k-1].w == "can" || toks[k-1].w == "could") && next(k+1) == "be" {
			for j := k + 3; j < s.b && j <= k+4; j++ {
				if toks[j].w == "by" {
					switch next(j + 1) {
					case "anyone", "anybody", "us", "me", "anyone's":
						return true
					}
				}
				if (toks[j].w == "from" || toks[j].w == "on") && (next(j+1) == "our" || next(j+1) == "my") {
					return true
				}
			}
		}
		// "the licence renewal isn't ours".
		if k > s.a && (toks[k-1].w == "is" || toks[k-1].w == "are") && (next(k+1) == "ours" || next(k+1) == "mine") && (k+2 >= s.b || toks[k+2].kind == kindPunct) {
			return true
		}
	}
	return false
}

// attendVerbs are abilities nobody lacking is a deflection: "no one can
// make Friday's retro", "nobody can see the draft".
var attendVerbs = set("make", "see", "get", "say", "help", "attend", "join", "come", "access", "act", "offer")

// noOneCan reads "<nobody> [here|on our side|at branch level] can <act>"
// from k, the words after the universal negative.
func (m *msg) noOneCan(s sentence, k int) bool {
	toks := m.toks
	for j := k; j < s.b && j <= k+5; j++ {
		w := toks[j].w
		if toks[j].kind == kindPunct {
			return false
		}
		if w == "can" || w == "could" {
			v := j + 1
			for v < s.b && (toks[v].w == "really" || toks[v].w == "actually" || toks[v].w == "possibly" || toks[v].w == "do" && v+1 < s.b && toks[v+1].w == "a") {
				if toks[v].w == "do" {
					return true // "can do a thing about it"
				}
				v++
			}
			return v < s.b && agencyVerbs[toks[v].w] && !attendVerbs[toks[v].w]
		}
		if w == "is" || w == "are" || w == "am" || w == "will" {
			// "nothing I'm able to do", "nobody will be able to change".
			for v := j + 1; v < s.b && v <= j+3; v++ {
				if toks[v].w == "able" {
					return true
				}
			}
		}
	}
	return false
}

// speakerBefore reports the speaker as the subject before k: "I've got",
// "we have", "we've".
func (m *msg) speakerBefore(s sentence, k int) bool {
	for j := k - 1; j >= s.a && j >= k-3; j-- {
		switch m.toks[j].w {
		case "i", "we":
			return true
		case "have", "got", "has", "really", "just", "now", "since", "also", "basically":
			continue
		}
		return false
	}
	return false
}

// addressed reports "you" as the subject of the verb group ending at k.
func (m *msg) addressed(s sentence, k int) bool {
	for j := k - 1; j >= s.a && j >= k-3; j-- {
		if m.toks[j].w == "you" {
			return true
		}
	}
	return false
}

// redirectVerbs send the reader to someone, each with the prepositions it
// takes before the party ("_" for a direct object: "ring the distributor").
var redirectVerbs = func() map[string]string {
	out := map[string]string{}
	for _, v := range []struct{ forms, preps string }{
		{"take taking", "with to"}, {"raise raising", "with to"}, {"go going", "to through via"},
		{"check checking", "with"}, {"reach reaching", "to"}, {"contact contacting", "_"},
		{"chase chasing", "_ with"}, {"speak speaking talk talking", "to with"},
		{"ring ringing phone phoning call calling email emailing", "_"}, {"ask asking", "_ to"},
		{"apply applying", "to on through via with"}, {"lodge lodging", "with to"},
		{"put putting", "to"}, {"address addressing direct directing refer referring", "to"},
		{"consult consulting approach approaching", "_"}, {"get getting", "with"},
		{"write writing", "to"}, {"file filing submit submitting", "with to through"},
		{"follow following", "with"}, {"liaise liaising", "with"}, {"escalate escalating", "to with"},
		{"complain complaining", "to"}, {"query querying", "with"}, {"point pointing", "to towards"}, {"suggest", ""},
	} {
		for _, f := range strings.Fields(v.forms) {
			out[f] = " " + v.preps + " "
		}
	}
	return out
}()

// obligation marks a verb group that tells the reader what to do.
var obligation = set("have", "has", "need", "needs", "must", "should", "ought", "better", "wise",
	"want", "required", "best", "advised", "welcome")

// chainWords may make up the verb group between "you" and the verb: "you
// would have to", "you'll probably need to", "you're better off".
var chainWords = set("would", "will", "have", "has", "to", "need", "needs", "must", "should",
	"ought", "had", "better", "be", "wise", "are", "off", "want", "required", "may", "might",
	"going", "best", "probably", "really", "just", "also", "first", "then", "likely", "instead",
	"directly", "advised", "still", "always", "honestly", "definitely", "'d", "'ll", "is", "was")

// redirects reads the reader sent to a third party at k.
func (m *msg) redirects(s sentence, k int) bool {
	toks := m.toks
	switch toks[k].w {
	case "you":
		// "you should raise it with the building manager", "you'd be wise
		// to put that to your broker", "you're better off ringing the ward".
		if k > s.a && (toks[k-1].w == "if" || toks[k-1].w == "unless" || toks[k-1].w == "when" || toks[k-1].w == "thank" || toks[k-1].w == "see") {
			return false
		}
		// "you'd apply to the animal health agency", "for seating you
		// want the registrar".
		if k+2 < s.b && toks[k+1].w == "would" && toks[k+2].w != "like" && m.sendsTo(s, k+2) {
			return true
		}
		if k+2 < s.b && (toks[k+1].w == "want" || toks[k+1].w == "need") && m.third(s, k+2, false) > 0 {
			return true
		}
		// "I'd suggest you contact the insurer's claims line", "I'd point
		// you to the bursar".
		if k >= s.a+2 && (toks[k-1].w == "suggest" || toks[k-1].w == "recommend" || toks[k-1].w == "advise" || toks[k-1].w == "that" && k >= s.a+3 && (toks[k-2].w == "suggest" || toks[k-2].w == "recommend")) && m.sendsTo(s, k+1) {
			return true
		}
		if k >= s.a+2 && toks[k-1].w == "point" && k+2 < s.b && (toks[k+1].w == "to" || toks[k+1].w == "towards") && m.third(s, k+2, true) > 0 {
			return true
		}
		obliged := false
		j := k + 1
		for ; j < s.b && j <= k+6 && chainWords[toks[j].w]; j++ {
			obliged = obliged || obligation[toks[j].w]
		}
		if !obliged || j >= s.b || k > s.a && (toks[k-1].w == "if" || toks[k-1].w == "unless" || toks[k-1].w == "when") {
			return false
		}
		return m.sendsTo(s, j)
	case "best", "better":
		// "best to chase the courier", "your best bet would be the
		// helpdesk portal", "better to ask your bank".
		j := k + 1
		if j < s.b && (toks[j].w == "bet" || toks[j].w == "option" || toks[j].w == "route" || toks[j].w == "way") {
			j++
			for j < s.b && (toks[j].w == "is" || toks[j].w == "would" || toks[j].w == "will" || toks[j].w == "be" || toks[j].w == "probably" || toks[j].w == "here" || toks[j].w == "then") {
				j++
			}
			if j < s.b && toks[j].w == "to" {
				return m.sendsTo(s, j+1)
			}
			return j > k+2 && m.third(s, j, true) > 0
		}
		if j < s.b && toks[j].w == "to" && (k == m.afterVocative(s) || k > s.a && (toks[k-1].w == "is" || toks[k-1].w == "probably")) {
			return m.sendsTo(s, j+1)
		}
		return false
	case "if":
		// "I'd go straight to the event organisers if I were you."
		if k+3 >= s.b || toks[k+1].w != "i" || toks[k+2].w != "were" || toks[k+3].w != "you" {
			return false
		}
		for j := s.a; j < k; j++ {
			if _, ok := redirectVerbs[toks[j].w]; ok && m.sendsTo(s, j) {
				return true
			}
		}
		return false
	case "who", "whom":
		// "Mr. Haddad in conveyancing is who you should be checking with."
		if k == s.a || !copulas[toks[k-1].w] || k+1 >= s.b || toks[k+1].w != "you" {
			return false
		}
		start := m.afterVocative(s)
		return m.third(s, start, false) > 0 && m.redirects(s, k+1) || m.third(s, start, false) > 0 && m.obligedAfter(s, k+2)
	case "be":
		// "any dispute has to be raised with the utility".
		if k+2 >= s.b || !m.obligedBefore(s, k) {
			return false
		}
		j := k + 1
		switch toks[j].w {
		case "raised", "lodged", "directed", "addressed", "referred", "filed", "submitted",
			"escalated", "routed", "reported", "taken", "made", "logged", "put":
		default:
			return false
		}
		j++
		if j < s.b && toks[j].w == "up" {
			j++
		}
		if j+1 >= s.b {
			return false
		}
		switch toks[j].w {
		case "with", "to", "via", "through":
			return m.third(s, j+1, true) > 0
		}
		return false
	case "go":
		// "leave approval must go via your line manager".
		if k+2 >= s.b || !m.obligedBefore(s, k) || m.speakerBefore(s, k) {
			return false
		}
		if w := toks[k+1].w; w == "via" || w == "through" {
			return m.third(s, k+2, true) > 0
		}
		return false
	case "person", "people", "ones", "contact", "place", "team":
		// "the person to speak to is Benedikt Sørlie", "the ones to ask
		// are the registrars".
		if k+2 >= s.b || toks[k+1].w != "to" {
			return false
		}
		if _, ok := redirectVerbs[toks[k+2].w]; !ok {
			return false
		}
		for j := k + 3; j < s.b && j <= k+5; j++ {
			if toks[j].w == "is" || toks[j].w == "are" || toks[j].w == "would" {
				for p := j + 1; p < s.b && p <= j+2; p++ {
					if m.third(s, p, true) > 0 {
						return true
					}
				}
				return false
			}
		}
		return false
	case "port", "path", "route", "stop", "go-to", "point":
		// "your port of call there is the bursar", "your quickest path is
		// the grant officer".
		j := k + 1
		for j < s.b && j <= k+3 && (toks[j].w == "of" || toks[j].w == "call" || toks[j].w == "contact" || toks[j].w == "there" || toks[j].w == "here") {
			j++
		}
		if j+1 >= s.b || toks[j].w != "is" && toks[j].w != "would" {
			return false
		}
		if toks[j].w == "would" {
			j++
		}
		if j+1 < s.b && toks[j+1].w == "be" {
			j++
		}
		for b := k - 1; b >= s.a && b >= k-3; b-- {
			if toks[b].w == "your" {
				return m.third(s, j+1, true) > 0
			}
		}
		return false
	case "raising", "taking", "putting", "addressing", "referring", "escalating", "directing":
		// "that needs raising with the franchisor".
		if k == s.a || toks[k-1].w != "needs" && toks[k-1].w != "need" && toks[k-1].w != "wants" {
			return false
		}
		for j := k + 1; j < s.b && j <= k+3; j++ {
			if (toks[j].w == "with" || toks[j].w == "to") && m.third(s, j+1, true) > 0 {
				return true
			}
		}
		return false
	case ",", ";", "-", "—":
		// An imperative redirect after a fronted clause: "If the
		// timetable doesn't suit, write to the operator's customer
		// relations team."
		if k+1 >= s.b || k == s.a {
			return false
		}
		switch toks[s.a].w {
		case "if", "for", "when", "re", "regarding", "on", "about", "as":
		default:
			return false
		}
		if _, ok := redirectVerbs[toks[k+1].w]; !ok || toks[k+1].w == "suggest" {
			return false
		}
		return m.sendsTo(s, k+1)
	case "one", "something", "question":
		// "the tagline question is one to take to the agency of record".
		if k+2 < s.b && toks[k+1].w == "to" && k > s.a && (toks[k-1].w == "is" || toks[k-1].w == "a") {
			return m.sendsTo(s, k+2)
		}
		return false
	case "please", "kindly":
		// "Kindly contact the customs broker", "please address any
		// retention queries to the main contractor".
		if k != m.afterVocative(s) && k != s.a || m.tasked(s) {
			return false
		}
		return m.sendsTo(s, k+1)
	}
	return false
}

// obligedAfter reports a verb group of obligation from k: "should be
// checking with", "need to speak to".
func (m *msg) obligedAfter(s sentence, k int) bool {
	for j := k; j < s.b && j <= k+3; j++ {
		if obligation[m.toks[j].w] {
			return true
		}
	}
	return false
}

// sendsTo reads a redirect verb at v (after "be" or "be -ing" of a
// progressive) sending the reader to a third party within the clause,
// with no request back.
func (m *msg) sendsTo(s sentence, v int) bool {
	toks := m.toks
	for v < s.b && (toks[v].w == "be" || toks[v].w == "straight" || toks[v].w == "directly" || toks[v].w == "first") {
		v++
	}
	if v >= s.b {
		return false
	}
	preps, ok := redirectVerbs[toks[v].w]
	if !ok {
		return false
	}
	if containsWord(preps, "_") && m.third(s, v+1, false) > 0 {
		return !m.asksBack(v, s.b)
	}
	for j := v + 1; j < s.b && j <= v+8; j++ {
		t := toks[j]
		if t.kind == kindPunct && t.w != "'s" || t.w == "and" || t.w == "but" || t.w == "or" {
			return false
		}
		if t.w == "directly" || t.w == "straight" {
			continue
		}
		if containsWord(preps, t.w) && m.third(s, j+1, true) > 0 {
			return !m.asksBack(v, s.b)
		}
	}
	return false
}

// containsWord reports w among the space-separated words of list, which
// begins and ends with a space.
func containsWord(list, w string) bool {
	for i := 0; i+len(w)+1 < len(list); i++ {
		if list[i] == ' ' && list[i+1:i+1+len(w)] == w && list[i+1+len(w)] == ' ' {
			return true
		}
	}
	return false
}

// wishful reports a sentence that hopes for a third party's action
// rather than sending anyone away: "hopefully the courier gets it there
// Friday", "fingers crossed legal signs off today".
func (m *msg) wishful(s sentence) bool {
	toks := m.toks
	for k := s.a; k < s.b; k++ {
		switch toks[k].w {
		case "hopefully", "hoping", "fingers", "luck", "touch", "wish":
			if toks[k].w == "touch" && (k+1 >= s.b || toks[k+1].w != "wood") {
				continue
			}
			return true
		case "hope":
			return k > s.a && (toks[k-1].w == "i" || toks[k-1].w == "we" || toks[k-1].w == "let")
		}
	}
	return false
}

// powerNouns are what the speaker's side lacks when it disowns a matter.
var powerNouns = set("say", "power", "hand", "standing", "discretion", "mechanism", "override",
	"button", "control", "authority", "leverage", "access", "rights", "influence", "sway", "vote",
	"involvement", "visibility", "ability")

// undoVerbs are what cannot be taken back once a third party or a system
// has acted: "can't recall it", "unable to undo it".
var undoVerbs = set("recall", "undo", "reverse", "reopen", "override", "amend", "change",
	"cancel", "unlock", "edit", "alter", "retrieve", "refund", "intervene", "waive", "revoke",
	"unsend", "withdraw", "rescind", "restore", "reinstate", "overturn", "stop", "act", "release",
	"revisit", "influence", "unfreeze")

// speakerSide reports the speaker or the speaker's side as the subject of
// the verb group before k: "I'm", "we", "our warehouse".
func (m *msg) speakerSide(s sentence, k int) bool {
	for j := k - 1; j >= s.a && j >= k-4; j-- {
		switch m.toks[j].w {
		case "i", "we", "us", "our", "my":
			return true
		case ",", ";", "and", "but", "so", "you", "they", "he", "she":
			return false
		}
	}
	return false
}

// causeElsewhere reports what took the matter out of the speaker's
// hands, in the sentence before k: a clause of "once" ("once a shipment
// is manifested"), or a third party acting ("the hospital's system
// reassigned the slot").
func (m *msg) causeElsewhere(s sentence, k int) bool {
	for j := s.a; j < k; j++ {
		switch m.toks[j].w {
		case "once", "anymore", "since":
			return true
		case "'s":
			if m.holderBefore(s, j) >= 0 {
				return true
			}
		}
	}
	for j := k; j < s.b; j++ {
		if m.toks[j].w == "anymore" || m.toks[j].w == "once" {
			return true
		}
	}
	return false
}

// goods travel: "the parcel has to come from Leeds" is no deflection.
var goods = set("parcel", "parcels", "package", "packages", "delivery", "deliveries", "shipment",
	"shipments", "stock", "goods", "order", "orders", "items", "boxes", "pallets", "materials",
	"parts", "train", "flight", "bus", "van", "truck", "lorry", "courier", "samples", "supplies",
	"water", "power", "electricity", "signal", "noise", "smell", "leak", "sound", "light")

// goodsBefore reports goods as the subject of the verb at k.
func (m *msg) goodsBefore(s sentence, k int) bool {
	for j := k - 1; j >= s.a && j >= k-6; j-- {
		if goods[m.toks[j].w] {
			return true
		}
	}
	return false
}

// A weaker attribution names who acts on the matter without saying it is
// theirs alone: "is run centrally by the franchisor", "go before the
// trustees", "hinges on the contracting authority". It deflects when the
// message also says the speaker's side is powerless in it ("store owners
// can't touch it", "we just staff the platform", "the practice has no
// standing"). A stronger one deflects alone: "only the council can fix
// it", "must be granted by the harbourmaster", "at the syndicate's sole
// discretion", "for the contracting officer alone to authorise".

// participles may be the verb of a passive whose agent takes the matter:
// any "-ed", "-en" or "-wn" form, and these.
var participles = set("set", "run", "done", "made", "held", "kept", "paid", "sent", "built", "put",
	"cut", "led", "read", "met", "dealt", "sold", "bought", "caught", "taught", "won", "shut")

func isParticiple(w string) bool {
	n := len(w)
	return participles[w] || n > 3 && (w[n-2:] == "ed" || w[n-2:] == "en" || w[n-2:] == "wn")
}

// agent reads a weak or strong attribution at k: strong reports one that
// deflects on its own.
func (m *msg) agent(s sentence, k int) (found, strong bool) {
	toks := m.toks
	next := func(j int) string { return m.word(s, j) }
	switch toks[k].w {
	case "by":
		// "is run centrally by the franchisor", "can only be issued by
		// the trust's data team".
		j := k - 1
		for j > s.a && (toks[j].w == "up" || toks[j].w == "out" || toks[j].w == "centrally" || toks[j].w == "solely" || toks[j].w == "only" || toks[j].w == "exclusively" || toks[j].w == "entirely") {
			j--
		}
		if j <= s.a || !isParticiple(toks[j].w) || m.third(s, k+1, true) == 0 {
			return false, false
		}
		for b := j - 1; b >= s.a && b >= j-3; b-- {
			switch toks[b].w {
			case "be":
				return true, m.obligedBefore(s, b) || b > s.a && toks[b-1].w == "only"
			case "is", "are", "was", "were", "gets", "get", "got", "been":
				return true, false
			}
		}
		return false, false
	case "only":
		// "only the council can fix the streetlight", "only Yusra has
		// admin rights".
		n := m.third(s, k+1, true)
		if n == 0 || k > s.a && (toks[k-1].w == "can" || toks[k-1].w == "could" || toks[k-1].w == "not") {
			return false, false
		}
		// "only the council can fix it", "only Yusra has admin rights";
		// not "only Maria has seen the draft so far".
		j := k + 1 + n
		switch next(j) {
		case "can", "could", "may":
			return agencyVerbs[next(j+1)] && !attendVerbs[next(j+1)], true
		case "has", "have", "holds", "hold":
			for p := j + 1; p < s.b && p <= j+3; p++ {
				if powerNouns[toks[p].w] || toks[p].w == "admin" || toks[p].w == "keys" || toks[p].w == "permission" {
					return true, true
				}
			}
		case "decides", "decide", "approves", "approve", "authorises", "authorizes", "signs":
			return true, true
		case "is", "are":
			switch next(j + 1) {
			case "able", "allowed", "authorised", "authorized", "permitted", "entitled":
				return true, true
			}
		}
		return false, false
	case "alone":
		// "the headteacher alone decides", "for the contracting officer
		// alone to authorise".
		for j := k - 1; j >= s.a && j >= k-5; j-- {
			if n := m.thirdUntil(s, j, k); n > 0 && j+n == k {
				return true, true
			}
		}
		return false, false
	case "sole", "solely":
		// "the sole party able to renew it", "at the syndicate's sole
		// discretion".
		switch next(k + 1) {
		case "party", "discretion", "responsibility", "authority", "owner", "one", "body", "decision":
			return true, true
		}
		return false, false
	case "reserved":
		return next(k+1) == "for" && m.third(s, k+2, true) > 0, true
	case "hands":
		// "in the hands of the deposit scheme now".
		return k >= s.a+2 && toks[k-1].w == "the" && toks[k-2].w == "in" && next(k+1) == "of" && m.third(s, k+2, true) > 0, true
	case "discretion":
		// "at the front office manager's discretion".
		return k > s.a && toks[k-1].w == "'s" && m.holderBefore(s, k-1) >= 0, true
	case "hinges", "rests", "depends", "hinge", "rest", "depend":
		if next(k+1) == "on" || next(k+1) == "upon" {
			return m.third(s, k+2, true) > 0, false
		}
	case "come", "comes", "originates", "originate":
		// "parking permits come from the landlord's agent".
		if next(k+1) == "from" || next(k+1) == "with" {
			return m.third(s, k+2, false) > 0, false
		}
	case "run", "runs":
		// "pitch bookings run through the county FA's system".
		if next(k+1) == "through" || next(k+1) == "via" {
			return m.third(s, k+2, true) > 0, false
		}
	case "consent", "approval", "permission", "sign-off", "authorisation", "authorization":
		// "require consent from Historic England", "need the
		// commissioning editor's approval".
		if next(k+1) == "from" || next(k+1) == "of" {
			return m.third(s, k+2, true) > 0, false
		}
		return k > s.a && toks[k-1].w == "'s" && m.holderBefore(s, k-1) >= 0, false
	case "which", "who":
		// "it is the embassy which decide".
		if k < s.a+3 || k+1 >= s.b {
			return false, false
		}
		switch next(k + 1) {
		case "decide", "decides", "approve", "approves", "handle", "handles", "sets", "set", "controls", "control":
		default:
			return false, false
		}
		for j := k - 1; j > s.a && j >= k-5; j-- {
			if (toks[j].w == "is" || toks[j].w == "'s") && toks[j-1].w == "it" {
				return m.third(s, j+1, true) > 0, true
			}
		}
	case "go", "goes":
		// "grant reallocations go before the trustees", "renewals go to
		// Giedre in lettings".
		if w := next(k + 1); w == "before" || w == "to" || w == "through" {
			return m.third(s, k+2, false) > 0, false
		}
	case "down":
		// "scholarship amounts come down from the foundation board".
		if k > s.a && (toks[k-1].w == "come" || toks[k-1].w == "comes") && next(k+1) == "from" {
			return m.third(s, k+2, true) > 0, false
		}
	}
	return false, false
}

// powerless reports the message saying its speaker's side can do nothing
// in the matter: "store owners can't touch it", "we just staff the
// platform", "no one at the studio has a button", "the practice has no
// standing", "officers like me are kept out of it".
func (m *msg) powerless() bool {
	if !m.powerlessRead {
		m.powerlessRead, m.powerlessVal = true, m.readPowerless()
	}
	return m.powerlessVal
}

func (m *msg) readPowerless() bool {
	toks := m.toks
	for _, s := range m.sents {
		if s.question {
			continue
		}
		for k := s.a; k < s.b; k++ {
			w := toks[k].w
			next := ""
			if k+1 < s.b {
				next = toks[k+1].w
			}
			switch w {
			case "not":
				if k > s.a && (toks[k-1].w == "can" || toks[k-1].w == "could") && (agencyVerbs[next] || next == "be" || next == "lodge" || next == "call" || next == "authorise" || next == "authorize" || next == "promise") && !m.addressed(s, k) {
					return true
				}
				if k > s.a && (toks[k-1].w == "do" || toks[k-1].w == "does") {
					switch next {
					case "get", "manage", "handle", "decide", "deal", "control", "run", "take", "set", "see", "touch":
						return true
					}
				}
				switch next {
				case "permitted", "allowed", "involved", "consulted", "possible", "ours", "mine", "negotiable", "authorised", "authorized":
					return true
				case "in":
					if k+2 < s.b && toks[k+2].w == "that" || k+3 < s.b && toks[k+3].w == "loop" {
						return true
					}
				}
			case "unable", "powerless":
				return true
			case "no", "zero", "little":
				switch next {
				case "say", "power", "hand", "standing", "discretion", "mechanism", "override", "button",
					"control", "authority", "leverage", "access", "rights", "influence", "sway", "vote",
					"involvement", "visibility", "part", "way", "means", "ability":
					return !m.addressed(s, k)
				}
			case "nothing":
				if next == "to" && k+2 < s.b && toks[k+2].w == "do" || next == "passes" {
					return true
				}
			case "never":
				switch next {
				case "see", "touch", "handle", "get", "given", "had", "hear", "sees", "touches":
					return true
				}
			case "kept":
				return next == "out" || next == "well"
			case "just", "merely", "simply", "only":
				// "we just staff the platform", "we're merely the
				// landowners", "our office just forwards the form"; not
				// "I just added the charts", "I only reviewed the copy".
				if relayVerbs[next] && (m.speakerSide(s, k) || k > s.a && (toks[k-1].w == "are" || toks[k-1].w == "am") && m.speakerSide(s, k-1)) {
					return true
				}
			case "beyond":
				if next == "our" || next == "my" {
					return true
				}
			}
		}
	}
	return false
}
