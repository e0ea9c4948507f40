package index

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// rareTerm: a word found in fewer passages than this may be a typo that
// the corpus happens to contain, so its corrections are searched too (below
// the exact word).
const rareTerm = 3

// fuzziness allows more edits in longer words, none in short ones where
// one edit makes another common word.
func fuzziness(w string) int {
	switch n := utf8.RuneCountInString(w); {
	case n < 4:
		return 0
	case n < 7:
		return 1
	default:
		return 2
	}
}

// corrections returns up to two spellings of w that the corpus holds, at the
// smallest edit distance and most frequent first, and not rarer than w.
func (x *Index) corrections(w string, df uint64) ([]string, error) {
	f := fuzziness(w)
	if f == 0 {
		return nil, nil
	}
	type cand struct {
		term  string
		dist  uint8
		count uint64
	}
	var cands []cand
	// Typos rarely hit the first letter; requiring it keeps the automaton
	// walk over a large vocabulary short. Only the nearest spellings are
	// kept, so two edits are tried only when one finds none: the automaton
	// for two edits costs about a millisecond to build for a long word.
	first, _ := utf8.DecodeRuneInString(w)
	for d := 1; d <= f && len(cands) == 0; d++ {
		err := x.vocab.near(w, d, string(first), func(term string, dist uint8, count uint64) {
			// only spellings at least as common as the word as typed
			if term != w && count >= max(df, 1) {
				cands = append(cands, cand{term, dist, count})
			}
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.dist != b.dist {
			return int(a.dist) - int(b.dist)
		}
		if a.count != b.count {
			if a.count > b.count {
				return -1
			}
			return 1
		}
		return strings.Compare(a.term, b.term)
	})
	var out []string
	for _, c := range cands {
		if len(out) == 2 || c.dist > cands[0].dist {
			break
		}
		out = append(out, c.term)
	}
	return out, nil
}
