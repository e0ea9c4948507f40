//go:build sqlite_fts5

package main

// fts5Built: go-sqlite3 was compiled with FTS5 (-tags sqlite_fts5).
const fts5Built = true
