package index

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/vellum"
	"github.com/blevesearch/vellum/levenshtein"
)

// vocabFile holds a generation's vocabulary, beside Bleve's files.
const vocabFile = "words.fst"

// vocab is the corpus's vocabulary: every word as a user types it
// (lower-cased, not stemmed), with the number of passages that hold it. Typo
// correction and autocomplete read it. It is an FST (vellum, the library
// Bleve's own term dictionaries use) kept beside the index rather than an
// unstemmed field inside it: that field cost a third of the build time and a
// tenth of the index size for a dictionary nobody searched.
type vocab struct {
	fst *vellum.FST
	lev [3]*levenshtein.LevenshteinAutomatonBuilder // by edit distance, 1 and 2
}

func loadVocab(data []byte) (*vocab, error) {
	f, err := vellum.Load(data)
	if err != nil {
		return nil, fmt.Errorf("load vocabulary: %w", err)
	}
	v := &vocab{fst: f}
	for d := uint8(1); d <= 2; d++ {
		// transpositions count as one edit, as in Bleve's fuzzy queries
		if v.lev[d], err = levenshtein.NewLevenshteinAutomatonBuilder(d, true); err != nil {
			return nil, fmt.Errorf("load vocabulary: %w", err)
		}
	}
	return v, nil
}

// count is the number of passages that hold w.
func (v *vocab) count(w string) uint64 {
	n, _, err := v.fst.Get([]byte(w))
	if err != nil {
		return 0
	}
	return n
}

// near calls fn for every word within dist edits of w that starts with
// prefix, with its distance and passage count.
func (v *vocab) near(w string, dist int, prefix string, fn func(word string, dist uint8, count uint64)) error {
	if dist < 1 || dist >= len(v.lev) {
		return fmt.Errorf("edit distance %d not supported", dist)
	}
	dfa, err := v.lev[dist].BuildDfa(w, uint8(dist))
	if err != nil {
		return fmt.Errorf("fuzzy vocabulary: %w", err)
	}
	it, err := v.fst.Search(dfa, []byte(prefix), prefixEnd(prefix))
	for err == nil {
		k, n := it.Current()
		_, d := dfa.MatchAndDistance(string(k))
		fn(string(k), d, n)
		err = it.Next()
	}
	if !errors.Is(err, vellum.ErrIteratorDone) {
		return fmt.Errorf("fuzzy vocabulary: %w", err)
	}
	return nil
}

// withPrefix calls fn for every word that starts with prefix.
func (v *vocab) withPrefix(prefix string, fn func(word string, count uint64)) error {
	it, err := v.fst.Iterator([]byte(prefix), prefixEnd(prefix))
	for err == nil {
		k, n := it.Current()
		fn(string(k), n)
		err = it.Next()
	}
	if !errors.Is(err, vellum.ErrIteratorDone) {
		return fmt.Errorf("vocabulary: %w", err)
	}
	return nil
}

// suggest returns up to limit completions of prefix's last word, the most
// frequent words of the corpus first, each joined to the rest of prefix.
func (x *Index) suggest(prefix string, limit int) ([]string, error) {
	prefix = sanitizeQuery(prefix)
	head, last := "", strings.ToLower(prefix)
	if i := strings.LastIndexByte(prefix, ' '); i >= 0 {
		head, last = prefix[:i+1], strings.ToLower(prefix[i+1:])
	}
	if utf8.RuneCountInString(last) < 2 || limit <= 0 {
		return nil, nil
	}
	type word struct {
		w string
		n uint64
	}
	var words []word
	err := x.vocab.withPrefix(last, func(w string, n uint64) {
		if utf8.RuneCountInString(w) > 2 {
			words = append(words, word{w, n})
		}
	})
	if err != nil {
		return nil, fmt.Errorf("suggest: %w", err)
	}
	slices.SortFunc(words, func(a, b word) int {
		if a.n != b.n {
			if a.n > b.n {
				return -1
			}
			return 1
		}
		return strings.Compare(a.w, b.w)
	})
	out := make([]string, 0, min(limit, len(words)))
	for _, w := range words[:min(limit, len(words))] {
		out = append(out, head+w.w)
	}
	return out, nil
}

// prefixEnd is the first key after every key that starts with prefix (nil
// for no bound).
func prefixEnd(prefix string) []byte {
	end := []byte(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// vocabCounter counts, for each word, the passages that hold it.
type vocabCounter struct {
	words map[string]*wordCount
	docs  int
}

type wordCount struct {
	passages uint64
	last     int // the last passage counted, so a word counts once per passage
}

func newVocabCounter() *vocabCounter {
	return &vocabCounter{words: make(map[string]*wordCount, 1<<16)}
}

// add counts the words of one passage, split as queryWords splits a query.
func (c *vocabCounter) add(text string) {
	c.docs++
	eachWord(strings.ToLower(text), func(w string) {
		if wc, ok := c.words[w]; ok {
			if wc.last != c.docs {
				wc.passages++
				wc.last = c.docs
			}
			return
		}
		// a copy: w points into the whole lower-cased passage
		c.words[strings.Clone(w)] = &wordCount{passages: 1, last: c.docs}
	})
}

// remove uncounts the words of one passage that add counted, for an
// index update that takes the passage out.
func (c *vocabCounter) remove(text string) {
	c.docs++
	eachWord(strings.ToLower(text), func(w string) {
		wc, ok := c.words[w]
		if !ok || wc.last == c.docs {
			return
		}
		wc.last = c.docs
		if wc.passages--; wc.passages == 0 {
			delete(c.words, w)
		}
	})
}

// bytes encodes the vocabulary as an FST.
func (c *vocabCounter) bytes() ([]byte, error) {
	keys := make([]string, 0, len(c.words))
	for k := range c.words {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var buf bytes.Buffer
	b, err := vellum.New(&buf, nil)
	if err != nil {
		return nil, fmt.Errorf("write vocabulary: %w", err)
	}
	for _, k := range keys {
		if err := b.Insert([]byte(k), c.words[k].passages); err != nil {
			return nil, fmt.Errorf("write vocabulary: %w", err)
		}
	}
	if err := b.Close(); err != nil {
		return nil, fmt.Errorf("write vocabulary: %w", err)
	}
	return buf.Bytes(), nil
}

// maxWordBytes bounds a vocabulary word: longer runs of letters are not
// words anyone types (URLs, base64), and FST keys should stay small.
const maxWordBytes = 64

// eachWord calls fn for each run of letters and digits in s, as queryWords
// splits a query, skipping runs longer than maxWordBytes.
func eachWord(s string, fn func(string)) {
	start := -1
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if i-start <= maxWordBytes {
				fn(s[start:i])
			}
			start = -1
		}
	}
	if start >= 0 && len(s)-start <= maxWordBytes {
		fn(s[start:])
	}
}

// isWordRune reports whether r belongs to a word.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
