package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/summitbot/summitbot/config"
	"github.com/summitbot/summitbot/feeds"
)

// feedPage is an article page of the tests' own words, about an event of
// the built-in catalogue.
const feedPage = `<html><head><title>Hanoi</title></head><body><nav><a href="/">Home</a></nav><article>
<p>The second meeting of Donald Trump and Kim Jong-un, the Hanoi summit of February 2019, ended early
without the agreement both delegations had been preparing for weeks.</p>
<p>The two sides could not settle how much sanctions relief the closing of the Yongbyon site was worth,
and the lunch laid out for the leaders at the hotel went uneaten while the motorcades left.</p>
</article></body></html>`

// `summitbot fetch` prints a line per feed and the totals, writes into
// FEEDS_DIR inside the corpus folder, and fails only when every feed did.
func TestFetchCommand(t *testing.T) {
	t.Chdir(t.TempDir()) // no stray .env
	pages := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/hanoi" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, feedPage)
	}))
	defer pages.Close()
	feedsSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/rss" {
			http.Error(w, "down", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Asia</title>
<item><title>Talks in Hanoi end early</title><link>%s/hanoi</link><pubDate>Thu, 28 Feb 2019 09:30:00 +0000</pubDate></item>
</channel></rss>`, pages.URL)
	}))
	defer feedsSrv.Close()
	corpusDir := t.TempDir()
	good, bad := feedsSrv.URL+"/rss", feedsSrv.URL+"/broken"

	out, _, err := runCLI(t, map[string]string{"FEEDS": bad + "," + good}, "fetch", "--corpus", corpusDir)
	if err != nil {
		t.Fatalf("fetch: %v\n%s", err, out)
	}
	for _, want := range []string{bad + "  error: fetch feed: 500", good + " 1 written, 0 duplicate, 0 off-topic, 0 failed", "total", "1 written", "2 feeds, 1 failed"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	written, _ := filepath.Glob(filepath.Join(corpusDir, "feeds", "*.md"))
	if len(written) != 1 {
		t.Errorf("articles in the corpus's feeds folder: %v", written)
	}

	out, _, err = runCLI(t, map[string]string{"FEEDS": bad}, "fetch", "--corpus", corpusDir)
	var u usageError
	if err == nil || errors.As(err, &u) || !strings.Contains(err.Error(), "every feed failed") || !strings.Contains(out, "error:") {
		t.Errorf("fetch with every feed failing: %v\n%s", err, out)
	}

	for _, tt := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"fetch", "--corpus", corpusDir}, "FEEDS: not set (hint:"},
		{map[string]string{"FEEDS": good}, []string{"fetch"}, "FEEDS is set but CORPUS_DIR is not (hint:"},
		{map[string]string{"FEEDS": "example.com/rss", "FETCH_EVERY": "1s", "CORPUS_DIR": corpusDir}, []string{"fetch"}, "FETCH_EVERY: 1s is less than"},
	} {
		if _, _, err := runCLI(t, tt.env, tt.args...); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v %v: %v, want %q", tt.env, tt.args, err, tt.want)
		}
	}
}

// The loop fetches at once and at every tick, reindexes only after a
// pass that wrote, and ends with its context.
func TestFeedLoop(t *testing.T) {
	results := make(chan feeds.Report)
	fetch := func(ctx context.Context) (feeds.Report, error) {
		select {
		case r := <-results:
			return r, nil
		case <-ctx.Done():
			return feeds.Report{}, ctx.Err()
		}
	}
	reindexed := make(chan int, 10)
	reindex := func(context.Context) (int, error) {
		reindexed <- 1
		return 42, nil
	}
	ticks := make(chan time.Time)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		feedLoop(ctx, ticks, fetch, reindex, slog.New(slog.NewTextHandler(io.Discard, nil)))
		close(done)
	}()

	results <- feeds.Report{Written: 2} // the pass at start
	ticks <- time.Time{}                // taken once the reindex is done
	if len(reindexed) != 1 {
		t.Fatalf("after a pass that wrote: %d reindexes, want 1", len(reindexed))
	}
	results <- feeds.Report{Duplicate: 3}
	ticks <- time.Time{}
	if len(reindexed) != 1 {
		t.Fatalf("after a pass that wrote nothing: %d reindexes, want still 1", len(reindexed))
	}
	results <- feeds.Report{Written: 1}
	ticks <- time.Time{}
	if len(reindexed) != 2 {
		t.Fatalf("after the third pass: %d reindexes, want 2", len(reindexed))
	}
	cancel()
	<-done
}

// keepCurrent starts nothing without FEEDS and without a corpus folder to
// poll (no folder, or CORPUS_POLL=0): it says nothing and touches no
// engine (there is none here: a loop started would panic on it).
func TestKeepCurrentWithoutFeeds(t *testing.T) {
	for _, cfg := range []config.Config{
		{},
		{CorpusDir: t.TempDir()},  // CORPUS_POLL=0
		{CorpusPoll: time.Second}, // the built-in corpus: nothing to poll
		{CorpusDir: t.TempDir(), FetchEvery: time.Second}, // no FEEDS
	} {
		var log strings.Builder
		stop := keepCurrent(context.Background(), cfg, nil, slog.New(slog.NewTextHandler(&log, nil)))
		stop()
		if log.Len() > 0 {
			t.Errorf("%+v: keepCurrent started something:\n%s", cfg, log.String())
		}
	}
}
