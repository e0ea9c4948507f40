//go:build !sqlite_fts5

package main

// fts5Built: go-sqlite3 was compiled without FTS5; build with -tags sqlite_fts5.
const fts5Built = false
