package ops

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// newestMetrics is the exposition of the newest article's two metrics
// with these values, as testutil.GatherAndCompare expects it.
func newestMetrics(stamp, age float64) string {
	return fmt.Sprintf(`# HELP summitbot_newest_article_age_seconds Seconds from the newest article's date to the scrape; 0 when unknown. A corpus that follows news feeds and stops growing shows here.
# TYPE summitbot_newest_article_age_seconds gauge
summitbot_newest_article_age_seconds %v
# HELP summitbot_newest_article_timestamp_seconds Unix time of the newest article in the serving corpus; 0 when unknown.
# TYPE summitbot_newest_article_timestamp_seconds gauge
summitbot_newest_article_timestamp_seconds %v
`, age, stamp)
}

// newestNames are the newest article's metrics.
var newestNames = []string{"summitbot_newest_article_timestamp_seconds", "summitbot_newest_article_age_seconds"}

// checkNewest fails unless m's registry (what /metrics serves) has the
// newest article's metrics with these values.
func checkNewest(t *testing.T, m *Metrics, stamp, age float64) {
	t.Helper()
	if err := testutil.GatherAndCompare(m.reg, strings.NewReader(newestMetrics(stamp, age)), newestNames...); err != nil {
		t.Error(err)
	}
}

func TestNewestArticleMetrics(t *testing.T) {
	scrapeAt := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) // 1795600800
	tests := []struct {
		name      string
		newest    []time.Time // Newest is called with each, in order
		wantStamp float64
		wantAge   float64
	}{
		{"never set", nil, 0, 0},
		{"unknown", []time.Time{{}}, 0, 0},
		{"a day and a half old", []time.Time{time.Date(2026, 11, 23, 22, 0, 0, 0, time.UTC)}, 1795471200, 129600},
		{"newer replaces older", []time.Time{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}, 1795597200, 3600},
		{"forgotten again", []time.Time{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), {}}, 0, 0},
		{"dated ahead of the clock", []time.Time{time.Date(2026, 11, 25, 11, 0, 0, 0, time.UTC)}, 1795604400, 0},
		{"in another zone", []time.Time{time.Date(2026, 11, 25, 18, 0, 0, 0, time.FixedZone("KST", 9*3600))}, 1795597200, 3600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMetrics()
			m.corpus.now = func() time.Time { return scrapeAt }
			for _, n := range tt.newest {
				m.Newest(n)
			}
			checkNewest(t, m, tt.wantStamp, tt.wantAge)
		})
	}
}

// The age is computed at scrape time, not when Newest was called.
func TestNewestArticleAgeGrowsBetweenScrapes(t *testing.T) {
	m := NewMetrics()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	m.corpus.now = func() time.Time { return now }
	m.Newest(now.Add(-time.Minute))
	checkNewest(t, m, float64(now.Add(-time.Minute).Unix()), 60)
	now = now.Add(30 * time.Minute)
	checkNewest(t, m, float64(now.Add(-31*time.Minute).Unix()), 1860)
}

// Each Metrics has its own registry and its own date: two of them, given
// different dates, each read their own.
func TestNewestArticleMetricsArePerInstance(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	a, b := NewMetrics(), NewMetrics()
	a.corpus.now = func() time.Time { return now }
	b.corpus.now = func() time.Time { return now }
	a.Newest(now.Add(-time.Hour))
	b.Newest(now.Add(-2 * time.Hour))
	checkNewest(t, a, float64(now.Add(-time.Hour).Unix()), 3600)
	checkNewest(t, b, float64(now.Add(-2*time.Hour).Unix()), 7200)
}
