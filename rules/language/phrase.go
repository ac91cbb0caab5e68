package language

import "strings"

// slot is a placeholder in a phrase pattern.
type slot uint8

const (
	slotNone  slot = iota
	slotParty      // $N: a person, a team, someone else — never me, us or you
	slotNP         // $X: a party, or a phrase like "your account manager"
	slotAny        // $*: any one word
)

// elem is one position of a phrase pattern: alternative words or a slot.
type elem struct {
	alts []string
	opt  bool
	slot slot
}

// phrases is a compiled list of phrase patterns, indexed by first word so
// that reading a message does not try every pattern at every word.
type phrases struct {
	bit     uint16 // this list's bit in firstWords
	pats    [][]elem
	byFirst map[string][]int
	loose   []int // patterns that start with a slot or an optional word
	// afterN and afterX index the patterns that start with a $N or $X slot
	// followed by a word, by that word: "$N looks after that" is tried only
	// where "looks" follows a party, not at every party.
	afterN, afterX map[string][]int
}

// compilePhrases compiles patterns written as space-separated elements:
// "a/b" are alternatives, a trailing "?" makes an element optional, "$N",
// "$X" and "$*" are slots. Tokens are lower-case with contractions expanded,
// so "it's" is written "it is".
func compilePhrases(srcs ...string) *phrases {
	p := &phrases{byFirst: map[string][]int{}, afterN: map[string][]int{}, afterX: map[string][]int{}}
	for _, src := range srcs {
		var pat []elem
		for _, f := range strings.Fields(src) {
			e := elem{}
			if len(f) > 1 && strings.HasSuffix(f, "?") {
				e.opt = true
				f = f[:len(f)-1]
			}
			switch f {
			case "$N":
				e.slot = slotParty
			case "$X":
				e.slot = slotNP
			case "$*":
				e.slot = slotAny
			default:
				e.alts = strings.Split(f, "/")
			}
			pat = append(pat, e)
		}
		i := len(p.pats)
		p.pats = append(p.pats, pat)
		if sl := pat[0].slot; (sl == slotParty || sl == slotNP) && !pat[0].opt && len(pat) > 1 &&
			pat[1].slot == slotNone && !pat[1].opt {
			idx := p.afterN
			if sl == slotNP {
				idx = p.afterX
			}
			for _, a := range pat[1].alts {
				idx[a] = append(idx[a], i)
			}
			continue
		}
		if pat[0].slot != slotNone || pat[0].opt {
			p.loose = append(p.loose, i)
			continue
		}
		for _, a := range pat[0].alts {
			p.byFirst[a] = append(p.byFirst[a], i)
		}
	}
	return p
}

// find returns the first match in [a, b) as a token range.
func (p *phrases) find(m *msg, a, b int) (int, int, bool) {
	for k := a; k < b; k++ {
		if e, ok := p.matchAt(m, k, b); ok {
			return k, e, true
		}
	}
	return 0, 0, false
}

// indexFirstWords gives each list a bit and maps every word that starts a
// pattern to the bits of the lists it starts, so that reading looks each
// word up once instead of once per list.
func indexFirstWords(lists ...*phrases) map[string]uint16 {
	idx := map[string]uint16{}
	for i, p := range lists {
		p.bit = 1 << i
		for w := range p.byFirst {
			idx[w] |= p.bit
		}
	}
	return idx
}

var firstWords = indexFirstWords(deflections, redirects, requests, complaints, notRequests,
	smallTalk, questionOpeners, priorities, ownership, fyiOpeners, resolutions)

