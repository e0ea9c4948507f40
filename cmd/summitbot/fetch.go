package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/summitbot/summitbot/config"
	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/feeds"
	"github.com/summitbot/summitbot/index"
)

// feedOptions are the fetcher's options from the settings: the articles
// go to FEEDS_DIR, judged by cat.
func feedOptions(cfg config.Config, cat *corpus.Catalogue, log *slog.Logger, rec feeds.Recorder) feeds.Options {
	return feeds.Options{
		Feeds:     cfg.Feeds,
		Dir:       cfg.FeedsFolder(),
		Catalogue: cat,
		UserAgent: feeds.DefaultUserAgent(version()),
		Logger:    log,
		Metrics:   rec,
	}
}

// errNoFeeds is `summitbot fetch` without FEEDS.
var errNoFeeds = errors.New("FEEDS: not set (hint: list the RSS or Atom feeds to fetch, separated by spaces, commas or newlines, e.g. FEEDS=https://example.com/rss.xml)")

// runFetch is `summitbot fetch`: one pass over the feeds, and its report.
// It fails only when every feed failed.
func runFetch(ctx context.Context, c *call) error {
	if len(c.cfg.Feeds) == 0 {
		return errNoFeeds
	}
	cat, err := catalogueOf(c.cfg)
	if err != nil {
		return err
	}
	rep, err := feeds.Fetch(ctx, feedOptions(c.cfg, cat, newLogger(c.cfg.LogLevel, c.stderr), nil))
	if werr := writeFeedReport(c.stdout, rep); err == nil {
		err = werr
	}
	if err != nil {
		return err
	}
	for _, f := range rep.Feeds {
		if f.Err == nil {
			return nil
		}
	}
	return fmt.Errorf("fetch: every feed failed (%d)", len(rep.Feeds))
}

// writeFeedReport prints a pass's report: a line per feed, then the
// totals.
func writeFeedReport(w io.Writer, rep feeds.Report) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	failed := 0
	for _, f := range rep.Feeds {
		switch {
		case f.Err != nil:
			failed++
			fmt.Fprintf(tw, "%s\terror: %v\n", f.URL, f.Err)
		case f.NotModified:
			fmt.Fprintf(tw, "%s\tnot modified\n", f.URL)
		default:
			fmt.Fprintf(tw, "%s\t%s\n", f.URL, outcomes(f.Written, f.Duplicate, f.OffTopic, f.Failed))
		}
	}
	fmt.Fprintf(tw, "total\t%s; %d feeds, %d failed\n", outcomes(rep.Written, rep.Duplicate, rep.OffTopic, rep.Failed), len(rep.Feeds), failed)
	return tw.Flush()
}

func outcomes(written, duplicate, offTopic, failed int) string {
	return fmt.Sprintf("%d written, %d duplicate, %d off-topic, %d failed", written, duplicate, offTopic, failed)
}

// keepCurrent keeps the served corpus current in the background: it
// applies changed corpus files every CORPUS_POLL (a fetcher in another
// process, an operator's copy), and when FEEDS is set it fetches the feeds
// at once, then every FETCH_EVERY, applying the articles a pass wrote.
// stop ends both and waits for them; call it before the index closes.
func keepCurrent(ctx context.Context, cfg config.Config, eng *engine, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	if cfg.CorpusDir != "" && cfg.CorpusPoll > 0 {
		wg.Go(func() {
			eng.live.Watch(ctx, cfg.CorpusPoll, func(info index.Info, err error) {
				if err != nil {
					log.Warn("applying corpus changes failed; the previous index keeps serving", "err", err)
					return
				}
				eng.record()
				attrs := []any{"articles", info.Articles, "passages", info.Passages}
				if ch := info.Change; ch != nil {
					attrs = append(attrs, "added", len(ch.Added), "changed", len(ch.Changed), "removed", len(ch.Removed))
				}
				log.Info("applied corpus changes", attrs...)
			})
		})
		log.Info("watching the corpus folder", "dir", cfg.CorpusDir, "every", cfg.CorpusPoll)
	}
	if len(cfg.Feeds) > 0 {
		wg.Go(func() {
			ticker := time.NewTicker(cfg.FetchEvery)
			defer ticker.Stop()
			var rec feeds.Recorder
			if eng.metrics != nil {
				rec = eng.metrics
			}
			// Each pass judges items by the catalogue served now: the
			// folder's events.yaml may have changed since the start.
			fetch := func(ctx context.Context) (feeds.Report, error) {
				return feeds.Fetch(ctx, feedOptions(cfg, eng.Catalogue(), log, rec))
			}
			// Refresh, not Reindex: the folder watch may have applied the
			// pass's articles already, and then nothing is done twice.
			reindex := func(ctx context.Context) (int, error) {
				info, _, err := eng.live.Refresh(ctx)
				eng.record()
				return info.Passages, err
			}
			feedLoop(ctx, ticker.C, fetch, reindex, log)
		})
		log.Info("fetching feeds", "feeds", len(cfg.Feeds), "every", cfg.FetchEvery, "dir", cfg.FeedsFolder())
	}
	return func() {
		cancel()
		wg.Wait()
	}
}

// feedLoop runs a pass at once and one at every tick until ctx is done.
// After a pass that wrote an article it calls reindex, which gives the
// passages the index then serves.
func feedLoop(ctx context.Context, ticks <-chan time.Time, fetch func(context.Context) (feeds.Report, error),
	reindex func(context.Context) (int, error), log *slog.Logger) {
	for {
		rep, err := fetch(ctx)
		if ctx.Err() != nil {
			return
		}
		failed := 0
		for _, f := range rep.Feeds {
			if f.Err != nil {
				failed++
			}
		}
		attrs := []any{"written", rep.Written, "duplicate", rep.Duplicate, "off_topic", rep.OffTopic, "failed", rep.Failed, "feeds", len(rep.Feeds), "feeds_failed", failed}
		if err != nil {
			log.Warn("feed pass failed", append(attrs, "err", err)...)
		} else {
			log.Info("feed pass done", attrs...)
		}
		if rep.Written > 0 {
			passages, err := reindex(ctx)
			switch {
			case ctx.Err() != nil:
				return
			case err != nil:
				log.Warn("reindex after the feed pass failed; the previous index keeps serving", "err", err)
			default:
				log.Info("reindexed after the feed pass", "written", rep.Written, "passages", passages)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-ticks:
		}
	}
}
