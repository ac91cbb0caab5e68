package digest

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
)

// ChartName is the chart's name as an inline image of the mail
// (cid:trend.png).
const ChartName = "trend.png"

// Subject is the retrospective's subject, with its count.
func (r Retro) Subject() string {
	return fmt.Sprintf("ownerd: %s — the week's retrospective, %s · %s to %s", r.Team, plural(len(r.Misses), "miss", "misses"),
		r.From.In(r.Location).Format("Jan 2"), r.To.In(r.Location).Format("Jan 2"))
}

// Text is the retrospective as plain text; the trend as a table.
func (r Retro) Text() string {
	var b strings.Builder
	loc := r.Location
	fmt.Fprintf(&b, "The week's retrospective — %s, %s to %s\n", r.Team, r.From.In(loc).Format("Mon Jan 2"), r.To.In(loc).Format("Mon Jan 2"))
	if r.Lead != nil {
		fmt.Fprintf(&b, "For %s, lead of %s.\n", r.Lead.Name, r.Team)
	}
	if len(r.Misses) == 0 {
		b.WriteString("\nNo misses this week: no promise broke, and no gap stayed open long.\n")
	}
	for i, m := range r.Misses {
		fmt.Fprintf(&b, "\n%d. %s\n   %s\n   Links: %s\n\n   What happened:\n", i+1, m.Deliverable, strings.Join(m.Gaps, "; "), linksText(m.Links))
		for _, e := range m.Timeline {
			fmt.Fprintf(&b, "   %s  %s\n", e.At.In(loc).Format("Mon Jan 2 15:04"), e.What)
		}
		b.WriteString("\n   The debrief:\n")
		for _, a := range m.Debrief {
			fmt.Fprintf(&b, "   %s\n     %s\n", a.Question, a.Answer)
		}
	}
	b.WriteString("\nThe trend, gaps per week (the chart in the HTML part):\n   week of   opened  resolved\n")
	for _, w := range r.Trend {
		fmt.Fprintf(&b, "   %-8s  %6d  %8d\n", w.Start.In(loc).Format("Jan 2"), w.Opened, w.Resolved)
	}
	fmt.Fprintf(&b, "\n-- \nownerd · the weekly retrospective of %s: what to learn from each miss.\n", r.Team)
	return b.String()
}

// HTML is the retrospective as an HTML mail; chartSrc is the chart's
// address (cid:trend.png in the mail, a data: URL in a preview).
func (r Retro) HTML(chartSrc string) string {
	var buf bytes.Buffer
	err := retroPage.Execute(&buf, struct {
		Retro
		Subject string
		Chart   template.URL
	}{r, r.Subject(), template.URL(chartSrc)})
	if err != nil {
		panic("digest: " + err.Error())
	}
	return buf.String()
}

var retroPage = template.Must(template.New("retro").Funcs(template.FuncMap{
	"day": func(r Retro, which int) string {
		t := r.From
		if which == 1 {
			t = r.To
		}
		return t.In(r.Location).Format("Mon Jan 2")
	},
	"stamp": func(r Retro, e Event) string { return e.At.In(r.Location).Format("Mon Jan 2 15:04") },
	"inc":   func(i int) int { return i + 1 },
	"join":  strings.Join,
}).Parse(mailTop + `<h1 style="margin:0 0 4px 0;font-size:20px;line-height:26px;">The week's retrospective — {{.Team}}</h1>
<p style="margin:0;color:#5e6c84;">{{day .Retro 0}} to {{day .Retro 1}}{{with .Lead}} · for {{.Name}}{{end}}</p>
{{if not .Misses}}<p style="margin:12px 0 0 0;">No misses this week: no promise broke, and no gap stayed open long.</p>{{end}}
</td></tr>
{{range $i, $m := .Misses}}<tr><td class="miss" style="padding:16px 24px 0 24px;">
<h2 style="margin:0;font-size:16px;border-bottom:2px solid #dfe1e6;padding-bottom:4px;">{{inc $i}}. {{$m.Deliverable}}</h2>
<p style="margin:4px 0;color:#5e6c84;">{{join $m.Gaps "; "}}</p>
<p style="margin:4px 0;font-size:13px;">{{range $j, $l := $m.Links}}{{if $j}} · {{end}}{{if $l.URL}}<a href="{{$l.URL}}" style="color:#0052cc;">{{$l.Name}}</a>{{else}}{{$l.Name}}{{end}}{{end}}</p>
<h3 style="margin:12px 0 4px 0;font-size:14px;">What happened</h3>
<table role="presentation" class="timeline" width="100%" cellpadding="0" cellspacing="0" style="font-size:13px;">
{{range $m.Timeline}}<tr><td valign="top" style="white-space:nowrap;color:#5e6c84;padding:2px 8px 2px 0;">{{stamp $.Retro .}}</td><td style="padding:2px 0;">{{.What}}</td></tr>
{{end}}</table>
<h3 style="margin:12px 0 4px 0;font-size:14px;">The debrief</h3>
<dl class="debrief" style="margin:0;">
{{range $m.Debrief}}<dt style="font-weight:bold;margin-top:6px;">{{.Question}}</dt><dd style="margin:0 0 0 16px;">{{.Answer}}</dd>
{{end}}</dl>
</td></tr>
{{end}}<tr><td style="padding:16px 24px 0 24px;">
<h2 style="margin:0;font-size:16px;border-bottom:2px solid #dfe1e6;padding-bottom:4px;">The trend</h2>
<img id="trend" src="{{.Chart}}" width="592" alt="Gaps opened and resolved per week, the last twelve weeks" style="display:block;width:100%;max-width:592px;height:auto;margin-top:8px;">
</td></tr>
<tr><td style="padding:16px 24px 20px 24px;color:#5e6c84;font-size:12px;">ownerd · the weekly retrospective of {{.Team}}: what to learn from each miss.</td></tr>
` + mailBottom))
