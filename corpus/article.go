package corpus

import (
	"time"
)

// Article is one document of the corpus, as read from a file.
type Article struct {
	// Path is the file path relative to the corpus root, slash-separated.
	// Files that hold several articles (JSON arrays, JSON Lines) add the
	// article's position after a colon, e.g. "feed.jsonl:3".
	Path   string
	Title  string
	Date   time.Time // zero when the file gives none
	URL    string
	Events []string // catalogue ids declared by the file
	Tags   []string
	Meta   map[string]any // front-matter keys not listed above
	Body   string

	// lineParagraphs marks bodies with no blank line at all, whose single
	// newlines separate paragraphs (the seed article is written that way).
	lineParagraphs bool
}

// Passage is the unit the index stores and the bot shows: a paragraph, or a
// part of a long one, with the metadata of its article.
type Passage struct {
	// ID is stable across runs: the article path and the passage position.
	ID       string    `json:"id"`
	Source   string    `json:"source"` // file path relative to the corpus root
	Title    string    `json:"title"`  // the article's title, or its first sentence when it has none
	Date     time.Time `json:"date,omitzero"`
	URL      string    `json:"url,omitempty"`
	Text     string    `json:"text"`
	Events   []string  `json:"events"` // catalogue ids the passage speaks of
	Position int       `json:"-"`      // 0-based position within the article
}

// Warning names a file (or a part of one) that was skipped, and why.
type Warning struct {
	Path   string
	Reason string
	// Kept is true when nothing was skipped for the warning's sake: the
	// article was indexed without the part named (a date that could not be
	// read), or what was left out holds no articles (an index folder).
	Kept bool
}

func (w Warning) String() string { return w.Path + ": " + w.Reason }
