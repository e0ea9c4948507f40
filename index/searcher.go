package index

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// searcherPair opens the searchers of a and b, the two queries our own
// query types (lift, guided) combine; when b's fails, a's is closed.
func searcherPair(ctx context.Context, a, b query.Query, i bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, search.Searcher, error) {
	sa, err := a.Searcher(ctx, i, m, o)
	if err != nil {
		return nil, nil, err
	}
	sb, err := b.Searcher(ctx, i, m, o)
	if err != nil {
		sa.Close()
		return nil, nil, err
	}
	return sa, sb, nil
}
