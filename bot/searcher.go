package bot

import (
	"context"
	"time"

	"github.com/summitbot/summitbot/corpus"
)

// Searcher is what the bot needs of a search engine.
type Searcher interface {
	// Search returns a page of passages; an unknown event is an error.
	Search(ctx context.Context, q corpus.Query) (*corpus.Result, error)
	// Suggest completes the last word of a partial query.
	Suggest(prefix string, limit int) ([]string, error)
	// Catalogue is the event catalogue.
	Catalogue() *corpus.Catalogue
	// Stats describes the corpus and the index.
	Stats() Stats
}

// Reindexer is implemented by searchers that can reload their corpus
// without downtime; /summitadmin reindex needs it. A corpus folder that
// cannot be read is corpus.ErrCorpusUnavailable, wrapped: the bot tells the
// moderator the old index serves on.
type Reindexer interface {
	Reindex(ctx context.Context) (Stats, error)
}

// Stats describes the corpus behind the searcher.
type Stats struct {
	Articles    int       // articles indexed
	Passages    int       // passages indexed
	Skipped     int       // files of the corpus that could not be read
	BuiltAt     time.Time // when the index was built
	LastReindex time.Time // the last reindex while running; zero if none
	// Corpus names the corpus: "built-in" or a folder.
	Corpus string
	// Built is true when the last (re)index built a new index rather than
	// finding the existing one up to date.
	Built bool
}
