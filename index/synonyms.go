package index

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"

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

// synonymTerms maps each term of a single-word synonym to the terms of its
// group, analysed as Bleve analyses the synonym source.
func synonymTerms(groups [][]string, analyze func(string) []string) map[string][]string {
	out := map[string][]string{}
	for _, group := range groups {
		var terms []string
		for _, s := range singleWords(group) {
			terms = append(terms, analyze(s)...)
		}
		for _, t := range terms {
			for _, u := range terms {
				if u != t && !slices.Contains(out[t], u) {
					out[t] = append(out[t], u)
				}
			}
		}
	}
	return out
}

// singleWords are the members of a synonym group that Bleve's synonym
// source takes: single words, without hyphens or apostrophes.
func singleWords(group []string) []string {
	var single []string
	for _, s := range group {
		if len(strings.Fields(s)) == 1 && !strings.ContainsAny(s, "-'") {
			single = append(single, s)
		}
	}
	return single
}
