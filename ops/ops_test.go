package ops

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// FeedItems counts feed items by outcome on /metrics.
func TestFeedItems(t *testing.T) {
	m := NewMetrics()
	m.FeedItems("written", 2)
	m.FeedItems("written", 1)
	m.FeedItems("failed", 0)
	rec := httptest.NewRecorder()
	Mux(m, func() error { return nil }).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{`summitbot_feed_items_total{outcome="written"} 3`, `summitbot_feed_items_total{outcome="failed"} 0`} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
