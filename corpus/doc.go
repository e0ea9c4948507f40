// Package corpus reads summit articles from a folder (Markdown with YAML front
// matter, plain text, JSON and JSON Lines), splits them into passages, and tags
// each passage with the summit events of the catalogue that it speaks of.
//
// Loading never stops at a bad file: unreadable, binary, empty or malformed
// files are skipped with a warning so the rest of the corpus is still served.
package corpus
