// Package index stores corpus passages in a Bleve index and answers searches
// over them: BM25 ranking with English analysis, synonyms and spelling
// variants, typo tolerance, passages with every word of the query first,
// event-first ranking and highlights rendered as Discord Markdown.
//
// An index lives in memory, or on disk in a folder where every rebuild is
// made aside and swapped in atomically, so a crash never leaves a broken
// index behind.
//
// Opening and building: index.go opens an index, in memory or the
// generation on disk; build.go builds and swaps in a generation, fill.go
// fills it in batches, compact.go merges it into one segment and failure.go
// turns what fails inside Bleve (panics, a full disk) into errors. live.go
// rebuilds an index while it serves. mapping.go, articles.go, synonyms.go
// and vocab.go hold what a generation is made of.
//
// Searching: search.go runs a search and pages it; sanitize.go turns user
// text into query words, query.go builds the Bleve query from them, typo.go
// corrects typos and highlight.go highlights the hits. The query types of
// our own and their searchers, as Bleve lays its own out, are in
// searcher_lift.go, searcher_guided.go and searcher_unscored.go, with what
// they share in searcher.go.
package index
