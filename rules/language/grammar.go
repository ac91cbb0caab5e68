package language

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
	if !hit || m.wishful(s) {
		return false
	}
	for k := s.a; k < s.b; k++ {
		if m.wf[k]&fGram == 0 {
			continue
		}
		if m.attributes(s, k) || m.disowns(s, k) || m.redirects(s, k) {
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
	"you", "best", "better", "be", "go", "who", "whom", "if", "please", "kindly")

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
	for _, n := range m.sents {
		if n.a == s.b {
			end = n.b
			break
		}
	}
	for k := s.a; k < end; k++ {
		switch m.toks[k].w {
		case "not", "no", "never", "nothing", "sorry", "afraid", "unfortunately", "apologies",
			"only", "just", "squarely", "entirely", "solely", "alone", "wholly", "totally",
			"purely", "strictly", "ours", "mine", "unable":
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
	"queue", "doing", "world", "watch", "role")

// locatives pair a preposition with the responsibility nouns it makes a
// predicate of: "in the manufacturer's court", "on the telco's side",
// "within Mr. Okafor's remit".
var locatives = map[string]map[string]bool{
	"in":      set("court", "hands", "remit", "domain", "territory", "lane", "wheelhouse", "purview", "gift", "queue", "world", "system", "area", "department", "jurisdiction", "bailiwick", "patch"),
	"on":      set("side", "end", "plate", "desk", "watch", "account", "platform", "system"),
	"within":  set("remit", "purview", "jurisdiction", "domain", "gift", "area", "responsibilities"),
	"under":   set("remit", "purview", "jurisdiction", "domain", "control", "contract", "policy"),
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
		if k == s.a || !forHolders[toks[k-1].w] || m.third(s, k+1, true) == 0 {
			return false
		}
		j := k - 2
		for j >= s.a && (toks[j].w == "a" || toks[j].w == "an" || toks[j].w == "the" || toks[j].w == "really" || toks[j].w == "more" || toks[j].w == "very" || toks[j].w == "much" || toks[j].w == "squarely" || toks[j].w == "one") {
			j--
		}
		return j >= s.a && copulas[toks[j].w]
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
		return m.third(s, j+1, true) > 0
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
	return m.partyCached(k, s.b, np)
}

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
	for i := s.a; i < j; i++ {
		switch m.toks[i].w {
		case "we", "i", "our", "my", "us":
			return false
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
	return k >= s.b || m.toks[k].kind == kindPunct || m.toks[k].w == "not" || m.toks[k].w == "and"
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

// disowns reads the speaker's side disowning the matter at k.
func (m *msg) disowns(s sentence, k int) bool {
	toks := m.toks
	next := func(j int) string {
		if j < s.b {
			return toks[j].w
		}
		return ""
	}
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
			return true
		}
		return false
	case "zero", "lost":
		// "I've got zero leverage over the mill", "we've lost edit access".
		if !m.speakerBefore(s, k) {
			return false
		}
		for j := k + 1; j < s.b && j <= k+2; j++ {
			switch toks[j].w {
			case "leverage", "control", "say", "influence", "sway", "authority", "power", "pull",
				"access", "rights", "permission", "permissions", "visibility":
				return true
			}
		}
		return false
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
			return next(k+2) == "to" && agencyVerbs[next(k+3)]
		case "a", "an":
			switch next(k + 2) {
			case "lever", "button", "switch", "dial", "knob":
				return true
			}
		}
		// "can't be bent by anyone in store".
		if k > s.a && (toks[k-1].w == "can" || toks[k-1].w == "could") && next(k+1) == "be" {
			for j := k + 3; j < s.b && j <= k+4; j++ {
				if toks[j].w == "by" {
					switch next(j + 1) {
					case "anyone", "anybody", "us", "me", "anyone's":
						return true
					}
				}
			}
		}
	}
	return false
}

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
			return v < s.b && agencyVerbs[toks[v].w]
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
		{"ring ringing phone phoning call calling email emailing", "_"}, {"ask asking", "_"},
		{"apply applying", "to on through via with"}, {"lodge lodging", "with to"},
		{"put putting", "to"}, {"address addressing direct directing refer referring", "to"},
		{"consult consulting approach approaching", "_"}, {"get getting", "with"},
		{"write writing", "to"}, {"file filing submit submitting", "with to through"},
		{"follow following", "with"}, {"liaise liaising", "with"}, {"escalate escalating", "to with"},
		{"complain complaining", "to"}, {"query querying", "with"},
	} {
		for _, f := range splitWords(v.forms) {
			out[f] = " " + v.preps + " "
		}
	}
	return out
}()

func splitWords(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != ' ' {
			i++
		}
		if i > 0 {
			out = append(out, s[:i])
		}
		if i == len(s) {
			break
		}
		s = s[i+1:]
	}
	return out
}

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
	case "please", "kindly":
		// "Kindly contact the customs broker", "please address any
		// retention queries to the main contractor".
		if k != m.afterVocative(s) && k != s.a {
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

// undoVerbs are what cannot be taken back once a third party or a system
// has acted: "can't recall it", "unable to undo it".
var undoVerbs = set("recall", "undo", "reverse", "reopen", "override", "amend", "change",
	"cancel", "unlock", "edit", "alter", "retrieve", "refund", "intervene", "waive", "revoke",
	"unsend", "withdraw", "rescind", "restore", "reinstate", "overturn", "stop")

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
		case "once", "anymore":
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
