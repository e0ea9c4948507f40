package answer

import (
	"context"
	"testing"

	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/index"
)

// openIndex builds the in-memory index of the embedded corpus and an
// Answerer over it.
func openIndex(t testing.TB) (*index.Index, *Answerer) {
	t.Helper()
	x, err := index.Open(context.Background(), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x, New(x.Catalogue(), IndexSearch(x))
}

// IndexSearch adapts the index's Search to a SearchFunc.
func IndexSearch(x *index.Index) SearchFunc {
	return func(ctx context.Context, text, event string, limit int) ([]corpus.Hit, error) {
		res, err := x.Search(ctx, corpus.Query{Text: text, Event: event, Limit: limit})
		if err != nil {
			return nil, err
		}
		return res.Hits, nil
	}
}
