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
	// Newest is the corpus's newest article by date; zero when unknown.
	Newest NewestArticle
	// FeedsLastRun is when the news feeds were last fetched; zero when no
	// feed has run in the corpus folder or the fetcher's state cannot be
	// read.
	FeedsLastRun time.Time
}

// NewestArticle is the newest article of the corpus, as /about and
// /summitadmin stats show it.
type NewestArticle struct {
	Title  string    // its title; may be empty
	Source string    // the file it came from, relative to the corpus
	URL    string    // where it was published; linked only when http(s)
	Date   time.Time // its publication date
}

// FeedSources is implemented by searchers whose corpus follows news
// feeds; /summitadmin sources lists what it returns. A searcher without
// it, or one returning none, knows of no feed that has run in its corpus
// folder: none is configured, the fetcher (which may run elsewhere, as a
// scheduled job) has not run yet, or its state cannot be read.
type FeedSources interface {
	FeedSources() []FeedSource
}

// FeedSource is one news feed and how its last fetches went.
type FeedSource struct {
	URL         string    // the feed's URL, as configured (FEEDS)
	LastRun     time.Time // the last fetch, successful or not; zero: never
	LastSuccess time.Time // the last successful fetch; zero: never
	LastError   string    // why the last fetch failed; empty when it did not
	Written     int       // articles written to the corpus from it, as the fetcher's state counts them
}
