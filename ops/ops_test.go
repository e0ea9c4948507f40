package ops

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// FeedItems counts feed items by outcome on /metrics.
func TestFeedItems(t *testing.T) {
	m := NewMetrics()
	m.FeedItems("written", 2)
	m.FeedItems("written", 1)
	m.FeedItems("failed", 0)
	want := `# HELP summitbot_feed_items_total Feed items met by the feed fetcher, by outcome: written, duplicate, off_topic, failed.
# TYPE summitbot_feed_items_total counter
summitbot_feed_items_total{outcome="failed"} 0
summitbot_feed_items_total{outcome="written"} 3
`
	if err := testutil.GatherAndCompare(m.reg, strings.NewReader(want), "summitbot_feed_items_total"); err != nil {
		t.Error(err)
	}
	// And the registry is what /metrics serves.
	rec := httptest.NewRecorder()
	Mux(m, func() error { return nil }).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if n, err := testutil.GatherAndCount(m.reg, "summitbot_feed_items_total"); err != nil || n != 2 || !strings.Contains(rec.Body.String(), "summitbot_feed_items_total{") {
		t.Errorf("/metrics lacks summitbot_feed_items_total (%d series, %v)", n, err)
	}
}
