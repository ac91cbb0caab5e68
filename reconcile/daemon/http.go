package daemon

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ownerd/ownerd/rules"
)

// Handler serves /metrics, /healthz, /readyz and /api/v1/gaps.
func (d *Daemon) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(d.o.Metrics.Registry, promhttp.HandlerOpts{Registry: d.o.Metrics.Registry}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if ok, waiting := d.Ready(); !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("waiting for a first sync of: " + strings.Join(waiting, ", ") + "\n"))
			return
		}
		w.Write([]byte("ready\n"))
	})
	mux.HandleFunc("GET /api/v1/gaps", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(d.GapsDocument())
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><title>ownerd</title><h1>ownerd</h1><ul><li><a href="/api/v1/gaps">/api/v1/gaps</a> — open gaps<li><a href="/metrics">/metrics</a><li><a href="/readyz">/readyz</a><li><a href="/healthz">/healthz</a></ul>`))
	})
	return mux
}

// APIGap is one open gap as /api/v1/gaps serves it: the fields of
// check's findings, with the ledger's.
type APIGap struct {
	rules.Finding
	Team      string    `json:"team"`
	Ticket    string    `json:"ticket,omitempty"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}

// GapsDocument is what /api/v1/gaps serves.
type GapsDocument struct {
	Now  time.Time `json:"now"`
	Gaps []APIGap  `json:"gaps"`
}

// GapsDocument returns the open gaps as the API serves them.
func (d *Daemon) GapsDocument() GapsDocument {
	doc := GapsDocument{Now: d.o.Now().UTC(), Gaps: []APIGap{}}
	for _, g := range d.Gaps() {
		doc.Gaps = append(doc.Gaps, APIGap{Finding: g.Finding, Team: g.Team, Ticket: string(g.Ticket), FirstSeen: g.FirstSeen.UTC(), LastSeen: g.LastSeen.UTC()})
	}
	return doc
}
