package digest

import (
	"bytes"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Chart draws the trend as a PNG: the gaps opened and resolved in each
// week, side by side, with gonum.org/v1/plot (its fonts are built in, so
// nothing is read from the machine).
func (r Retro) Chart() ([]byte, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s: gaps opened and resolved per week", r.Team)
	p.Y.Label.Text = "gaps"
	p.Y.Min = 0
	opened, resolved := make(plotter.Values, len(r.Trend)), make(plotter.Values, len(r.Trend))
	labels := make([]string, len(r.Trend))
	for i, w := range r.Trend {
		opened[i], resolved[i] = float64(w.Opened), float64(w.Resolved)
		labels[i] = w.Start.In(r.Location).Format("Jan 2")
	}
	width := vg.Points(12)
	o, err := plotter.NewBarChart(opened, width)
	if err != nil {
		return nil, err
	}
	o.Color, o.LineStyle.Width, o.Offset = color.RGBA{R: 0xde, G: 0x35, B: 0x0b, A: 0xff}, 0, -width/2
	s, err := plotter.NewBarChart(resolved, width)
	if err != nil {
		return nil, err
	}
	s.Color, s.LineStyle.Width, s.Offset = color.RGBA{R: 0x36, G: 0xb3, B: 0x7e, A: 0xff}, 0, width/2
	p.Add(o, s)
	p.Legend.Add("opened", o)
	p.Legend.Add("resolved", s)
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs = vg.Points(36)
	p.NominalX(labels...)
	// Room for the bars at both ends, and above them for the legend;
	// counts are whole, and so are the ticks.
	most := 1.0
	for i := range opened {
		most = max(most, opened[i], resolved[i])
	}
	p.X.Min, p.X.Max = -0.6, float64(len(r.Trend))-0.4
	p.Y.Max = most * 1.35
	p.Y.Tick.Marker = plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		step := max(1, int(hi/5))
		var ticks []plot.Tick
		for v := 0; float64(v) <= hi; v += step {
			ticks = append(ticks, plot.Tick{Value: float64(v), Label: fmt.Sprint(v)})
		}
		return ticks
	})
	var buf bytes.Buffer
	wt, err := p.WriterTo(vg.Points(480), vg.Points(200), "png")
	if err != nil {
		return nil, err
	}
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
