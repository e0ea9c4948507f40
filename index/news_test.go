//go:build news

// The news corpus (about 25,000 articles, half a million passages) is too
// slow for the race detector, so these tests and benchmarks run only with
// -tags news, without -race (see test.sh).

package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summitbot/summitbot/corpus"
)

var news struct {
	once  sync.Once
	x     *Index
	dir   string
	build time.Duration
	warns []corpus.Warning
	err   error
}

// newsIndex builds the news index on disk once per test binary; set
// SUMMITBOT_NEWS_INDEX to a folder to keep and reuse it between runs.
func newsIndex(t testing.TB) (*Index, time.Duration) {
	t.Helper()
	src := sharedDir(t, "corpus/news")
	news.once.Do(func() {
		news.dir = os.Getenv("SUMMITBOT_NEWS_INDEX")
		if news.dir == "" {
			d, err := os.MkdirTemp("", "summitbot-news-*")
			if err != nil {
				news.err = err
				return
			}
			news.dir = d
		}
		start := time.Now()
		var mu sync.Mutex
		news.x, news.err = Open(context.Background(), Options{Dir: news.dir, Corpus: os.DirFS(src), Warn: func(w corpus.Warning) {
			mu.Lock()
			news.warns = append(news.warns, w)
			mu.Unlock()
		}})
		news.build = time.Since(start)
	})
	if news.err != nil {
		t.Fatal(news.err)
	}
	return news.x, news.build
}

func TestMain(m *testing.M) {
	code := m.Run()
	if news.x != nil {
		news.x.Close()
		if os.Getenv("SUMMITBOT_NEWS_INDEX") == "" {
			os.RemoveAll(news.dir)
		}
	}
	os.Exit(code)
}

func TestNewsEval(t *testing.T) {
	cases := loadEval(t)
	x, _ := newsIndex(t)
	for _, c := range cases {
		if c.Corpus != "news" {
			continue
		}
		t.Run(c.Command+"/"+c.Query+c.Event, func(t *testing.T) { checkCase(t, x, c) })
	}
}

func TestNewsLoadsEverythingReadable(t *testing.T) {
	x, _ := newsIndex(t)
	info := x.Info()
	if info.Built {
		// Every skipped news file is a video page with front matter and no text.
		for _, w := range news.warns {
			if !strings.Contains(w.Reason, "no text after the front matter") {
				t.Errorf("unexpected skip: %s", w)
			}
		}
	}
	if info.Articles < 24000 || info.Passages < 400000 {
		t.Errorf("news corpus: %+v", info)
	}
}

// TestNewsPerformance measures what the README reports: build time,
// passages per second, index size, search latency and peak memory.
func TestNewsPerformance(t *testing.T) {
	x, build := newsIndex(t)
	info := x.Info()
	size := dirSize(t, info.Path)
	queries := readQueries(t)
	const rounds = 20
	var lat []time.Duration
	for r := 0; r < rounds; r++ {
		for _, q := range queries {
			start := time.Now()
			if _, err := x.Search(context.Background(), q); err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			lat = append(lat, time.Since(start))
		}
	}
	slices.Sort(lat)
	p := func(f float64) time.Duration { return lat[int(f*float64(len(lat)-1))] }
	report := fmt.Sprintf("news corpus: %d articles, %d passages", info.Articles, info.Passages)
	if info.Built {
		report += fmt.Sprintf("; built in %s (%.0f passages/s)", build.Round(100*time.Millisecond), float64(info.Passages)/build.Seconds())
	}
	report += fmt.Sprintf("; index %.0f MB on disk; search over %d queries x %d: p50 %s, p99 %s (highlights on); peak RSS %s",
		float64(size)/1e6, len(queries), rounds, p(0.50).Round(10*time.Microsecond), p(0.99).Round(10*time.Microsecond), peakRSS())
	t.Log(report)
	fmt.Println(report)
	if info.Built && build > 3*time.Minute {
		t.Errorf("building the news index took %s", build)
	}
	if p(0.99) > 100*time.Millisecond {
		t.Errorf("search p99 %s is far off the 10 ms target", p(0.99))
	}
}

func BenchmarkNewsSearch(b *testing.B) {
	x, _ := newsIndex(b)
	queries := readQueries(b)
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if _, err := x.Search(context.Background(), queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

func BenchmarkNewsBuild(b *testing.B) {
	src := sharedDir(b, "corpus/news")
	for b.Loop() {
		dir := b.TempDir()
		x, err := Open(context.Background(), Options{Dir: dir, Corpus: os.DirFS(src)})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(x.Info().Passages), "passages")
		x.Close()
	}
}

func dirSize(t testing.TB, dir string) int64 {
	t.Helper()
	var n int64
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// peakRSS reads the process's high-water resident memory on Linux.
func peakRSS() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