// matchAt matches any pattern starting at k.
func (p *phrases) matchAt(m *msg, k, b int) (int, bool) {
	if m.first[k]&p.bit == 0 {
		if len(p.loose) == 0 && len(p.afterN) == 0 && len(p.afterX) == 0 {
			return 0, false
		}
		goto loose
	}
	for _, i := range p.byFirst[m.toks[k].w] {
		if e, ok := m.match(p.pats[i], k, b); ok {
			return e, true
		}
	}
loose:
	if len(p.afterN) > 0 || len(p.afterX) > 0 {
		// The $X reading of a party is never shorter than none at all:
		// when it finds nothing, neither does $N.
		if x := m.partyCached(k, b, true); x > 0 {
			if n := m.partyCached(k, b, false); n > 0 && k+n < b {
				for _, i := range p.afterN[m.toks[k+n].w] {
					if e, ok := m.match(p.pats[i], k, b); ok {
						return e, true
					}
				}
			}
			if k+x < b {
				for _, i := range p.afterX[m.toks[k+x].w] {
					if e, ok := m.match(p.pats[i], k, b); ok {
						return e, true
					}
				}
			}
		}
	}
	party := -1
	for _, i := range p.loose {
		if sl := p.pats[i][0].slot; sl == slotParty || sl == slotNP {
			// Most words are no party: check once, not once per pattern.
			if party < 0 {
				party = m.partyCached(k, b, true)
			}
			if party == 0 {
				continue
			}
		}
		if e, ok := m.match(p.pats[i], k, b); ok {
			return e, true
		}
	}
	return 0, false
}

// match matches one pattern at k, trying optional elements first taken and
// then skipped.
func (m *msg) match(pat []elem, k, b int) (int, bool) {
	if len(pat) == 0 {
		return k, true
	}
	e := pat[0]
	if k < b {
		n := 0
		switch e.slot {
		case slotNone:
			w := m.toks[k].w
			for _, a := range e.alts {
				if a == w {
					n = 1
					break
				}
			}
		case slotAny:
			if m.toks[k].kind == kindWord {
				n = 1
			}
		default:
			n = m.partyCached(k, b, e.slot == slotNP)
		}
		if n > 0 {
			if end, ok := m.match(pat[1:], k+n, b); ok {
				return end, true
			}
		}
	}
	if e.opt {
		return m.match(pat[1:], k, b)
	}
	return 0, false
}

var (
	// partyWords stand for someone other than the speaker on their own.
	partyWords = set("him", "her", "them", "management", "legal", "finance", "billing",
		"accounting", "accounts", "procurement", "hr", "compliance", "production", "ops",
		"operations", "leadership", "upstairs", "scheduling", "they", "he", "she", "sales",
		"support", "engineering", "marketing", "purchasing", "creative", "design", "dev",
		"infra", "infrastructure", "sre", "devops", "qa", "networking", "security", "upstream")
	// partyHeads end a phrase that names a party: "the design team", "my manager".
	partyHeads = set("team", "department", "dept", "group", "manager", "boss", "lead",
		"director", "supervisor", "people", "folks", "guys", "person", "desk", "office",
		"side", "client", "clients", "producer", "pm", "owner", "head", "vp", "ceo",
		"cfo", "cto", "coordinator", "contact", "colleague", "colleagues", "agency",
		"vendor", "printer", "printers", "planner", "rep", "representative", "admin", "team's",
		"supplier", "suppliers", "provider", "providers", "courier", "manufacturer",
		"contractor", "contractors", "developers", "designers", "producers", "freelancer",
		"photographer", "lawyer", "lawyers", "accountant", "accountants", "board",
		"committee", "partner", "partners", "vendors", "host", "registrar", "landlord",
		"company", "buyer", "buyers", "shop", "store", "studio", "venue", "hotel", "network",
		"bank", "insurer", "council", "publisher", "broadcaster", "distributor", "reseller",
		"maintainers", "authors",
		// Roles by trade, which the deflection grammar recognises as a
		// third party: "ring the distributor", "a matter for your card issuer".
		"broker", "brokers", "pharmacy", "issuer", "utility", "ombudsman", "registry", "agent",
		"agents", "organiser", "organisers", "organizer", "organizers", "developer", "helpdesk",
		"installer", "installers", "carrier", "carriers", "lab", "laboratory", "clinic",
		"surgery", "doctor", "gp", "pharmacist", "solicitor", "solicitors", "conveyancer",
		"promoter", "funder", "funders", "shipper", "fabricator", "marketplace", "author",
		"forwarder", "wholesaler", "regulator", "auditor", "auditors", "trustee", "trustees",
		"seller", "retailer", "telco", "isp", "processor", "bureau", "authority", "authorities",
		"ministry", "embassy", "consulate", "hospital", "surveyor", "architect", "builder",
		"plumber", "electrician", "technician", "officer", "clerk", "receptionist", "reception",
		"secretary", "association", "union", "underwriter", "adjuster", "assessor", "inspector",
		"landlords", "employer", "insurers", "banks", "courts", "court", "tribunal", "oem",
		"subcontractor", "consultant", "consultants", "caterer", "caterers", "airline", "3pl",
		"warehouse", "factory", "mill", "sponsor", "sponsors", "steward", "payroll", "it", "services",
		"umpire", "umpires", "registrar", "farmer", "operator", "operators", "franchisor", "scheme",
		"trust", "foundation", "agency's", "editor", "editors", "league", "harbourmaster", "assessors",
		"freeholder", "syndicate", "vet")
	notParty = set("me", "us", "you", "yourself", "yourselves", "i", "we", "myself",
		"ourselves", "it", "this", "that", "about", "with", "for", "on", "in")
	npStops = set("about", "for", "on", "in", "if", "and", "or", "regarding", "re",
		"directly", "instead", "first", "please", "though", "since", "because", "when",
		"to", "at", "by", "but", "so", "then", "as",
		// modals end a noun phrase: "something the network will decide"
		"will", "would", "must", "should", "can", "could", "may", "might", "shall")
)

