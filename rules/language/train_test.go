package language

import (
	"bytes"
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"
)

var train = flag.Bool("train", false, "train the deflection model and write deflection.model")

// zeroTime is when training examples are read: the labels the model
// learns do not depend on it.
var zeroTime = time.Date(2026, 6, 10, 10, 0, 0, 0, time.UTC)

// trainingSets are the labelled sets the model learns from: the messages
// written to train it (testdata/train) and the project's labelled sets,
// but blind8, which measures it unseen.
func trainingSets(t *testing.T) []labelled {
	var out []labelled
	files, err := filepath.Glob(filepath.Join("testdata", "train", "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"labelled", "heldout", "blind", "blind2", "blind3", "blind4", "blind5", "nearmiss", "blind6", "blind7"} {
		files = append(files, filepath.Join("testdata", name+".jsonl"))
	}
	for _, f := range files {
		out = append(out, readLabelled(t, f)...)
	}
	return out
}

// example is one message as the model sees it.
type example struct {
	f []uint32
	y float64
}

// examples reads each message as Read does and keeps those the model
// decides: no commitment (a commitment is never a deflection), no
// deflection the grammar already reads, and what modelMaySpeak admits.
func examples(set []labelled) []example {
	r := New()
	var out []example
	m := &msg{}
	for _, ex := range set {
		part := NewPart(ex.Text)
		if part == "" {
			continue
		}
		low := lowerASCII(part)
		if autoReply(low) {
			continue
		}
		m.prepare(r, part, low)
		if rd := r.Read(ex.Text, zeroTime); rd.Commitment {
			continue
		}
		m.prepare(r, part, low)
		if _, ok := m.deflecting(); ok || m.handsOver() || !m.modelMaySpeak() {
			continue
		}
		y := 0.0
		if ex.Deflection {
			y = 1
		}
		out = append(out, example{f: slices.Clone(m.features(nil)), y: y})
	}
	return out
}

// fit trains a logistic regression with AdaGrad and L2, deterministically.
func fit(data []example, epochs int) *deflectionModel {
	const (
		rate = 0.2
		l2   = 1e-4
	)
	w := make([]float64, modelDims)
	g := make([]float64, modelDims)
	var bias, gb float64
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for e := 0; e < epochs; e++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			ex := data[i]
			z := bias
			for _, f := range ex.f {
				z += w[f]
			}
			p := 1 / (1 + math.Exp(-z))
			d := p - ex.y
			gb += d * d
			bias -= rate * d / math.Sqrt(gb+1e-8)
			for _, f := range ex.f {
				gr := d + l2*w[f]
				g[f] += gr * gr
				w[f] -= rate * gr / math.Sqrt(g[f]+1e-8)
			}
		}
	}
	m := &deflectionModel{bias: float32(bias), w: make([]float32, modelDims)}
	for i, v := range w {
		m.w[i] = float32(v)
	}
	return m
}

// TestTrainDeflectionModel trains the deflection model on trainingSets:
// it reports five-fold cross-validated precision and recall at each
// threshold on what the grammar leaves to the model (the gate of
// modelMaySpeak applied), checks that modelThreshold is the lowest whose
// precision reaches modelPrecision, and that deflection.model is exactly what
// training gives (on amd64, where the arithmetic is fixed). With -train
// it writes deflection.model.
func TestTrainDeflectionModel(t *testing.T) {
	data := examples(trainingSets(t))
	pos := 0
	for _, ex := range data {
		pos += int(ex.y)
	}
	t.Logf("%d examples the grammar leaves to the model, %d of them deflections", len(data), pos)
	const folds = 5
	thresholds := []float64{0.5, 0.6, 0.7, 0.8, 0.9}
	type pr struct{ tp, fp, fn int }
	res := make([]pr, len(thresholds))
	for k := 0; k < folds; k++ {
		var tr, te []example
		for i, ex := range data {
			if i%folds == k {
				te = append(te, ex)
			} else {
				tr = append(tr, ex)
			}
		}
		m := fit(tr, 20)
		for _, ex := range te {
			p := m.prob(ex.f)
			for i, th := range thresholds {
				switch {
				case p >= th && ex.y == 1:
					res[i].tp++
				case p >= th:
					res[i].fp++
				case ex.y == 1:
					res[i].fn++
				}
			}
		}
	}
	chosen := 0.0
	for i, th := range thresholds {
		c := counts{res[i].tp, res[i].fp, res[i].fn}
		p, r, f := c.f1()
		t.Logf("threshold %.1f: precision %.3f recall %.3f F1 %.3f on what the grammar misses (cross-validated)", th, p, r, f)
		if chosen == 0 && p >= modelPrecision {
			chosen = th
		}
	}
	if chosen != modelThreshold {
		t.Errorf("modelThreshold is %.1f; the rule (the lowest threshold with cross-validated precision of %.2f) picks %.1f", modelThreshold, modelPrecision, chosen)
	}
	m := fit(data, 20)
	if *train {
		if err := os.WriteFile("deflection.model", m.encode(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if runtime.GOARCH == "amd64" && !bytes.Equal(m.encode(), modelFile) {
		t.Error("deflection.model is not what training on the data gives: go test ./rules/language -run TestTrainDeflectionModel -train")
	}
}
