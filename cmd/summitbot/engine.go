package main

import (
	"context"
	"time"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/index"
	"github.com/summitbot/summitbot/ops"
)

// engine adapts the live index to the bot's Searcher and Reindexer, so the
// bot package never sees Bleve.
type engine struct {
	live    *index.Live
	corpus  string       // "built-in" or the folder
	metrics *ops.Metrics // nil: not measured
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
	return stats(info, last, e.corpus)
}

func (e *engine) Reindex(ctx context.Context) (bot.Stats, error) {
	info, err := e.live.Reindex(ctx)
	if err != nil { // corpus.ErrCorpusUnavailable, wrapped, tells the moderator the old index serves on
		return bot.Stats{}, err
	}
	_, last := e.live.Info()
	if e.metrics != nil {
		e.metrics.Index(info.Passages, last)
	}
	return stats(info, last, e.corpus), nil
}

func stats(info index.Info, last time.Time, name string) bot.Stats {
	return bot.Stats{Articles: info.Articles, Passages: info.Passages, Skipped: info.Skipped,
		BuiltAt: info.BuiltAt, LastReindex: last, Corpus: name, Built: info.Built}
}
