package main

import (
	"context"
	"errors"
	"fmt"
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

func (e *engine) Search(ctx context.Context, q bot.Query) (*bot.Result, error) {
	start := time.Now()
	res, err := e.live.Search(ctx, index.Query{Text: q.Text, Event: q.Event, Limit: q.Limit, Offset: q.Offset})
	if e.metrics != nil {
		e.metrics.Search(time.Since(start))
	}
	if err != nil {
		return nil, err
	}
	out := &bot.Result{Total: int(res.Total), Hits: make([]bot.Hit, len(res.Hits))}
	for i, h := range res.Hits {
		out.Hits[i] = bot.Hit{Source: h.Source, Title: h.Title, Date: h.Date, URL: h.URL, Text: h.Text, Fragment: h.Fragment, Events: h.Events}
	}
	return out, nil
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
	if errors.Is(err, index.ErrCorpusUnavailable) {
		return bot.Stats{}, fmt.Errorf("%w: %w", bot.ErrCorpusUnavailable, err)
	}
	if err != nil {
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
