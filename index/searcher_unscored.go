package index

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// unscored matches what its query matches and adds nothing to the score.
// Without scores and term vectors Bleve can merge the posting lists of a
// conjunction or disjunction of terms into one bitmap.
type unscored struct{ query.Query }

// Searcher implements query.Query.
func (u unscored) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	o.Score, o.IncludeTermVectors, o.Explain = "none", false, false
	s, err := u.Query.Searcher(ctx, i, m, o)
	if err != nil {
		return nil, err
	}
	return weightless{s}, nil
}

// weightless keeps a searcher out of the query norm, so the scores of the
// query it joins stay what they were without it.
type weightless struct{ search.Searcher }

func (weightless) Weight() float64      { return 0 }
func (weightless) SetQueryNorm(float64) {}