// Word flags, looked up once per token when a message is read, so that the
// party scanner, which runs at nearly every word, hashes no strings.
const (
	fHead uint8 = 1 << iota
	fStop
	fNotParty
	fPartyWord
	fNotName
	fGram
)

var wordFlags = func() map[string]uint8 {
	flags := map[string]uint8{}
	for bit, words := range map[uint8]map[string]bool{
		fHead: partyHeads, fStop: npStops, fNotParty: notParty, fPartyWord: partyWords, fNotName: notNames,
		fGram: gramWords,
	} {
		for w := range words {
			flags[w] |= bit
		}
	}
	return flags
}()

// partyCached is party, remembered per token: slot patterns are tried at
// every word, and most words are no party at all.
func (m *msg) partyCached(k, b int, np bool) int {
	if b != m.partyEnd {
		return m.party(k, b, np)
	}
	c := m.partyN
	if np {
		c = m.partyX
	}
	if c[k] == 0 {
		c[k] = int8(m.party(k, b, np)) + 1
	}
	return int(c[k]) - 1
}

// party returns how many tokens at k name someone other than the speaker
// and the reader, or 0. A possessive continues the party when a role follows
// it: "Marta's team", "the client's marketing team".
func (m *msg) party(k, b int, np bool) int {
	n := m.party1(k, b, np)
	if n == 0 || k+n+1 >= b || m.toks[k+n].w != "'s" {
		return n
	}
	for j := 1; j <= 3 && k+n+j < b; j++ {
		t := m.toks[k+n+j]
		isIT := t.w == "it" && m.text[t.start:t.end] == "IT" // "the company's IT group"
		if t.kind != kindWord || npStops[t.w] || notParty[t.w] && !isIT {
			break
		}
		if partyHeads[t.w] {
			return n + 1 + j
		}
	}
	return n
}

// auxVerbs end a bare role phrase: "Yusra has admin rights" names Yusra,
// not "Yusra has admin".
var auxVerbs = set("is", "are", "was", "were", "has", "have", "had", "does", "do", "did")

// whoeverEnds end the relative clause of "whoever": "whoever set it up
// would know".
var whoeverEnds = set("would", "will", "should", "could", "can", "might", "may", "must",
	"is", "was", "knows", "did", "does", "has", "had")

