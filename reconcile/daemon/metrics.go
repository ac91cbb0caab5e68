package daemon

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"

	gh "github.com/google/go-github/v60/github"
	"github.com/prometheus/client_golang/prometheus"
	versioncollector "github.com/prometheus/client_golang/prometheus/collectors/version"

	"github.com/ownerd/ownerd/connectors/jira"
	"github.com/ownerd/ownerd/rules"
)

// Metrics are ownerd's own, on a registry of its own: the default
// registry is only ever touched in main. No label value comes from the
// text of a ticket or a mail: rules, teams and connectors are named by
// the configuration, codes and reasons by the code.
type Metrics struct {
	Registry *prometheus.Registry

	gapsOpen      *prometheus.GaugeVec
	gapsOpened    *prometheus.CounterVec
	gapsResolved  *prometheus.CounterVec
	openDuration  *prometheus.HistogramVec
	deliverables  *prometheus.GaugeVec
	pollDuration  *prometheus.HistogramVec
	pollErrors    *prometheus.CounterVec
	lastPoll      *prometheus.GaugeVec
	pollInterval  *prometheus.GaugeVec
	apiRequests   *prometheus.CounterVec
	rateRemaining *prometheus.GaugeVec
	notifications *prometheus.CounterVec
	// ConfigReload is 1 when the last configuration reload succeeded.
	ConfigReload prometheus.Gauge
}

// NewMetrics registers ownerd's metrics. Every rule × team series of
// ownerd_gaps_open exists from the start at 0, so that a dashboard shows
// a team with no gaps as 0, not as no data.
func NewMetrics(teams []string) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		gapsOpen: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "ownerd_gaps_open", Help: "Gaps open now, by rule and team.",
		}, []string{"rule", "team"}),
		gapsOpened: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ownerd_gaps_opened_total", Help: "Gaps opened, by rule.",
		}, []string{"rule"}),
		gapsResolved: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ownerd_gaps_resolved_total", Help: "Gaps resolved, by rule.",
		}, []string{"rule"}),
		openDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "ownerd_gap_open_duration_seconds", Help: "How long gaps stayed open, observed when they resolve, by rule.",
			Buckets: []float64{3600, 4 * 3600, 12 * 3600, 86400, 2 * 86400, 4 * 86400, 7 * 86400, 14 * 86400, 30 * 86400},
		}, []string{"rule"}),
		deliverables: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "ownerd_deliverables", Help: "Client-facing deliverables known now, by team.",
		}, []string{"team"}),
		pollDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "ownerd_poll_duration_seconds", Help: "How long a connector's sync took, by connector.",
			Buckets: prometheus.ExponentialBuckets(0.05, 2, 12),
		}, []string{"connector"}),
		pollErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ownerd_poll_errors_total", Help: "Syncs that failed, by connector and reason.",
		}, []string{"connector", "reason"}),
		lastPoll: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "ownerd_last_successful_poll_timestamp_seconds", Help: "When each connector last synced successfully, as a Unix time.",
		}, []string{"connector"}),
		pollInterval: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "ownerd_poll_interval_seconds", Help: "How often each connector is synced now, before jitter: poll_every, or five times it while a mailbox is watched (IMAP IDLE).",
		}, []string{"connector"}),
		apiRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ownerd_api_requests_total", Help: "HTTP requests to Jira and GitHub, by connector and status code (\"error\" when no answer came).",
		}, []string{"connector", "code"}),
		rateRemaining: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "ownerd_ratelimit_remaining", Help: "Requests left in the current rate-limit window, as the system last said, by connector.",
		}, []string{"connector"}),
		notifications: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ownerd_notifications_total", Help: "Comments and reminders written, by channel and result.",
		}, []string{"channel", "result"}),
		ConfigReload: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "ownerd_config_last_reload_successful", Help: "1 when the last configuration (re)load succeeded, else 0.",
		}),
	}
	reg.MustRegister(m.gapsOpen, m.gapsOpened, m.gapsResolved, m.openDuration, m.deliverables,
		m.pollDuration, m.pollErrors, m.lastPoll, m.pollInterval, m.apiRequests, m.rateRemaining, m.notifications, m.ConfigReload,
		versioncollector.NewCollector("ownerd"))
	m.ConfigReload.Set(1)
	for _, r := range rules.Table {
		m.gapsOpened.WithLabelValues(r.Name)
		m.gapsResolved.WithLabelValues(r.Name)
		m.openDuration.WithLabelValues(r.Name)
		for _, t := range teams {
			m.gapsOpen.WithLabelValues(r.Name, t)
		}
	}
	for _, t := range teams {
		m.deliverables.WithLabelValues(t)
	}
	// Every channel × result from the start, so that a rate of failures
	// is 0, not no data.
	for _, ch := range []string{"jira", "github", "mail"} {
		for _, r := range []string{"success", "failed", "deferred"} {
			m.notifications.WithLabelValues(ch, r)
		}
	}
	return m
}

