// Package index stores corpus passages in a Bleve index and answers searches
// over them: BM25 ranking with English analysis, synonyms and spelling
// variants, typo tolerance, passages with every word of the query first,
// event-first ranking and highlights rendered as Discord Markdown.
//
// An index lives in memory, or on disk in a folder where every rebuild is
// made aside and swapped in atomically, so a crash never leaves a broken
// index behind.
package index
