package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/summitbot/summitbot/corpus"
)

// fakeSearcher answers from a fixed list of hits, so replies are stable.
type fakeSearcher struct {
	cat   *corpus.Catalogue
	hits  []corpus.Hit
	delay time.Duration
	err   error
	panic bool
	// hold, when set, makes every search wait until hold is closed (or
	// the context ends), after telling entered, if set: tests of
	// deferral and shutdown synchronise on these instead of timing.
	hold    chan struct{}
	entered chan struct{}

	reindexErr error // what Reindex fails with

	mu       sync.Mutex
	queries  []corpus.Query
	reindexN int
}

func newFake() *fakeSearcher {
	cat, err := corpus.DefaultCatalogue()
	if err != nil {
		panic(err)
	}
	day := time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC)
	hits := []corpus.Hit{
		{Passage: corpus.Passage{Source: "articles/hanoi.md", Title: "Hanoi: the summit that ended early", Date: day, URL: "https://example.org/hanoi",
			Text: "The talks ended without a deal.", Events: []string{"hanoi"}}, Fragment: "The talks ended without a **deal**."},
		{Passage: corpus.Passage{Source: "news/mentions.md", Title: "@everyone *bold* _title_ <@123>", Date: day, URL: "javascript:alert(1)",
			Text: "@here look [click](https://evil.example) ||spoiler|| `code` <@&456>", Events: []string{}}},
		{Passage: corpus.Passage{Source: "news/long.md", Title: strings.Repeat("Very long title ", 30), Date: day,
			Text: strings.Repeat("A very long passage about sanctions relief and Yongbyon. ", 60), Events: []string{"hanoi", "singapore"}}},
	}
	for n := 4; n <= 12; n++ {
		hits = append(hits, corpus.Hit{Passage: corpus.Passage{Source: fmt.Sprintf("news/%02d.md", n), Title: fmt.Sprintf("Article %d", n), Date: day,
			URL: fmt.Sprintf("https://example.org/%d", n), Text: "Passage."}, Fragment: fmt.Sprintf("Passage number **%d**.", n)})
	}
	return &fakeSearcher{cat: cat, hits: hits}
}

func (f *fakeSearcher) Search(ctx context.Context, q corpus.Query) (*corpus.Result, error) {
	f.mu.Lock()
	f.queries = append(f.queries, q)
	f.mu.Unlock()
	if f.panic {
		panic("search exploded")
	}
	if f.hold != nil {
		if f.entered != nil {
			f.entered <- struct{}{}
		}
		select {
		case <-f.hold:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	if q.Event != "" {
		if _, ok := f.cat.Event(q.Event); !ok {
			return nil, fmt.Errorf("unknown event %q", q.Event)
		}
	}
	var hits []corpus.Hit
	if !strings.Contains(q.Text, "nothing") {
		hits = f.hits
	}
	res := &corpus.Result{Total: len(hits)}
	if q.Offset < len(hits) {
		res.Hits = hits[q.Offset:min(len(hits), q.Offset+q.Limit)]
	}
	return res, nil
}

func (f *fakeSearcher) Suggest(prefix string, limit int) ([]string, error) {
	return []string{prefix + "ions", prefix + "uary"}[:min(2, limit)], nil
}

func (f *fakeSearcher) Catalogue() *corpus.Catalogue { return f.cat }

func (f *fakeSearcher) Stats() Stats {
	return Stats{Articles: 12, Passages: 73, Corpus: "built-in", BuiltAt: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
}

func (f *fakeSearcher) Reindex(ctx context.Context) (Stats, error) {
	f.mu.Lock()
	f.reindexN++
	f.mu.Unlock()
	if f.reindexErr != nil {
		return Stats{}, f.reindexErr
	}
	st := f.Stats()
	st.Built = true
	return st, nil
}
