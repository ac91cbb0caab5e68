package language

import (
	"strings"
	"time"
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// The commitment lexicons. A commitment is a subject (the speaker, the team,
// a named person) followed by a future modal ("will", "going to", "let me")
// and a verb that is an action, not a state or a wish.
var (
	// actionVerbs are verbs that make "ill"/"well" read as "I'll"/"we'll".
	actionVerbs = set("send", "have", "get", "do", "take", "check", "finish", "deliver",
		"upload", "share", "look", "follow", "ring", "call", "email", "update", "fix",
		"review", "make", "put", "push", "ship", "circle", "reach", "loop", "confirm",
		"sort", "handle", "wrap", "prepare", "draft", "write", "book", "schedule", "ping",
		"forward", "resend", "complete", "finalize", "finalise", "submit", "post",
		"publish", "revise", "swap", "give", "bring", "walk", "chase", "arrange",
		"investigate", "dig", "escalate", "drop", "hand", "let", "keep", "be", "try")
	// adverbs may stand between subject, modal and verb.
	adverbs = set("also", "just", "definitely", "certainly", "probably", "surely",
		"then", "now", "still", "really", "both", "all", "personally", "absolutely",
		"totally", "likely", "actually", "myself", "ourselves", "gladly", "happily",
		"quickly", "def", "defo", "first", "hopefully", "most", "for", "sure", "again",
		"asap", "immediately", "right", "away", "maybe", "perhaps", "possibly", "only",
		"ideally", "already", "finally", "personally", "directly", "soon")
	// notVerbs after "will" say nothing about doing something for the client.
	notVerbs = set("need", "want", "like", "love", "hate", "miss", "admit", "say", "bet",
		"guess", "assume", "suppose", "leave", "wait", "hear", "wonder", "mind",
		"regret", "forget", "die", "cost", "mean", "depend", "happen", "appreciate",
		"understand", "agree", "defer", "wish", "hope")
	// beOK may follow "will be": "I'll be in touch", "we'll be sending it".
	beOK = set("able", "in", "ready", "done", "back", "there", "on", "with", "available",
		"sure", "finished", "sending", "delivering", "uploading", "sharing", "working",
		"circling", "reaching", "following", "getting", "finishing", "wrapping",
		"touching", "reviewing", "updating", "checking", "calling", "emailing", "taking",
		"putting", "pushing", "handling", "doing", "completing", "submitting", "posting",
		// "we'll be performing maintenance Saturday", "I'll be looking into it"
		"performing", "running", "deploying", "releasing", "shipping", "publishing",
		"rolling", "migrating", "upgrading", "fixing", "investigating", "monitoring",
		"testing", "processing", "preparing", "drafting", "writing", "building",
		"looking", "contacting", "issuing", "scheduling", "booking", "launching",
		"presenting", "coordinating", "handing", "dropping", "moving", "starting",
		"escalating", "chasing", "arranging", "replacing", "restoring", "installing",
		"applying", "patching", "merging", "turning", "ringing", "returning", "finalizing",
		"finalising", "providing", "producing", "reaching", "setting", "organising", "organizing")
	// readyWords make a thing's "will be …" a delivery promise: "the files
	// will be ready Friday".
	readyWords = set("ready", "done", "sent", "delivered", "finished", "uploaded", "shipped",
		"live", "with", "in", "available", "complete", "completed", "fixed", "updated",
		"published", "posted", "out", "finalized", "finalised", "submitted", "deployed",
		"released", "signed", "approved", "over", "up", "launched", "installed",
		// passive deliveries: "the room will be booked by tomorrow"
		"booked", "reserved", "confirmed", "arranged", "printed", "paid", "refunded",
		"ordered", "packed", "couriered", "emailed", "merged", "translated", "rendered",
		"exported", "processed", "issued", "sorted", "resolved", "replaced", "repaired")
	// decisionVerbs after a third party's "will" describe someone else's
	// decision, not a delivery.
	decisionVerbs = set("decide", "approve", "determine", "weigh", "rule", "sign", "say",
		"choose", "judge", "okay", "ok", "greenlight", "authorize", "authorise")
	// places a thing "will be on" when it is delivered: "the build will be
	// on staging tomorrow", "it'll be on your desk Monday".
	places = set("staging", "prod", "production", "live", "dev", "uat", "test", "site",
		"server", "drive", "desk", "dropbox", "portal", "website", "testflight", "store",
		"sharepoint", "box", "wetransfer", "figma", "ftp")
	// progressiveVerbs make "I'm sending it tomorrow" a plan, when a time follows.
	// haveToDecide are what someone "will have to" do when a decision is
	// theirs: "Scheduling will have to decide".
	haveToDecide = set("decide", "approve", "confirm", "sign", "determine", "weigh", "okay", "ok",
		"greenlight", "authorize", "authorise", "rule", "say", "agree", "choose", "answer")
	// openingVerbs may open a sentence with no subject and still promise a
	// delivery: "Sending the deck over tomorrow."
	openingVerbs = set("sending", "delivering", "shipping", "uploading", "sharing",
		"posting", "publishing", "pushing", "submitting", "dropping", "emailing",
		"releasing", "deploying")
	progressiveVerbs = set("sending", "delivering", "shipping", "uploading", "sharing",
		"getting", "finishing", "finalizing", "finalising", "wrapping", "putting",
		"pushing", "submitting", "posting", "publishing", "releasing", "deploying",
		"emailing", "dropping", "handing", "completing", "preparing", "drafting",
		"writing", "calling", "ringing", "reviewing", "fixing", "updating", "circling",
		"following", "turning", "bringing", "doing", "sorting", "handling", "taking",
		"booking", "scheduling", "moving", "launching", "presenting", "returning")
	// reportVerbs put a commitment in someone else's mouth: "you said we'll …".
	reportVerbs = set("said", "say", "says", "saying", "told", "tell", "tells", "telling",
		"promised", "promise", "promising", "mentioned", "claimed", "claim", "claims",
		"claiming", "thought", "assumed", "heard", "wrote", "suggested", "implied",
		"insisted", "assured", "expected", "believed", "guarantee", "guaranteed")
	// wishWords before the subject make a wish, not a commitment.
	wishWords = set("hopefully", "hope", "hoping", "wish", "ideally", "whether", "doubt",
		"unlikely", "not", "never", "nor", "maybe", "perhaps")
	// notNames are capitalised words that are not a person or team at the
	// start of a clause.
	notNames = set("it", "this", "that", "there", "these", "those", "what", "which", "who",
		"whoever", "everything", "everyone", "everybody", "nothing", "nobody", "someone",
		"somebody", "something", "anyone", "anything", "all", "each", "both", "none",
		"one", "you", "they", "i", "we", "the", "a", "an", "my", "our", "your", "their",
		"his", "her", "its", "no", "any", "some", "so", "and", "but", "or", "if", "when",
		"once", "why", "how", "where", "here", "client", "clients", "customer", "hi",
		"hey", "hello", "thanks", "thank", "please", "ok", "okay", "yes", "no", "sure",
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december", "today", "tomorrow", "tonight",
		"he", "she", "him", "them", "us", "me", "also", "then", "well", "time", "things",
		"deadline", "launch", "delivery", "email", "mail", "price", "cost", "meeting",
		"team", "budget", "file", "files", "deck", "draft", "update", "which", "nor",
		"hopefully", "maybe", "perhaps", "still", "just", "only", "even", "again", "now",
		"soon", "asap", "great", "perfect", "good", "fine", "cool", "noted", "will",
		"fair", "tough", "tricky", "valid", "big", "reasonable", "interesting", "separate",
		"different", "hard", "difficult", "quick", "real", "silly", "excellent", "smart",
		"bigger", "broader", "side", "follow", "whole", "new", "old", "first", "last")
	// tagOpeners start the question tag after a commitment: "I'll send it
	// Monday, does that work?"
	tagOpeners = set("ok", "okay", "right", "does", "would", "is", "will", "can", "could",
		"sound", "sounds", "hope", "if", "how", "any", "let", "what", "or", "do", "are",
		"that", "alright", "yes", "yeah", "cool", "fine", "good", "please", "works",
		"should", "shall", "when", "just")
)

// subjKind classifies the subject of a modal.
type subjKind uint8

const (
	subjNone    subjKind = iota // no subject: "will send tomorrow"
	subjSpeaker                 // I, we, our team
	subjMember                  // a named person or team, he, she, our designer
	subjYou                     // you: "you'll have it Friday"
	subjThing                   // it, this, the files
	subjOther                   // anything else: not the speaker's promise
)

// anchor is a future modal with its subject and the verb that follows.
type anchor struct {
	at   int // the modal
	subj int // first token of the subject; at when there is none
	verb int // first token after the modal construct
	kind subjKind
	weak bool // "can", "should", progressive: only with a time
}

func isClauseBreak(t token) bool {
	if t.kind == kindPunct {
		switch t.w {
		case ",", ";", ":", "(", ")", "\"", "-", "!", ".", "*", "/":
			return true
		}
		return false
	}
	switch t.w {
	case "and", "but", "so", "or", "then", "ok", "okay", "sure", "yes", "yep", "yeah",
		"thanks", "noted", "done", "great", "perfect", "cool", "also", "because", "though",
		"although", "however", "plus", "anyway", "meanwhile", "otherwise", "hi", "hey":
		return true
	}
	return false
}

// anchorAt recognises a future modal at k and its subject.
func (st *msg) anchorAt(s sentence, k int) (anchor, bool) {
	toks := st.toks
	w := toks[k].w
	a := anchor{at: k}
	subjEnd := k // the subject ends before this index
	switch w {
	case "will", "shall":
		a.verb = k + 1
	case "going":
		if k+1 >= s.b || toks[k+1].w != "to" {
			return a, false
		}
		j := k - 1
		for j >= s.a && adverbs[toks[j].w] {
			j--
		}
		if j >= s.a && (toks[j].w == "was" || toks[j].w == "were") {
			return a, false
		}
		if j >= s.a && isAuxBe(toks[j].w) {
			subjEnd = j
		}
		a.verb = k + 2
	case "let":
		// "Let me introduce Priya", "let me say thanks": the act is done in
		// the saying, nothing is left to deliver.
		if k+2 >= s.b || toks[k+1].w != "me" || toks[k+2].w == "know" || performatives[toks[k+2].w] {
			return a, false
		}
		if k > s.a && !isClauseBreak(toks[k-1]) && toks[k-1].w != "please" {
			return a, false
		}
		a.subj, a.verb, a.kind = k, k+2, subjSpeaker
		return a, true
	case "can", "should":
		a.verb, a.weak = k+1, true
	case "incoming":
		// "PR incoming tomorrow", "a fix is incoming": the speaker's
		// delivery is on its way. "the incoming files" is an adjective.
		j := k - 1
		if j > s.a && (isAuxBe(toks[j].w) || toks[j].w == "now") {
			j--
		}
		if j < s.a || toks[j].kind != kindWord || notNames[toks[j].w] && !deliverables[toks[j].w] {
			return a, false
		}
		q := j - 1
		for q >= s.a && q >= j-2 && toks[q].kind == kindWord && !isClauseBreak(toks[q]) {
			switch toks[q].w {
			case "a", "the", "my", "our", "new", "another", "quick", "small":
			default:
				if !deliverables[toks[q].w] {
					return a, false
				}
			}
			q--
		}
		if q >= s.a && !isClauseBreak(toks[q]) {
			return a, false
		}
		a.subj, a.verb, a.kind = q+1, k+1, subjSpeaker
		return a, true
	case "expect":
		// "Expect the files tomorrow." promises a delivery.
		if k > s.a && !isClauseBreak(toks[k-1]) || k+1 >= s.b || toks[k+1].w == "to" || toks[k+1].kind != kindWord {
			return a, false
		}
		a.subj, a.verb, a.kind = k, k+1, subjSpeaker
		return a, true
	case "plan", "planning", "intend", "intending", "aim", "aiming", "promise", "about":
		if k+1 >= s.b || toks[k+1].w != "to" && !(toks[k+1].w == "on" && w == "planning") {
			return a, false
		}
		j := k - 1
		if w == "planning" || w == "intending" || w == "aiming" || w == "about" {
			if j < s.a || !isAuxBe(toks[j].w) {
				return a, false
			}
			subjEnd = j
		}
		a.verb = k + 2
		kind, subj := st.subject(s, subjEnd)
		if kind != subjSpeaker {
			return a, false
		}
		a.kind, a.subj = kind, subj
		return a, true
	default:
		if !strings.HasSuffix(w, "ing") || !progressiveVerbs[w] {
			return a, false
		}
		if k == s.a || isClauseBreak(toks[k-1]) {
			// "Sending the notes over tomorrow am." opens a clause with no
			// subject: the speaker's plan, when a time follows. Only verbs
			// of delivery: "Following up on this morning's call" plans
			// nothing.
			if !openingVerbs[w] {
				return a, false
			}
			a.subj, a.verb, a.kind, a.weak = k, k, subjSpeaker, true
			return a, true
		}
		if !isAuxBe(toks[k-1].w) {
			return a, false
		}
		subjEnd = k - 1
		a.verb, a.weak = k, true
	}
	a.kind, a.subj = st.subject(s, subjEnd)
	if a.kind == subjNone {
		// "Will you …?", "can we …" are questions; "will send Monday" is not.
		if w != "will" && w != "shall" && w != "going" {
			return a, false
		}
		if a.verb < s.b {
			switch toks[a.verb].w {
			case "you", "we", "i", "they", "he", "she", "it", "this", "that", "the", "there", "your", "my", "our", "anyone", "someone":
				return a, false
			}
		}
		if k > s.a {
			switch toks[k-1].w {
			case "good", "free", "at", "goodwill", "the", "a", "your", "my", "his", "her", "of":
				return a, false
			}
		}
		a.subj = k
	}
	return a, true
}

// subject classifies the words before index end (exclusive).
func (st *msg) subject(s sentence, end int) (subjKind, int) {
	toks := st.toks
	j := end - 1
	for j >= s.a && adverbs[toks[j].w] && toks[j].w != "first" {
		j--
	}
	if j < s.a || isClauseBreak(toks[j]) {
		return subjNone, end
	}
	if n := st.r.teamEndingAt(toks, s.a, j); n > 0 {
		return subjMember, j - n + 1
	}
	t := toks[j]
	switch t.w {
	case "i", "we":
		return subjSpeaker, j
	case "he", "she":
		return subjMember, j
	case "you":
		return subjYou, j
	case "it", "this", "that", "these", "those", "they", "everything", "which", "all", "both":
		return subjThing, j
	case "team", "agency", "studio":
		if j > s.a && (toks[j-1].w == "my" || toks[j-1].w == "our" || toks[j-1].w == "the") {
			return subjSpeaker, j - 1
		}
	}
	if t.kind != kindWord {
		return subjOther, j
	}
	// "our designer", "my colleague Josh", "the design team", "the files".
	for q := j - 1; q >= s.a && q >= j-3; q-- {
		switch toks[q].w {
		case "my", "our":
			return subjMember, q
		case "the", "your", "their", "his", "her", "a", "an", "its":
			if t.w == "team" {
				return subjSpeaker, q
			}
			return subjThing, q
		}
		if isClauseBreak(toks[q]) || toks[q].kind != kindWord {
			break
		}
	}
	if st.isName(s, j) {
		return subjMember, j
	}
	return subjOther, j
}

// isName reports whether token j reads as a person's or team's name.
func (st *msg) isName(s sentence, j int) bool {
	t := st.toks[j]
	if t.kind != kindWord || notNames[t.w] || strings.ContainsAny(t.w, "'.") {
		return false
	}
	if t.upper {
		return true
	}
	return st.allLower && (j == s.a || isClauseBreak(st.toks[j-1]))
}

// accepts decides whether the words after the modal make a commitment.
func (st *msg) accepts(s sentence, a anchor) bool {
	toks := st.toks
	word := func(k int) string {
		if k < s.b && k < len(toks) {
			return toks[k].w
		}
		return ""
	}
	if a.kind == subjOther {
		// A bare noun that names no party ("Files will be with you
		// Friday", "new version will be up on staging") promises only
		// what a thing's "will be ready" does.
		v := a.verb
		for v < s.b && adverbs[toks[v].w] {
			v++
		}
		if word(v) != "be" {
			return false
		}
		a.kind = subjThing
	}
	if toks[a.at].w == "expect" || toks[a.at].w == "incoming" {
		return true
	}
	v := a.verb
	for steps := 0; steps < 6; steps++ {
		for v < s.b && adverbs[toks[v].w] {
			v++
		}
		w := word(v)
		if w == "" || toks[v].kind != kindWord {
			return (a.kind == subjSpeaker || a.kind == subjMember) && !a.weak && (w == "" || w == "." || w == "!")
		}
		switch w {
		case "not", "never", "no", "nt":
			return false
		case "try", "attempt", "endeavor", "endeavour", "aim", "do":
			if w == "do" && word(v+1) != "my" && word(v+1) != "our" {
				break
			}
			// Hedges commit: "I'll try to", "I'll do my best to".
			k := v + 1
			for k < s.b && k < v+5 && word(k) != "to" && word(k) != "and" {
				k++
			}
			if word(k) == "to" || word(k) == "and" {
				v = k + 1
				continue
			}
		case "make":
			if word(v+1) == "sure" {
				return a.kind != subjThing && a.kind != subjYou
			}
		case "be":
			n := word(v + 1)
			if n == "able" && word(v+2) == "to" {
				v += 3
				continue
			}
			if a.kind == subjThing {
				if n == "out" && word(v+2) == "of" || n == "in" && word(v+2) != "your" || n == "over" && word(v+2) != "to" ||
					n == "up" && (word(v+2) == "to" || word(v+2) == "for") {
					return false
				}
				if n == "on" {
					return onPlace(word(v+2), word(v+3))
				}
				return readyWords[n]
			}
			if a.kind == subjYou {
				return false
			}
			if n == "in" {
				return word(v+2) == "touch"
			}
			if n == "on" {
				return word(v+2) == "it"
			}
			// "I'll be looking forward to it", "we'll be running late"
			if n == "looking" && word(v+2) == "forward" || n == "running" && (word(v+2) == "late" || word(v+2) == "behind" || word(v+2) == "out") {
				return false
			}
			return beOK[n]
		case "have", "need", "has":
			if word(v+1) == "to" {
				// "the Venue team will have to decide" hands the decision
				// to someone: a deflection's words, not a promise. Only "I"
				// and "we" deciding commit.
				if haveToDecide[word(v+2)] && toks[a.subj].w != "i" && toks[a.subj].w != "we" {
					return false
				}
				if a.kind == subjSpeaker || a.kind == subjNone {
					v += 2
					continue
				}
				return false
			}
		}
		switch a.kind {
		case subjYou:
			switch w {
			case "have", "get", "receive", "see":
				// "you'll have better luck asking the venue" advises, it
				// delivers nothing.
				if w == "have" && (word(v+2) == "luck" || word(v+3) == "luck" || word(v+2) == "chance" || word(v+3) == "chance") {
					return false
				}
				return word(v+1) != "to"
			case "hear":
				return word(v+1) == "from" || word(v+1) == "back"
			case "expect":
				return true
			}
			return false
		case subjThing:
			if w == "go" {
				n := word(v + 1)
				return n == "out" || n == "live" || n == "over"
			}
			return w == "ship" || w == "arrive" || w == "land" || w == "hit"
		}
		if notVerbs[w] || w == "expect" {
			return false
		}
		if w == "see" {
			switch word(v + 1) {
			case "", "how", "if", "whether", "about", ".", ",", "!", "you":
				return false
			}
		}
		if a.kind == subjMember && decisionVerbs[w] {
			return false
		}
		return true
	}
	return false
}

// contextOK rejects a modal whose clause is a wish, a negation or a report
// of someone else's words: "hopefully we can", "I don't think we'll",
// "you said we'd".
func (st *msg) contextOK(s sentence, a anchor) bool {
	toks := st.toks
	for j := a.subj - 1; j >= s.a && j >= a.subj-10; j-- {
		t := toks[j]
		if t.kind == kindPunct && t.w != "'" {
			break
		}
		switch t.w {
		case "but", "and", "so", "then", "because", "although", "though":
			return true
		case "if", "unless":
			if j == a.subj-1 {
				return false
			}
		}
		if wishWords[t.w] {
			return false
		}
		// "there's nothing we'll be able to do", "little we can do".
		if j == a.subj-1 && (t.w == "nothing" || t.w == "little") {
			return false
		}
		// "no way we'll", "a chance we'll", "fingers crossed we'll".
		switch t.w {
		case "chance", "chances", "odds", "possible", "likely", "possibility":
			return false
		}
		if j > s.a {
			switch p := toks[j-1].w; t.w {
			case "way", "guarantee":
				if p == "no" || p == "any" {
					return false
				}
			case "crossed":
				if p == "fingers" {
					return false
				}
			}
		}
		if reportVerbs[t.w] {
			// "I told Raj I'll …" is still the speaker's promise.
			for q := j - 1; q >= s.a && q >= j-4; q-- {
				switch toks[q].w {
				case "i", "we":
					// "I can't promise we'll …" promises nothing.
					for r := q + 1; r < j; r++ {
						if toks[r].w == "not" || toks[r].w == "never" {
							return false
						}
					}
					if t.w != "thought" && t.w != "assumed" && t.w != "expected" && t.w != "heard" {
						return true
					}
					return false
				case "you", "they", "he", "she":
					return false
				}
			}
			return false
		}
	}
	return true
}

// tagOK allows a commitment in a question sentence only when the question
// is a tag after it: "I'll send it Monday, does that work?".
func (st *msg) tagOK(s sentence, a anchor) bool {
	toks := st.toks
	k := -1
	for j := s.b - 1; j > s.a; j-- {
		if toks[j].kind == kindPunct && (toks[j].w == "," || toks[j].w == "-" || toks[j].w == ";" || toks[j].w == ":") {
			k = j
			break
		}
	}
	if k < 0 || a.at >= k || k+1 >= s.b {
		return false
	}
	return tagOpeners[toks[k+1].w]
}

// commitment is one accepted commitment in a message.
type commitment struct {
	sent int
	due  time.Time
}

// stopWords end the reach of a commitment's time expression: what follows
// them is another clause with its own time.
var stopWords = set("but", "although", "though", "because", "however", "whereas", "unless",
	"once", "whenever", "while")

// commitments finds the commitments of the message and their due times.
func (st *msg) commitments(sents []sentence, c *clock, out []commitment) []commitment {
	toks := st.toks
	ds := dueScanner{c: c, toks: toks}
	var found [8]anchor
	for si, s := range sents {
		anchors := found[:0]
		for k := s.a; k < s.b; k++ {
			if toks[k].kind != kindWord {
				continue
			}
			a, ok := st.anchorAt(s, k)
			if !ok {
				continue
			}
			anchors = append(anchors, a)
		}
		prevEnd := s.a
		for i, a := range anchors {
			ok := st.accepts(s, a) && st.contextOK(s, a) && (!s.question || st.tagOK(s, a))
			limit := s.b
			if i+1 < len(anchors) && anchors[i+1].kind != subjNone {
				limit = anchors[i+1].subj
			}
			for k := a.verb; k < limit; k++ {
				if stopWords[toks[k].w] || toks[k].w == ";" {
					limit = k
					break
				}
				if (toks[k].w == "if" || toks[k].w == "when" || toks[k].w == "after") && k+1 < limit && isPronounSubject(toks[k+1].w) && toks[k+1].w != "i" && toks[k+1].w != "we" {
					limit = k
					break
				}
			}
			if ok && st.wishAfter(sents, si, a, &ds) {
				ok = false
			}
			if !ok {
				prevEnd = max(prevEnd, a.verb)
				continue
			}
			due, has := ds.latest(a.verb, max(a.verb, limit))
			if !has && a.subj > prevEnd && !st.pastBetween(prevEnd, a.subj) {
				// "By next Monday, I'll have a draft": a time before the
				// promise, unless it dates something already done ("We
				// shipped it on Monday and will keep an eye on it").
				due, has = ds.last(prevEnd, a.subj)
			}
			if a.weak && (!has || !due.After(ds.c.now)) {
				// A plan without a modal needs a time still to come.
				continue
			}
			out = append(out, commitment{sent: si, due: due})
			prevEnd = max(prevEnd, limit)
		}
		if !s.question {
			if due, ok := st.eta(s, &ds); ok {
				out = append(out, commitment{sent: si, due: due})
			}
		}
		if len(anchors) == 0 && !s.question {
			if e, ok := st.owns(s); ok {
				limit := s.b
				for k := e; k < s.b; k++ {
					if stopWords[toks[k].w] || toks[k].w == ";" {
						limit = k
						break
					}
				}
				due, _ := ds.first(e, limit)
				out = append(out, commitment{sent: si, due: due})
			}
		}
	}
	return out
}

// deliverables are the things a "… incoming" announces: "PR incoming".
var deliverables = set("pr", "prs", "fix", "fixes", "hotfix", "patch", "update", "updates",
	"build", "release", "draft", "deck", "file", "files", "version", "cut", "edit",
	"changes", "change", "commit", "commits", "mr", "invoice", "quote", "proposal",
	"estimate", "report", "reply", "response", "answer", "copy", "assets", "designs",
	"mockups", "mocks", "docs", "review", "revisions", "feedback", "notes", "followup",
	"follow", "details", "doc", "spec")

// etaMods may stand between an opening and "ETA": "our revised ETA".
var etaMods = set("new", "revised", "updated", "current", "rough", "estimated", "latest")

// eta reads the speaker's own ETA with a time: "ETA Thursday", "ETA for the
// fix is end of the week", "our new ETA: Monday". "Can you send an ETA by
// Friday" and "your ETA" are no promise of the speaker's.
func (st *msg) eta(s sentence, ds *dueScanner) (time.Time, bool) {
	toks := st.toks
	for k := s.a; k < s.b; k++ {
		if toks[k].w != "eta" {
			continue
		}
		if k+1 < s.b && (toks[k+1].w == "from" || toks[k+1].w == "of") {
			continue // "ETA from the vendor is Friday": someone else's
		}
		j := k - 1
		for j >= s.a && etaMods[toks[j].w] {
			j--
		}
		if j >= s.a && (toks[j].w == "the" || toks[j].w == "my" || toks[j].w == "our") {
			j--
		}
		if j >= s.a && !isClauseBreak(toks[j]) {
			continue
		}
		limit := s.b
		for q := k + 1; q < s.b; q++ {
			if stopWords[toks[q].w] || toks[q].w == ";" {
				limit = q
				break
			}
			if wishMarkers[toks[q].w] || toks[q].w == "not" || toks[q].w == "no" {
				return time.Time{}, false
			}
		}
		if due, ok := ds.latest(k+1, limit); ok {
			return due, true
		}
	}
	return time.Time{}, false
}

// ownership are commitments without a modal: the speaker takes the work on.
var ownership = compilePhrases(
	"assigning/assigned it/this/that? one? to myself/me",
	"self -? assigning/assigned/assign it/this/that?",
	"i/we am/are on it/this/that",
	"i/we am/are on the case",
	"i/we am/are all over it/this/that",
	"i/we have/had got? it/this/that/you covered/handled",
	"got it/this/that/you covered",
	"leave it/this/that with me/us",
	"consider it/this/that done/sorted/handled",
)

// owns returns the end of an ownership phrase in the sentence: "I'm on it",
// "Leave it with me", and "On it" opening a clause.
func (st *msg) owns(s sentence) (int, bool) {
	toks := st.toks
	for k := s.a; k < s.b; k++ {
		if toks[k].kind != kindWord {
			continue
		}
		if k > s.a && !isClauseBreak(toks[k-1]) && toks[k-1].w != "i" && toks[k-1].w != "we" {
			continue
		}
		if toks[k].w == "on" && k+1 < s.b && toks[k+1].w == "it" &&
			(k+2 == s.b || toks[k+2].kind == kindPunct || toks[k+2].w == "now" || toks[k+2].w == "right") {
			return k + 2, true
		}
		if e, ok := ownership.matchAt(st, k, s.b); ok {
			if k > s.a && st.negatedBefore(s, k, 2) {
				continue
			}
			return e, true
		}
	}
	return 0, false
}

// timeLead open a time expression after "hopefully": "hopefully by Friday".
var timeLead = set("by", "on", "at", "in", "within", "sometime", "around", "before", "soon",
	"shortly", "early", "later", "next", "this", "tomorrow", "today", "tonight", "asap", "end")

// wishMarkers turn a promise into a wish wherever they stand in its clause.
var wishMarkers = set("hopefully", "ideally", "fingers", "promises", "guarantees", "touch", "knock", "count")

// wishAfter reports a wish that follows the modal: "we should be able to get
// it to you next week, hopefully", "we'll hopefully have it Friday", "I'd
// like to, but no promises", or a next sentence that is only such a hedge.
func (st *msg) wishAfter(sents []sentence, si int, a anchor, ds *dueScanner) bool {
	s := sents[si]
	toks := st.toks
	word := func(k int) string {
		if k < len(toks) {
			return toks[k].w
		}
		return ""
	}
	verb := a.verb
	for verb < s.b && adverbs[toks[verb].w] {
		verb++
	}
	wish := func(k, b int) bool {
		w := toks[k].w
		if !wishMarkers[w] {
			return false
		}
		n := word(k + 1)
		switch w {
		case "hopefully", "ideally":
			// "we'll hopefully have it", "next week, hopefully": the
			// promise itself is hoped for. "Friday, hopefully sooner"
			// and "hopefully you like it" hope for something else.
			if k < verb || k+1 >= b || toks[k+1].kind == kindPunct {
				return true
			}
			if !timeLead[n] {
				ds.end = b
				if _, _, ok := ds.match(k + 1); !ok {
					return false
				}
			}
			_, timed := ds.first(verb, k)
			ds.end = b
			return !timed
		case "fingers":
			// "fingers crossed the footage arrives" hopes for something
			// else; "…Friday, fingers crossed" hedges the promise.
			if n != "crossed" {
				return false
			}
			m := word(k + 2)
			if m == "that" {
				m = word(k + 3)
			}
			switch m {
			case "the", "a", "an", "my", "your", "their", "his", "her", "our":
				return false
			}
			return true
		case "promises", "guarantees":
			return k > 0 && (toks[k-1].w == "no" || toks[k-1].w == "any")
		case "count":
			// "but I wouldn't count on it"
			return n == "on" && k > 0 && (toks[k-1].w == "not" || toks[k-1].w == "never")
		case "touch", "knock":
			return n == "wood" || n == "on" && word(k+2) == "wood"
		}
		return false
	}
	for k := a.at + 1; k < s.b; k++ {
		if wish(k, s.b) {
			return true
		}
	}
	// A sentence that is nothing but a hedge: "Hopefully!", "No promises
	// though." Only the sentence right after counts, so this looks at one
	// sentence, not all of them: the reader stays linear in its input.
	if si+1 < len(sents) && sents[si+1].a == s.b {
		n := sents[si+1]
		words, hedge := 0, false
		for k := n.a; k < n.b; k++ {
			if toks[k].kind != kindWord {
				continue
			}
			words++
			switch toks[k].w {
			case "hopefully", "ideally", "fingers", "crossed", "no", "promises", "guarantees", "though", "but", "touch", "wood":
				if wish(k, n.b) || toks[k].w == "hopefully" {
					hedge = true
				}
			default:
				return false
			}
		}
		return hedge && words <= 4
	}
	return false
}

// onPlace reports whether the words after "be on" name a place a delivery
// lands: "on staging", "on your desk", "on the shared drive".
func onPlace(a, b string) bool {
	switch a {
	case "the", "your", "our":
		return places[b] || b == "shared"
	}
	return places[a]
}

// pastBetween reports whether a verb in the past tense stands in [from, to).
func (st *msg) pastBetween(from, to int) bool {
	for k := from; k < to; k++ {
		w := st.toks[k].w
		if pastVerbs[w] || len(w) > 4 && strings.HasSuffix(w, "ed") && !notPast[w] {
			return true
		}
	}
	return false
}

var (
	// pastVerbs are irregular past tenses of work verbs.
	pastVerbs = set("sent", "did", "made", "got", "went", "took", "gave", "wrote", "built",
		"met", "told", "said", "spoke", "ran", "found", "brought", "left", "kept", "began",
		"done", "shipped", "put", "had")
	// notPast end in "ed" and are no past tense.
	notPast = set("need", "needed", "speed", "seed", "indeed", "proceed", "exceed", "embed",
		"red", "bed", "feed", "shared", "scheduled", "planned", "expected", "required",
		"revised", "updated", "detailed", "dedicated", "related", "limited", "based",
		"signed", "approved", "agreed")
)

func isAuxBe(w string) bool { return w == "am" || w == "is" || w == "are" || w == "'s" }

// performatives after "let me" are acts done by saying them.
var performatives = set("introduce", "say", "thank", "congratulate", "apologise", "apologize",
	"reiterate", "welcome")
