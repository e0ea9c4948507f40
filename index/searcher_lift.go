package index

import (
	"context"
	"errors"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// lift scores what q matches, adding bonus's score where bonus matches too:
// Bleve's boolean query with a should clause, which it can lose a should
// match of when advanced (BooleanSearcher.Advance moves the should searcher
// even when it already stands at or past the target, and a disjunction
// there has consumed that document). Ranking the passages that have every
// word advances this query, so it must not lose the lift.
type lift struct{ q, bonus query.Query }

// Searcher implements query.Query.
func (l lift) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	q, bonus, err := searcherPair(ctx, l.q, l.bonus, i, m, o)
	if err != nil {
		return nil, err
	}
	s := &liftSearcher{q: q, bonus: bonus}
	// the query norm a boolean query computes over its clauses
	if w := s.Weight(); w > 0 {
		s.SetQueryNorm(1 / math.Sqrt(w))
	}
	return s, nil
}

type liftSearcher struct {
	q, bonus search.Searcher
	cur      *search.DocumentMatch // bonus's match last seen, kept until q passes it
	done     bool                  // bonus has no more matches
}

func (s *liftSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	m, err := s.q.Next(ctx)
	return s.add(ctx, m, err)
}

func (s *liftSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	m, err := s.q.Advance(ctx, id)
	return s.add(ctx, m, err)
}

// add moves bonus to m only when it stands before m, so no match of bonus
// is skipped.
func (s *liftSearcher) add(ctx *search.SearchContext, m *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	if err != nil || m == nil || s.done {
		return m, err
	}
	if s.cur == nil || s.cur.IndexInternalID.Compare(m.IndexInternalID) < 0 {
		if s.cur != nil {
			ctx.DocumentMatchPool.Put(s.cur)
		}
		if s.cur, err = s.bonus.Advance(ctx, m.IndexInternalID); err != nil {
			return nil, err
		}
		if s.cur == nil {
			s.done = true
			return m, nil
		}
	}
	if s.cur.IndexInternalID.Equals(m.IndexInternalID) {
		m.Score += s.cur.Score
	}
	return m, nil
}

func (s *liftSearcher) Close() error { return errors.Join(s.q.Close(), s.bonus.Close()) }

func (s *liftSearcher) Weight() float64 { return s.q.Weight() + s.bonus.Weight() }

func (s *liftSearcher) SetQueryNorm(n float64) {
	s.q.SetQueryNorm(n)
	s.bonus.SetQueryNorm(n)
}

func (s *liftSearcher) Count() uint64 { return s.q.Count() }
func (s *liftSearcher) Min() int      { return 0 }
func (s *liftSearcher) Size() int     { return s.q.Size() + s.bonus.Size() }
func (s *liftSearcher) DocumentMatchPoolSize() int {
	return s.q.DocumentMatchPoolSize() + s.bonus.DocumentMatchPoolSize() + 1
}