// reasons are the values of ownerd_poll_errors_total's reason.
var reasons = []string{"timeout", "rate_limited", "auth", "server_error", "client_error", "network", "other"}

// connector pre-creates a connector's series, its errors at 0 by reason.
func (m *Metrics) connector(name string) {
	m.lastPoll.WithLabelValues(name)
	m.pollDuration.WithLabelValues(name)
	for _, r := range reasons {
		m.pollErrors.WithLabelValues(name, r)
	}
}

// Observe returns a function that counts one HTTP attempt of a connector
// and keeps the rate-limit header's remaining count.
func (m *Metrics) Observe(connector string) func(*http.Response, error) {
	return func(resp *http.Response, err error) {
		if resp == nil {
			m.apiRequests.WithLabelValues(connector, "error").Inc()
			return
		}
		m.apiRequests.WithLabelValues(connector, strconv.Itoa(resp.StatusCode)).Inc()
		for _, h := range []string{"X-RateLimit-Remaining", "X-Ratelimit-Remaining"} {
			if v, err := strconv.ParseFloat(resp.Header.Get(h), 64); err == nil {
				m.rateRemaining.WithLabelValues(connector).Set(v)
				break
			}
		}
	}
}

// Transport wraps an HTTP transport so that every attempt is observed.
func (m *Metrics) Transport(connector string, next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	observe := m.Observe(connector)
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(r)
		observe(resp, err)
		return resp, err
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// reason sorts a sync error into a few words fit for a label.
func reason(err error) string {
	var jerr *jira.APIError
	var gerr *gh.ErrorResponse
	var rl *gh.RateLimitError
	var netErr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.As(err, &rl):
		return "rate_limited"
	case errors.As(err, &jerr):
		return statusReason(jerr.Status)
	case errors.As(err, &gerr) && gerr.Response != nil:
		return statusReason(gerr.Response.StatusCode)
	case errors.As(err, &netErr):
		if netErr.Timeout() {
			return "timeout"
		}
		return "network"
	}
	return "other"
}

func statusReason(code int) string {
	switch {
	case code == http.StatusTooManyRequests:
		return "rate_limited"
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return "auth"
	case code >= 500:
		return "server_error"
	}
	return "client_error"
}

// interval records how often a connector is synced now: the alert on a
// connector that stopped syncing counts in these intervals.
func (m *Metrics) interval(connector string, every time.Duration) {
	m.pollInterval.WithLabelValues(connector).Set(every.Seconds())
}

func (m *Metrics) polled(connector string, took time.Duration, at time.Time, err error) {
	m.pollDuration.WithLabelValues(connector).Observe(took.Seconds())
	if err != nil {
		m.pollErrors.WithLabelValues(connector, reason(err)).Inc()
		return
	}
	m.lastPoll.WithLabelValues(connector).Set(float64(at.Unix()))
}
