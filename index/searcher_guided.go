package index

import (
	"context"
	"errors"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// guided is q restricted to the documents lead (an unscored filter)
// matches, with q's scores. Bleve's conjunction moves each member to its
// next match after every hit, which makes q score a document lead may not
// hold; guided moves q only by Advance, to documents lead holds.
type guided struct{ q, lead query.Query }

// Searcher implements query.Query.
func (g guided) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	q, lead, err := searcherPair(ctx, g.q, g.lead, i, m, o)
	if err != nil {
		return nil, err
	}
	return &guidedSearcher{q: q, lead: lead}, nil
}

type guidedSearcher struct {
	q, lead    search.Searcher
	qCur, lCur *search.DocumentMatch // matches held, not yet returned
	done       bool
}

func (s *guidedSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	var err error
	for !s.done {
		if s.lCur == nil {
			if s.lCur, err = s.lead.Next(ctx); err != nil || s.lCur == nil {
				break
			}
		}
		if s.qCur == nil || s.qCur.IndexInternalID.Compare(s.lCur.IndexInternalID) < 0 {
			if s.qCur != nil {
				ctx.DocumentMatchPool.Put(s.qCur)
			}
			if s.qCur, err = s.q.Advance(ctx, s.lCur.IndexInternalID); err != nil || s.qCur == nil {
				break
			}
		}
		if s.qCur.IndexInternalID.Equals(s.lCur.IndexInternalID) {
			rv := s.qCur
			ctx.DocumentMatchPool.Put(s.lCur)
			s.qCur, s.lCur = nil, nil
			return rv, nil
		}
		// q is ahead: bring lead up to it
		ctx.DocumentMatchPool.Put(s.lCur)
		if s.lCur, err = s.lead.Advance(ctx, s.qCur.IndexInternalID); err != nil || s.lCur == nil {
			break
		}
	}
	s.done = true
	return nil, err
}

func (s *guidedSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	var err error
	if s.lCur == nil || s.lCur.IndexInternalID.Compare(id) < 0 {
		if s.lCur != nil {
			ctx.DocumentMatchPool.Put(s.lCur)
		}
		if s.lCur, err = s.lead.Advance(ctx, id); err != nil || s.lCur == nil {
			s.done = true
			return nil, err
		}
	}
	return s.Next(ctx)
}

func (s *guidedSearcher) Close() error {
	return errors.Join(s.q.Close(), s.lead.Close())
}

func (s *guidedSearcher) Weight() float64        { return s.q.Weight() }
func (s *guidedSearcher) SetQueryNorm(n float64) { s.q.SetQueryNorm(n) }
func (s *guidedSearcher) Count() uint64          { return s.q.Count() }
func (s *guidedSearcher) Min() int               { return 0 }
func (s *guidedSearcher) Size() int              { return s.q.Size() + s.lead.Size() }
func (s *guidedSearcher) DocumentMatchPoolSize() int {
	return s.q.DocumentMatchPoolSize() + s.lead.DocumentMatchPoolSize() + 2
}
