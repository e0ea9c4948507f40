package index

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/summitbot/summitbot/corpus"
)

// Synonym groups come from the catalogue (corpus.Catalogue.Synonyms).
// Single words go to Bleve's synonym source (expanded by Bleve at query
// time); phrases of several words are expanded by the query builder,
// because a Bleve synonym maps single terms only.

// shapeOf fingerprints what of the catalogue shapes an index: its synonym
// groups, and the context phrases, aliases and tagging that tag passages.
// An index built with other synonyms finds other words, so a change here
// rebuilds it, even where the catalogue file kept its size and time.
func shapeOf(cat *corpus.Catalogue) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	// Encoding strings and slices of them cannot fail.
	_ = enc.Encode(cat.Synonyms)
	_ = enc.Encode(cat.Context)
	for _, e := range cat.Events {
		_ = enc.Encode([]any{e.ID, e.Aliases, e.Tagging.Phrases, e.Tagging.Places, e.Tagging.Dates, e.Tagging.Context})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
