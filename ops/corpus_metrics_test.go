package ops

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// scrape GETs /metrics from the mux and returns each sample line's value
// by metric name (labels included in the name, as printed).
func scrape(t *testing.T, m *Metrics) map[string]float64 {
	t.Helper()
	rec := httptest.NewRecorder()
	Mux(m, func() error { return nil }).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics: %d", rec.Code)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(rec.Body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, ok := strings.Cut(line, " ")
		if !ok {
			t.Fatalf("sample line %q", line)
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			t.Fatalf("sample line %q: %v", line, err)
		}
		out[name] = v
	}
	return out
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
			got := scrape(t, m)
			stamp, ok1 := got["summitbot_newest_article_timestamp_seconds"]
			age, ok2 := got["summitbot_newest_article_age_seconds"]
			if !ok1 || !ok2 {
				t.Fatalf("/metrics lacks the newest article's metrics: %v %v", ok1, ok2)
			}
			if stamp != tt.wantStamp || age != tt.wantAge {
				t.Errorf("timestamp %v age %v; want %v and %v", stamp, age, tt.wantStamp, tt.wantAge)
			}
		})
	}
}

// The age is computed at scrape time, not when Newest was called.
func TestNewestArticleAgeGrowsBetweenScrapes(t *testing.T) {
	m := NewMetrics()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	m.corpus.now = func() time.Time { return now }
	m.Newest(now.Add(-time.Minute))
	if a := scrape(t, m)["summitbot_newest_article_age_seconds"]; a != 60 {
		t.Fatalf("age %v, want 60", a)
	}
	now = now.Add(30 * time.Minute)
	if a := scrape(t, m)["summitbot_newest_article_age_seconds"]; a != 1860 {
		t.Errorf("age %v after 30 minutes, want 1860", a)
	}
}

// Each Metrics has its own registry: two of them never share a value.
func TestNewestArticleMetricsArePerInstance(t *testing.T) {
	a, b := NewMetrics(), NewMetrics()
	a.Newest(time.Unix(1795597200, 0))
	if v := scrape(t, b)["summitbot_newest_article_timestamp_seconds"]; v != 0 {
		t.Errorf("the second Metrics reads %v", v)
	}
	if v := scrape(t, a)["summitbot_newest_article_timestamp_seconds"]; v != 1795597200 {
		t.Errorf("the first reads %v", v)
	}
}
