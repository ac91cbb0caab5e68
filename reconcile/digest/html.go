package digest

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/ownerd/ownerd/reconcile/notify"
)

// HTML is the digest as an HTML mail: tables and inline styles only, no
// style sheet, image or script, so that Gmail and Outlook show it as
// written. Everything from tickets and mail is escaped by html/template.
func (d Digest) HTML() string {
	opened := map[string]bool{}
	for _, e := range d.Opened {
		opened[e.Rule+" "+e.Deliverable] = true
	}
	var buf bytes.Buffer
	err := page.Execute(&buf, struct {
		Digest
		Subject string
		IsNew   func(Entry) bool
	}{d, d.Subject(), func(e Entry) bool { return opened[e.Rule+" "+e.Deliverable] }})
	if err != nil {
		// The template is fixed and its data plain: a failure is a bug.
		panic("digest: " + err.Error())
	}
	return buf.String()
}

// mailTop and mailBottom frame both mails: a centred 640 px card on a
// grey ground, in tables with inline styles, as mail clients need.
const (
	mailTop = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{{.Subject}}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;"><tr><td align="center" style="padding:16px;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" style="max-width:640px;width:100%;background:#ffffff;border:1px solid #dfe1e6;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:20px;color:#172b4d;">
<tr><td style="padding:20px 24px 8px 24px;">
`
	mailBottom = `</table></td></tr></table>
</body></html>
`
)

var page = template.Must(template.New("digest").Funcs(template.FuncMap{
	"heading": func(rule string) string { return strings.TrimSuffix(notify.Heading(rule), ".") },
	"when":    func(d Digest) string { return d.At.In(d.Location).Format("Mon Jan 2, 15:04 MST") },
	"from":    func(d Digest) string { return d.From.In(d.Location).Format("Mon Jan 2, 15:04") },
	"stamp":   func(d Digest, e Entry) string { return e.Resolved.In(d.Location).Format("Mon Jan 2 15:04") },
	"join":    strings.Join,
}).Parse(mailTop + `<h1 style="margin:0 0 4px 0;font-size:20px;line-height:26px;">Ownership digest — {{.Team}}</h1>
<p style="margin:0;color:#5e6c84;">{{when .Digest}}{{with .Lead}} · for {{.Name}}{{end}}</p>
<p id="counts" style="margin:12px 0 0 0;"><strong>{{.Count}} open</strong>{{if not .From.IsZero}} · since {{from .Digest}}: {{len .Opened}} new, {{len .Resolved}} resolved{{end}}</p>
{{if eq .Count 0}}<p style="margin:12px 0 0 0;">No open gaps: every deliverable of the team has one owner and kept promises.</p>{{end}}
</td></tr>
{{range .Open}}<tr><td class="habit" style="padding:16px 24px 0 24px;">
<h2 style="margin:0;font-size:13px;letter-spacing:1px;text-transform:uppercase;color:#5e6c84;border-bottom:2px solid #dfe1e6;padding-bottom:4px;">{{.Habit}}</h2>
{{range .Rules}}<h3 style="margin:12px 0 4px 0;font-size:15px;">{{heading .Rule}} <span style="font-weight:normal;color:#5e6c84;">({{.Rule}})</span></h3>
<table role="presentation" class="gaps" width="100%" cellpadding="0" cellspacing="0">
{{range .Entries}}<tr class="gap"><td style="padding:8px 0;border-top:1px solid #ebecf0;">
<div><strong>{{.Deliverable}}</strong>{{if call $.IsNew .}} <span style="background:#ffab00;color:#172b4d;font-size:11px;padding:1px 4px;border-radius:3px;">new</span>{{end}}</div>
<div style="color:#5e6c84;">{{if .Owners}}{{if gt (len .Owners) 1}}owners{{else}}owner{{end}} {{join .Owners ", "}}{{else}}no owner{{end}} · open {{.Age}}</div>
<div>{{.Summary}}</div>
{{if .Evidence}}<div style="color:#5e6c84;font-size:13px;">Evidence: {{.Evidence}}</div>{{end}}
<div style="font-size:13px;">{{range $i, $l := .Links}}{{if $i}} · {{end}}{{if $l.URL}}<a href="{{$l.URL}}" style="color:#0052cc;">{{$l.Name}}</a>{{else}}{{$l.Name}}{{end}}{{end}}</div>
</td></tr>
{{end}}</table>
{{end}}</td></tr>
{{end}}{{if .Resolved}}<tr><td style="padding:16px 24px 0 24px;">
<h2 style="margin:0;font-size:13px;letter-spacing:1px;text-transform:uppercase;color:#5e6c84;border-bottom:2px solid #dfe1e6;padding-bottom:4px;">Resolved since the last digest</h2>
<ul id="resolved" style="margin:8px 0 0 0;padding-left:20px;">
{{range .Resolved}}<li>{{.Rule}} on {{.Deliverable}} — open {{.Age}}, resolved {{stamp $.Digest .}}</li>
{{end}}</ul></td></tr>
{{end}}<tr><td style="padding:16px 24px 20px 24px;color:#5e6c84;font-size:12px;">ownerd · the daily digest of {{.Team}}; each gap on a ticket also has ownerd's comment there.</td></tr>
` + mailBottom))
