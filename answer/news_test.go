//go:build news

package answer

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summitbot/summitbot/index"
)

// The news-corpus tests (build tag "news", run by test.sh after the race
// suite) reuse the index the index package's news tests built when
// SUMMITBOT_NEWS_INDEX names it, and otherwise one kept in the temporary
// folder (rebuilt when the corpus changes).
var newsIdx struct {
	once sync.Once
	x    *index.Index
	err  error
}

func openNewsIndex(t testing.TB) (*index.Index, *Answerer) {
	t.Helper()
	src := newsDir()
	if _, err := os.Stat(src); err != nil {
		t.Skipf("SKIP: news corpus absent at %s: the news development set is not scored", src)
	}
	newsIdx.once.Do(func() {
		dir := os.Getenv("SUMMITBOT_NEWS_INDEX")
		if dir == "" {
			// One folder for every run and every fuzz worker: the first
			// builds the index (about 30 s), the others open it.
			dir = filepath.Join(os.TempDir(), "summitbot-answer-news-index")
		}
		// An index already built (by the index package's news tests, or by
		// the first fuzz worker) is opened read-only: every fuzz worker
		// opens it, and a reader need not read the 24,000 files again.
		newsIdx.x, newsIdx.err = index.Open(context.Background(), index.Options{Dir: dir, Corpus: os.DirFS(src)})
	})
	if newsIdx.err != nil {
		t.Fatal(newsIdx.err)
	}
	return newsIdx.x, New(newsIdx.x.Catalogue(), IndexSearch(newsIdx.x))
}

// TestNewsDevSet scores the news development set: every outcome pinned,
// no invented fact, and the figure the README states.
func TestNewsDevSet(t *testing.T) {
	x, a := openNewsIndex(t)
	scoreDevSet(t, a, x.Catalogue(), "news development set", "news.json", "blind-news.json")
}

// BenchmarkNewsAsk measures /ask's answering on the news index over the
// development set's questions, after one warm-up round, and reports p50
// and p99 per question.
func BenchmarkNewsAsk(b *testing.B) {
	_, a := openNewsIndex(b)
	qs := loadDevSet(b, "news.json")
	// One warm-up round: the measure is of a serving bot, whose index
	// pages are in memory, not of the first reads after a build.
	for _, q := range qs {
		if _, err := a.Answer(context.Background(), q.Question); err != nil {
			b.Fatal(err)
		}
	}
	var took []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := qs[i%len(qs)]
		start := time.Now()
		if _, err := a.Answer(context.Background(), q.Question); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
}

// FuzzNewsAnswer asks random questions of the news index, starting from
// the development sets' questions: whatever is asked, an answer never
// states a number or a name that its cited passages (or its events'
// catalogue entries) do not hold, and its quote is verbatim from the
// first cited passage (but for the "…" that marks where a long run was
// cut).
func FuzzNewsAnswer(f *testing.F) {
	x, a := openNewsIndex(f)
	for _, name := range []string{"news.json", "blind-news.json"} {
		for _, q := range loadDevSet(f, name) {
			f.Add(q.Question)
		}
	}
	f.Fuzz(func(t *testing.T, q string) {
		ans, err := a.Answer(context.Background(), q)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if !ans.Found {
			return
		}
		if forged := invention(ans, x.Catalogue()); len(forged) > 0 {
			t.Errorf("%q: the answer states %q, which no cited passage or catalogue entry holds: %q / %q", q, forged, ans.Text, ans.Quote)
		}
		// A run too long to quote is quoted in pieces marked "…" where cut:
		// the words between the marks are the passage's own.
		words := strings.TrimSuffix(strings.TrimPrefix(ans.Quote, "…"), "…")
		if ans.Quote != "" && (len(ans.Passages) == 0 || !strings.Contains(ans.Passages[0].Text, words)) {
			t.Errorf("%q: quote %q is not verbatim from the first cited passage", q, ans.Quote)
		}
	})
}
