package language

import (
	_ "embed"
	"encoding/binary"
	"math"
	"slices"
)

// The deflection model: a logistic regression over the words of a
// message and the grammar's own cues, beside the grammar. The grammar
// reads the constructions it knows exactly; the model weighs the wording
// around them, learnt from labelled messages written across trades and
// registers (testdata/train, and the project's labelled sets but the
// last blind one, which measures it). It only adds: a message the
// grammar reads as deflecting stays so, and a commitment still wins.
//
// Features are hashed into modelDims buckets: every word and pair of
// adjacent words of the new part, with a third party (party: a name, a
// role, "your IT") replaced by one token, so that "ask <party>" learns
// from every name; and the grammar's cues ("cue:agent", "cue:powerless",
// ...). Weights are float32, little-endian, after a float32 bias, in
// deflection.model, written by
//
//	go test ./rules/language -run TestTrainDeflectionModel -train
//
// which is deterministic: the same data gives the same file.

const (
	modelBits = 16
	modelDims = 1 << modelBits
	// modelThreshold is the probability above which the model calls a
	// message a deflection: the lowest of 0.5, 0.6, ... 0.9 whose
	// cross-validated precision on the training data reaches
	// modelPrecision
	// (TestTrainDeflectionModel prints the figures; with testdata/train
	// as it is, 0.966 at 0.8; TestTrainDeflectionModel fails if this
	// constant does not follow the rule).
	modelThreshold = 0.8
	// modelPrecision is asked of the model on its training data above
	// the 0.95 asked of the reader: at 0.95 (threshold 0.7) it still
	// read status mail ("the final RSVPs aren't in yet") as deflection
	// in the scenarios, mail unlike anything it learnt from.
	modelPrecision = 0.96
)

//go:embed deflection.model
var modelFile []byte

type deflectionModel struct {
	bias float32
	w    []float32
}

var defModel = loadModel(modelFile)

func loadModel(b []byte) *deflectionModel {
	if len(b) != 4*(modelDims+1) {
		return nil // no model trained yet: the grammar reads alone
	}
	m := &deflectionModel{w: make([]float32, modelDims)}
	m.bias = math.Float32frombits(binary.LittleEndian.Uint32(b))
	for i := range m.w {
		m.w[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*(i+1):]))
	}
	return m
}

func (dm *deflectionModel) encode() []byte {
	b := make([]byte, 4*(modelDims+1))
	binary.LittleEndian.PutUint32(b, math.Float32bits(dm.bias))
	for i, w := range dm.w {
		binary.LittleEndian.PutUint32(b[4*(i+1):], math.Float32bits(w))
	}
	return b
}

// prob is the model's probability that features f deflect.
func (dm *deflectionModel) prob(f []uint32) float64 {
	z := float64(dm.bias)
	for _, i := range f {
		z += float64(dm.w[i])
	}
	return 1 / (1 + math.Exp(-z))
}

// featureHash buckets a feature of a kind and one or two words: FNV-1a
// (hash/fnv's, written out so that hashing allocates nothing).
func featureHash(kind string, words ...string) uint32 {
	const prime = 16777619
	h := uint32(2166136261)
	add := func(s string) {
		for i := 0; i < len(s); i++ {
			h ^= uint32(s[i])
			h *= prime
		}
	}
	add(kind)
	for _, w := range words {
		h ^= 0
		h *= prime
		add(w)
	}
	return h & (modelDims - 1)
}

// features lists the hashed features of the message m holds, into dst.
func (m *msg) features(dst []uint32) []uint32 {
	prev := "<s>"
	for _, s := range m.sents {
		m.inSentence(s)
		prev = "<s>"
		for k := s.a; k < s.b; {
			w := m.toks[k].w
			n := 1
			if p := m.partyCached(k, s.b, false); p > 0 && !notParty[w] {
				w, n = "<party>", p
			} else if m.toks[k].kind == kindNum {
				w = "<num>"
			}
			dst = append(dst, featureHash("w", w), featureHash("b", prev, w))
			prev = w
			k += n
		}
		dst = append(dst, featureHash("b", prev, "</s>"))
		if s.question {
			dst = append(dst, featureHash("cue", "question"))
		}
	}
	// The grammar's cues, weak ones included.
	for _, s := range m.sents {
		if s.question {
			continue
		}
		m.inSentence(s)
		for k := s.a; k < s.b; k++ {
			if m.wf[k]&fGram == 0 {
				continue
			}
			if found, strong := m.agent(s, k); found {
				if strong {
					dst = append(dst, featureHash("cue", "agent-strong"))
				} else {
					dst = append(dst, featureHash("cue", "agent"))
				}
			}
		}
	}
	if m.powerless() {
		dst = append(dst, featureHash("cue", "powerless"))
	}
	if m.resolved() {
		dst = append(dst, featureHash("cue", "resolved"))
	}
	for _, s := range m.sents {
		if m.wishful(s) {
			dst = append(dst, featureHash("cue", "wish"))
			break
		}
	}
	// Each feature once: a message repeating itself is no more a
	// deflection for it.
	slices.Sort(dst)
	return slices.Compact(dst)
}

