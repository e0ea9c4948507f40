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
	Text   string // the words to search for; empty: an event's best passages
	Event  string // catalogue id, or empty
	Limit  int    // how many hits, at most
	Offset int    // how many of the best to skip (the earlier pages)
}

// Hit is one passage.
type Hit struct {
	Source   string    // the article's file in the corpus
	Title    string    // the article's title
	Date     time.Time // the article's date; zero when it has none
	URL      string    // the article's source link; may be empty
	Text     string    // the passage as written
	Fragment string    // Discord Markdown: escaped text, matches in bold
	Events   []string  // ids of the events the passage speaks of
}

// Result is a page of hits and the number of all matches.
type Result struct {
	Hits  []Hit // this page's hits, best first
	Total int   // how many passages match in all
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
