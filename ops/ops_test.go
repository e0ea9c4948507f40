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

// Feedback counts votes by vote, event and kind on /metrics.
func TestFeedback(t *testing.T) {
	m := NewMetrics()
	m.Feedback("up", "hanoi", "why")
	m.Feedback("up", "hanoi", "why")
	m.Feedback("down", "none", "none")
	want := `# HELP summitbot_feedback_total Votes on answers (Was this helpful?), one per voter and answer, by vote (up, down), event (a catalogue id, none or other) and question kind (none: not answered).
# TYPE summitbot_feedback_total counter
summitbot_feedback_total{event="hanoi",kind="why",vote="up"} 2
summitbot_feedback_total{event="none",kind="none",vote="down"} 1
`
	if err := testutil.GatherAndCompare(m.reg, strings.NewReader(want), "summitbot_feedback_total"); err != nil {
		t.Error(err)
	}
}
