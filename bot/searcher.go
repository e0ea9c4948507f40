package bot

import (
	"context"
	"errors"
	"time"

	"github.com/summitbot/summitbot/corpus"
)

// Searcher is what the bot needs of a search engine.
type Searcher interface {
	// Search returns a page of passages; an unknown event is an error.
	Search(ctx context.Context, q Query) (*Result, error)
	// Suggest completes the last word of a partial query.
	Suggest(prefix string, limit int) ([]string, error)
	// Catalogue is the event catalogue.
	Catalogue() *corpus.Catalogue
	// Stats describes the corpus and the index.
	Stats() Stats
}

// ErrCorpusUnavailable is what a Reindexer returns (wrapped) when the corpus
// folder cannot be read; the bot tells the moderator the old index serves on.
var ErrCorpusUnavailable = errors.New("corpus unavailable")

// Reindexer is implemented by searchers that can reload their corpus
// without downtime; /summitadmin reindex needs it.
type Reindexer interface {
	Reindex(ctx context.Context) (Stats, error)
}

// Query is a search request.
type Query struct {
	Text   string
	Event  string // catalogue id, or empty
	Limit  int
	Offset int
}

// Hit is one passage.
type Hit struct {
	Source   string
	Title    string
	Date     time.Time
	URL      string
	Text     string
	Fragment string // Discord Markdown: escaped text, matches in bold
	Events   []string
}

// Result is a page of hits and the number of all matches.
type Result struct {
	Hits  []Hit
	Total int
}

// Stats describes the corpus behind the searcher.
type Stats struct {
	Articles    int
	Passages    int
	Skipped     int
	BuiltAt     time.Time
	LastReindex time.Time
	// Corpus names the corpus: "built-in" or a folder.
	Corpus string
	// Built is true when the last (re)index built a new index rather than
	// finding the existing one up to date.
	Built bool
}