// modelDeflects reports whether the model reads the message as a
// deflection the grammar did not see.
func (m *msg) modelDeflects() bool {
	if defModel == nil || m.handsOver() {
		return false
	}
	if !m.modelMaySpeak() {
		return false
	}
	var buf [256]uint32
	return defModel.prob(m.features(buf[:0])) >= modelThreshold
}

// modelSpan is the sentence the model's reading quotes: the first
// statement naming a third party (not the reader addressed), else the
// first statement.
func (m *msg) modelSpan() int {
	for si, s := range m.sents {
		if s.question {
			continue
		}
		m.inSentence(s)
		for k := s.a; k < s.b; k++ {
			if m.namesThird(s, k) {
				return si
			}
		}
	}
	return m.firstStatement()
}

// modelMaySpeak reports a message the model is asked about (and trained
// on): a statement, with a word any deflection needs (pushesAway), and
// someone it could be pushed to, a third party named or by role (not a
// bare "they", nor the reader addressed by name: "Ana, you're right,
// they haven't gone out" concedes, it pushes nothing away), or the
// grammar's weak cues (an agent, the powerless side).
func (m *msg) modelMaySpeak() bool {
	statement := false
	for _, s := range m.sents {
		statement = statement || !s.question
	}
	if !statement || !m.pushesAway() {
		return false
	}
	for _, s := range m.sents {
		if m.praises(s) || m.assigns(s) || m.wishful(s) {
			return false
		}
	}
	if m.powerless() {
		return true
	}
	// A sentence with both a third party and a word that pushes toward
	// it: "talk to Dana in billing, she handles that" has both, "The
	// final RSVPs aren't in yet" and "Hi Dr. Patel," do not.
	for _, s := range m.sents {
		if s.question {
			continue
		}
		m.inSentence(s)
		third, push := false, false
		for k := s.a; k < s.b; k++ {
			if m.wf[k]&fGram != 0 {
				if found, _ := m.agent(s, k); found {
					return true
				}
			}
			third = third || m.namesThird(s, k)
			push = push || m.pushesAt(k)
		}
		if third && push {
			return true
		}
	}
	return false
}

// vocative reports a party of n tokens at k that addresses the reader
// rather than naming a third party: "Ana, you're right", "Hi Greta,".
func (m *msg) vocative(s sentence, k, n int) bool {
	if k+n >= s.b || m.toks[k+n].w != "," {
		return false
	}
	for j := s.a; j < k; j++ {
		switch m.toks[j].w {
		case "hi", "hello", "hey", "dear", "morning", "afternoon", "evening", "thanks", "sorry", "ok", "okay", "good", "yes", "no", ".", "mr", "mrs", "ms", "dr":
		default:
			return false
		}
	}
	return true
}

// namesThird reports a third party named at k, by name or role: not a
// bare pronoun, not the reader addressed.
func (m *msg) namesThird(s sentence, k int) bool {
	n := m.partyCached(k, s.b, false)
	return n > 0 && !pronouns[m.toks[k].w] && !m.vocative(s, k, n)
}

// pronouns name a third party only by reference.
var pronouns = set("they", "them", "he", "she", "him", "her", "it")

// pushesAway reports a word any deflection needs, whoever wrote it
// (pushesAt).
func (m *msg) pushesAway() bool {
	for k := range m.toks {
		if m.pushesAt(k) {
			return true
		}
	}
	return false
}

// pushesAt reports a word at k that any deflection needs: a negation, an
// obligation or exclusivity, or a responsibility noun that is only ever
// one ("remit", "jurisdiction", "call"; not "product").
func (m *msg) pushesAt(k int) bool {
	switch t := m.toks[k]; t.w {
	case "not":
		// "The client has not signed off yet" reports a wait, not a
		// matter pushed away.
		for j := k + 1; j < len(m.toks) && j <= k+6 && m.toks[j].kind != kindPunct; j++ {
			if m.toks[j].w == "yet" {
				return false
			}
		}
		return true
	case "no", "never", "nothing", "nobody", "none", "noone", "unable", "must",
		"should", "need", "needs", "only", "alone", "best", "better", "powerless",
		"prohibited", "barred", "forbidden", "beyond", "above", "outside":
		return true
	case "have", "has":
		return k+1 < len(m.toks) && m.toks[k+1].w == "to"
	default:
		return respNouns[t.w] && !weakNouns[t.w]
	}
}
