// Package ops is summitbot's operational surface: Prometheus metrics and
// the /healthz, /readyz and /metrics endpoints that both the gateway and the
// HTTP interactions mode expose.
package ops

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the bot's collectors in a registry of its own, so two bots
// in one process (or in tests) never share counters.
type Metrics struct {
	reg          *prometheus.Registry
	interactions *prometheus.CounterVec
	handling     *prometheus.HistogramVec
	search       prometheus.Histogram
	rateLimited  prometheus.Counter
	passages     prometheus.Gauge
	lastReindex  prometheus.Gauge
	restErrors   *prometheus.CounterVec
	feedItems    *prometheus.CounterVec
	feedback     *prometheus.CounterVec
	corpus       *corpusMetrics // corpus_metrics.go
}

// NewMetrics registers summitbot's metrics, plus the Go and process
// collectors, in a fresh registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		interactions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "summitbot_interactions_total", Help: "Interactions handled, by command and outcome.",
		}, []string{"command", "outcome"}),
		handling: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "summitbot_interaction_duration_seconds", Help: "Time to build an interaction's response, by command.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"command"}),
		search: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "summitbot_search_duration_seconds", Help: "Time of one index search, highlights included.",
			Buckets: []float64{.0002, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1},
		}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "summitbot_rate_limited_total", Help: "Interactions refused by the per-user rate limit.",
		}),
		passages: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "summitbot_index_passages", Help: "Passages in the serving index.",
		}),
		lastReindex: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "summitbot_index_last_reindex_timestamp_seconds", Help: "Unix time the serving index was built or last reindexed.",
		}),
		restErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "summitbot_rest_errors_total", Help: "Failed calls to Discord's REST API, by operation.",
		}, []string{"operation"}),
		feedItems: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "summitbot_feed_items_total", Help: "Feed items met by the feed fetcher, by outcome: written, duplicate, off_topic, failed.",
		}, []string{"outcome"}),
		feedback: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "summitbot_feedback_total",
			Help: "Votes on answers (Was this helpful?), one per voter and answer, by vote (up, down), event (a catalogue id, none or other) and question kind (none: not answered).",
		}, []string{"vote", "event", "kind"}),
	}
	m.reg.MustRegister(m.interactions, m.handling, m.search, m.rateLimited, m.passages, m.lastReindex, m.restErrors, m.feedItems, m.feedback,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.corpus = newCorpusMetrics(m.reg)
	return m
}

// Interaction records one handled interaction.
func (m *Metrics) Interaction(command, outcome string, d time.Duration) {
	m.interactions.WithLabelValues(command, outcome).Inc()
	m.handling.WithLabelValues(command).Observe(d.Seconds())
	if outcome == "rate_limited" {
		m.rateLimited.Inc()
	}
}

// Search records one search's duration.
func (m *Metrics) Search(d time.Duration) { m.search.Observe(d.Seconds()) }

// RESTError records a failed REST call to Discord.
func (m *Metrics) RESTError(operation string) { m.restErrors.WithLabelValues(operation).Inc() }

// FeedItems records n feed items of one outcome (feeds.Recorder).
func (m *Metrics) FeedItems(outcome string, n int) {
	m.feedItems.WithLabelValues(outcome).Add(float64(n))
}

// Feedback records one vote on an answer (bot.FeedbackObserver); the bot
// bounds the labels' values.
func (m *Metrics) Feedback(vote, event, kind string) {
	m.feedback.WithLabelValues(vote, event, kind).Inc()
}

// Index records the serving index's size and build time.
func (m *Metrics) Index(passages int, built time.Time) {
	m.passages.Set(float64(passages))
	if !built.IsZero() {
		m.lastReindex.Set(float64(built.Unix()))
	}
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Mux serves /healthz (the process is alive), /readyz (ready says the index
// is open and searchable) and /metrics.
func Mux(m *Metrics, ready func() error) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := ready(); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("not ready: " + err.Error() + "\n"))
			return
		}
		w.Write([]byte("ready\n"))
	})
	mux.Handle("GET /metrics", m.Handler())
	return mux
}
