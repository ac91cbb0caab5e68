package language

import (
	_ "embed"
	"encoding/binary"
	"math"
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
	// cross-validated precision on the training data reaches 0.95
	// (TestTrainDeflectionModel prints the figures; with testdata/train
	// as it is, 0.962 at 0.6).
	modelThreshold = 0.6
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
	return dst
}

// modelDeflects reports whether the model reads the message as a
// deflection the grammar did not see.
func (m *msg) modelDeflects() bool {
	if defModel == nil || m.handsOver() {
		return false
	}
	statement := false
	for _, s := range m.sents {
		statement = statement || !s.question
	}
	if !statement || !m.pushesAway() {
		return false
	}
	var buf [256]uint32
	return defModel.prob(m.features(buf[:0])) >= modelThreshold
}

// pushesAway reports a word that any deflection needs, whoever wrote it:
// a negation, an obligation or exclusivity, or a responsibility noun. A
// message without one ("they're A1 for the windows and A3 for the
// counters") is left alone whatever its other words weigh.
func (m *msg) pushesAway() bool {
	for k, t := range m.toks {
		switch t.w {
		case "not", "no", "never", "nothing", "nobody", "none", "noone", "unable", "must",
			"should", "need", "needs", "only", "alone", "best", "better", "powerless",
			"prohibited", "barred", "forbidden", "beyond", "above", "outside":
			return true
		case "have", "has":
			if k+1 < len(m.toks) && m.toks[k+1].w == "to" {
				return true
			}
		}
		if respNouns[t.w] || m.wf[k]&fGram != 0 && (t.w == "by" || t.w == "up" || t.w == "down") {
			return true
		}
	}
	return false
}
