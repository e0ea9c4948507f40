package index

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/summitbot/summitbot/corpus"
)

// Limits on the page a search returns.
const (
	DefaultLimit = 5
	MaxLimit     = 50
)

// errEmptyQuery is returned for a search with neither words nor an event.
var errEmptyQuery = errors.New("nothing to search for: give some words or an event")

// errUnknownEvent is returned for an event id the catalogue lacks.
var errUnknownEvent = errors.New("unknown event")

// Search runs a query. Passages with every word of the query rank above
// those that miss one, and are the only ones listed when there are at least
// enoughFull of them (see ranked). With an event, passages tagged with that
// event come first, then (when there are words) the other matches; the
// every-word rule applies within each of those two groups, so a tagged
// passage that misses a word still ranks above an untagged one with all.
func (x *Index) Search(ctx context.Context, q corpus.Query) (*corpus.Result, error) {
	if q.Limit <= 0 {
		q.Limit = DefaultLimit
	}
	q.Limit = min(q.Limit, MaxLimit)
	q.Offset = max(q.Offset, 0)
	text := sanitizeQuery(q.Text)

	var ev *corpus.Event
	if q.Event != "" {
		var ok bool
		if ev, ok = x.cat.Event(q.Event); !ok {
			return nil, fmt.Errorf("%w %q (known: %s)", errUnknownEvent, q.Event, strings.Join(x.cat.IDs(), ", "))
		}
	}
	var pl *plan
	var err error
	switch {
	case text != "":
		pl, err = x.textQuery(text, true)
	case ev == nil:
		return nil, errEmptyQuery
	default:
		// The catalogue's own words, with no typos to correct; an event
		// card ranks the event's passages by its name alone.
		if pl, err = x.textQuery(ev.Name, false); pl != nil {
			pl.all = nil
		}
	}
	if err != nil {
		return nil, err
	}
	if pl == nil {
		return &corpus.Result{Hits: []corpus.Hit{}}, nil
	}
	if ev == nil {
		return x.ranked(ctx, x.preferSummits(pl.q), q.Offset, q.Limit, pl)
	}
	return x.searchEvent(ctx, q, ev, text == "", pl)
}

// searchEvent lists the passages tagged with the event first, then, unless
// the event alone was asked for (an event card), the other matches.
func (x *Index) searchEvent(ctx context.Context, q corpus.Query, ev *corpus.Event, card bool, pl *plan) (*corpus.Result, error) {
	evTerm := term(fieldEvents, ev.ID)
	first, err := x.ranked(ctx, and(pl.q, evTerm), q.Offset, q.Limit, pl)
	if err != nil || card {
		return first, err
	}
	// Fill the page with the other matches, ranked after the event's own.
	rest := bleve.NewBooleanQuery()
	// AddMust, not Must: Bleve reads a must clause that matches nothing as
	// no must clause at all, and a must-not alone as everything else.
	rest.AddMust(pl.q)
	rest.AddMustNot(evTerm)
	offset := max(0, q.Offset-int(first.Total))
	need := q.Limit - len(first.Hits)
	if need == 0 {
		need = 1 // still count the rest for Total
	}
	second, err := x.ranked(ctx, rest, offset, need, pl)
	if err != nil {
		return nil, err
	}
	first.Total += second.Total
	if room := q.Limit - len(first.Hits); room > 0 {
		first.Hits = append(first.Hits, second.Hits[:min(room, len(second.Hits))]...)
	}
	return first, nil
}

// enoughFull: when at least this many passages have every part of the
// query, only they are listed; with fewer, the passages that miss a part
// follow them. It does not depend on the page asked for, so every page of
// a search lists the same passages.
const enoughFull = DefaultLimit

// ranked runs q, listing the passages that also match pl.all (every part
// of the query; nil when the query has one part) above the others, each
// group in score order. When at least enoughFull passages match pl.all,
// the others are left out, Total included.
func (x *Index) ranked(ctx context.Context, q query.Query, offset, limit int, pl *plan) (*corpus.Result, error) {
	if pl.all == nil {
		return x.run(ctx, q, offset, limit, pl)
	}
	full, err := x.run(ctx, guided{q: q, lead: pl.all}, offset, limit, pl)
	if err != nil || full.Total >= enoughFull {
		return full, err
	}
	rest := bleve.NewBooleanQuery()
	rest.AddMust(q) // see searchEvent: never a must clause Bleve could drop
	rest.AddMustNot(pl.all)
	part, err := x.run(ctx, rest, max(0, offset-int(full.Total)), limit-len(full.Hits), pl)
	if err != nil {
		return nil, err
	}
	full.Total += part.Total
	full.Hits = append(full.Hits, part.Hits...)
	return full, nil
}

// run ranks without term locations, which Bleve would decode for every
// matching passage; the page's hits are highlighted by finding the query's
// marks in their text.
func (x *Index) run(ctx context.Context, q query.Query, offset, limit int, pl *plan) (*corpus.Result, error) {
	req := bleve.NewSearchRequestOptions(q, limit, offset, false)
	if pl.syn != nil {
		req.PreSearchData = map[string]any{search.SynonymPreSearchDataKey: pl.syn}
	}
	sr, err := x.bl.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res := &corpus.Result{Total: int(sr.Total), Hits: make([]corpus.Hit, 0, len(sr.Hits))}
	for _, dm := range sr.Hits {
		h, err := x.hit(dm, pl.marks)
		if err != nil {
			return nil, err
		}
		res.Hits = append(res.Hits, h)
	}
	return res, nil
}

// hit loads the stored fields of a match and highlights its text.
func (x *Index) hit(dm *search.DocumentMatch, marks *marks) (corpus.Hit, error) {
	d, err := x.bl.Document(dm.ID)
	if err != nil {
		return corpus.Hit{}, fmt.Errorf("load passage %s: %w", dm.ID, err)
	}
	h := corpus.Hit{Passage: corpus.Passage{ID: dm.ID, Events: []string{}}, Score: dm.Score}
	if d == nil {
		return h, fmt.Errorf("load passage %s: not found", dm.ID)
	}
	d.VisitFields(func(f bindex.Field) {
		switch f.Name() {
		case fieldText:
			h.Text = string(f.Value())
		case fieldEvents:
			h.Events = append(h.Events, string(f.Value()))
		}
	})
	a, ok := x.articles[articleKey(dm.ID)]
	if !ok {
		return h, fmt.Errorf("load passage %s: its article is not in the article table", dm.ID)
	}
	h.Source, h.Title, h.URL = a.Source, a.Title, a.URL
	if !a.Date.IsZero() {
		h.Date = a.Date.UTC()
	}
	dm.Locations = x.locate(h.Text, marks)
	h.Fragment = fragment(dm, d, h.Text)
	return h, nil
}
