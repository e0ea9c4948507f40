package ops

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// corpusMetrics say how fresh the corpus is: the date of its newest
// article, and how old that article is at scrape time. Both are read at
// scrape time from the one date kept here.
type corpusMetrics struct {
	now func() time.Time // the clock of the age; tests fix it

	mu     sync.Mutex
	newest time.Time // zero: unknown
}

// newCorpusMetrics registers the corpus's collectors in reg.
func newCorpusMetrics(reg prometheus.Registerer) *corpusMetrics {
	c := &corpusMetrics{now: time.Now}
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "summitbot_newest_article_timestamp_seconds",
			Help: "Unix time of the newest article in the serving corpus; 0 when unknown.",
		}, c.timestamp),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "summitbot_newest_article_age_seconds",
			Help: "Seconds from the newest article's date to the scrape; 0 when unknown. A corpus that follows news feeds and stops growing shows here.",
		}, c.ageSeconds),
	)
	return c
}

// get is the newest article's date; zero when unknown.
func (c *corpusMetrics) get() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.newest
}

// timestamp is the newest article's date in Unix seconds; 0 when unknown.
func (c *corpusMetrics) timestamp() float64 {
	newest := c.get()
	if newest.IsZero() {
		return 0
	}
	return float64(newest.Unix())
}

// ageSeconds is now minus the newest article's date, never negative
// (an article dated ahead of the clock is new, not older than new); 0
// when unknown.
func (c *corpusMetrics) ageSeconds() float64 {
	newest := c.get()
	if newest.IsZero() {
		return 0
	}
	return max(0, c.now().Sub(newest).Seconds())
}

// Newest records the date of the serving corpus's newest article; a zero
// time says it is unknown, and both metrics read 0.
func (m *Metrics) Newest(t time.Time) {
	c := m.corpus
	c.mu.Lock()
	c.newest = t
	c.mu.Unlock()
}
