package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/config"
	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/feeds"
	"github.com/summitbot/summitbot/index"
	"github.com/summitbot/summitbot/ops"
)

// The metrics are the bot's Observer in both modes; they must count the
// votes on answers too, which the bot asks for with a type assertion.
var _ bot.FeedbackObserver = (*ops.Metrics)(nil)

// engine adapts the live index to the bot's Searcher, Reindexer and
// FeedSources, so the bot package never sees Bleve or the fetcher.
type engine struct {
	live    *index.Live
	corpus  string       // "built-in" or the folder
	metrics *ops.Metrics // nil: not measured
	// feedsDir is the fetcher's folder, whose state file tells when the
	// feeds ran, whichever process fetched them; "" without a corpus
	// folder.
	feedsDir string
	log      *slog.Logger
}

// newEngine serves live for the settings cfg, records the index in
// metrics (nil: not measured) and logs to log what the bot cannot say.
func newEngine(cfg config.Config, live *index.Live, metrics *ops.Metrics, log *slog.Logger) *engine {
	e := &engine{live: live, corpus: corpusName(cfg), metrics: metrics, log: log}
	if cfg.CorpusDir != "" {
		e.feedsDir = cfg.FeedsFolder()
	}
	e.record()
	return e
}

// record sets the index's metrics from the index serving now.
func (e *engine) record() {
	if e.metrics == nil {
		return
	}
	info, last := e.live.Info()
	e.metrics.Index(info.Passages, latest(info.BuiltAt, last))
	e.metrics.Newest(info.Newest.Date)
}

// feedState is the fetcher's state; empty without feeds or when it
// cannot be read, which is logged: the moderator is told no feed has run.
func (e *engine) feedState() feeds.State {
	if e.feedsDir == "" {
		return feeds.State{}
	}
	st, err := feeds.ReadState(e.feedsDir)
	if err != nil {
		e.log.Warn("the feeds' state cannot be read", "dir", e.feedsDir, "err", err)
	}
	return st
}

// FeedSources lists the feeds the fetcher keeps, from its state file.
func (e *engine) FeedSources() []bot.FeedSource {
	var out []bot.FeedSource
	for _, f := range e.feedState().Feeds {
		out = append(out, bot.FeedSource{URL: f.URL, LastRun: f.LastRun, LastSuccess: f.LastSuccess, LastError: f.LastError, Written: f.Written})
	}
	return out
}

func (e *engine) Search(ctx context.Context, q corpus.Query) (*corpus.Result, error) {
	start := time.Now()
	res, err := e.live.Search(ctx, q)
	if e.metrics != nil {
		e.metrics.Search(time.Since(start))
	}
	return res, err
}

func (e *engine) Suggest(prefix string, limit int) ([]string, error) {
	return e.live.Suggest(prefix, limit)
}

func (e *engine) Catalogue() *corpus.Catalogue { return e.live.Catalogue() }

func (e *engine) Stats() bot.Stats {
	info, last := e.live.Info()
	return e.stats(info, last)
}

func (e *engine) Reindex(ctx context.Context) (bot.Stats, error) {
	info, err := e.live.Reindex(ctx)
	if err != nil { // corpus.ErrCorpusUnavailable, wrapped, tells the moderator the old index serves on
		return bot.Stats{}, err
	}
	_, last := e.live.Info()
	e.record()
	return e.stats(info, last), nil
}

func (e *engine) stats(info index.Info, last time.Time) bot.Stats {
	n := info.Newest
	return bot.Stats{Articles: info.Articles, Passages: info.Passages, Skipped: info.Skipped,
		BuiltAt: info.BuiltAt, LastReindex: last, Corpus: e.corpus, Built: info.Built,
		Newest:       bot.NewestArticle{Title: n.Title, Source: n.Source, URL: n.URL, Date: n.Date},
		FeedsLastRun: e.feedState().LastRun}
}
