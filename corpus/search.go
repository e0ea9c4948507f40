package corpus

import "errors"

// Query asks for the passages best matching some words, as the index
// answers it and the bot and the answerer ask it. Text is always words,
// never query syntax.
type Query struct {
	Text   string // the words to search for; empty: an event's best passages
	Event  string // catalogue id; passages about it rank first
	Limit  int    // how many hits, at most (the index's default when 0)
	Offset int    // how many of the best to skip (the earlier pages)
}

// Hit is a passage a search found: the passage itself, the best part of
// its text highlighted, and how well it matched.
type Hit struct {
	Passage
	// Fragment is the best part of the text as Discord Markdown: corpus
	// text escaped, matched words in **bold**.
	Fragment string  `json:"fragment"`
	Score    float64 `json:"score"`
}

// Result is a page of hits, best first, and how many passages match in
// all.
type Result struct {
	Hits  []Hit `json:"hits"`
	Total int   `json:"total"`
}

// ErrCorpusUnavailable means the corpus folder cannot be read (it
// vanished, or its permissions changed): a reindex fails with it, wrapped,
// and the last good index keeps serving.
var ErrCorpusUnavailable = errors.New("the corpus folder is unavailable; the last good index keeps serving")