// timeNouns are no party even in a message written all in lower case: "it
// has to be fixed by eod".
var timeNouns = set("end", "eod", "eow", "cob", "noon", "midday", "lunch", "lunchtime",
	"close", "morning", "afternoon", "evening", "weekend", "week", "month", "next", "then",
	"later", "tmrw", "tmr", "mid")

func (m *msg) party1(k, b int, np bool) int {
	toks := m.toks
	if n := m.r.teamAt(toks, k, b); n > 0 {
		return n
	}
	w := toks[k].w
	if toks[k].kind == kindURL && strings.IndexByte(w, '@') > 0 {
		return 1 // an address: "billing questions go to accounts@…"
	}
	if w == "it" && m.text[toks[k].start:toks[k].end] == "IT" {
		return 1 // the IT department
	}
	f := m.wf
	if f[k]&fNotParty != 0 || toks[k].kind != kindWord {
		return 0
	}
	if (w == "someone" || w == "somebody") && k+1 < b && toks[k+1].w == "else" {
		return 2
	}
	if f[k]&fPartyWord != 0 {
		return 1
	}
	if w == "whoever" || w == "whomever" {
		n := 1
		for k+n < b && n < 10 && toks[k+n].kind == kindWord && !whoeverEnds[toks[k+n].w] {
			n++
		}
		return n
	}
	// A bare role phrase names a party too: "head office", "client
	// services team".
	for n := 0; n < 3 && k+n < b; n++ {
		if toks[k+n].kind != kindWord || f[k+n]&(fStop|fNotParty) != 0 || auxVerbs[toks[k+n].w] {
			break
		}
		if f[k+n]&fHead != 0 && n > 0 {
			// The longest run of role words: "the venue team".
			for k+n+1 < b && f[k+n+1]&fHead != 0 {
				n++
			}
			return n + 1
		}
	}
	switch w {
	case "another", "other", "the", "my", "our", "your", "their", "his", "her", "a":
		// A determiner phrase: a party when it ends in a role ("the design
		// team", "my manager"), or for $X any short noun phrase.
		for n := 1; n <= 3 && k+n < b; n++ {
			t := toks[k+n]
			isIT := t.w == "it" && m.text[t.start:t.end] == "IT" // "your IT team"
			if t.kind != kindWord || f[k+n]&fStop != 0 || f[k+n]&fNotParty != 0 && !isIT {
				break
			}
			// A role or a department: "the design team", "your HR".
			if f[k+n]&fHead != 0 || f[k+n]&fPartyWord != 0 && k+n > k+0 && toks[k+n].w != "they" && toks[k+n].w != "them" && toks[k+n].w != "he" && toks[k+n].w != "she" && toks[k+n].w != "him" && toks[k+n].w != "her" {
				for k+n+1 < b && f[k+n+1]&fHead != 0 {
					n++ // "the venue team"
				}
				return n + 1
			}
			// A possessive ends the phrase: "the hospital's pharmacy
			// committee" is continued by party.
			if np && (k+n+1 >= b || toks[k+n+1].kind != kindWord || f[k+n+1]&fStop != 0 || toks[k+n+1].w == "'s") {
				if w == "my" || w == "our" {
					break
				}
				return n + 1
			}
		}
		return 0
	}
	if f[k]&fNotName != 0 || strings.ContainsAny(w, "'.") || m.allLower && timeNouns[w] {
		return 0
	}
	if toks[k].upper || m.allLower {
		// A second capitalised word continues the name ("Creative
		// Services"); a contraction's tail ("Josh's") shares the first
		// word's offsets and is no part of it.
		if k+1 < b && toks[k+1].upper && toks[k+1].kind == kindWord && toks[k+1].start != toks[k].start &&
			f[k+1]&fNotName == 0 {
			return 2
		}
		return 1
	}
	return 0
}
