package answer

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/summitbot/summitbot/corpus"
)

// vocabulary is what the answerer knows of the catalogue's subject, built
// once by New and read-only after: the words that name its people and
// parties and its context phrases (its not-events and abbreviations are
// read from the catalogue itself). The Go tables (tables.go) hold only how
// people ask in English or Korean; whatever is of the subject comes from
// here or from the catalogue.
type vocabulary struct {
	// names are the lower-case words that name the subject's people and
	// parties: the words of the events' leaders' names and short names,
	// of the sides' words and of what the abbreviations stand for
	// ("donald", "trump", "kim", "north", "korea", "dprk", "south", "xi",
	// "putin"). They may stand between an ordinal and its noun, and a
	// typo of one is read as it.
	names map[string]bool
	// common are the names that nearly every passage about the subject
	// holds, which say nothing of what is asked: the words of the primary
	// pair's names (the leaders of the catalogue's first event, scope.go)
	// and short names, of the sides' words and of what the abbreviations
	// stand for. Another pair's leader is what a question asks about
	// ("what did bolton say about xi jinping").
	common map[string]bool
	// context are the lower-case words of the context phrases, which say a
	// text is about the subject ("pyongyang", "denuclearization", "북미");
	// a question that holds a whole phrase is about the subject
	// (Answerer.speaksOfSubject).
	context map[string]bool
	// typos are the words a misspelt word of the question is read as
	// ("kroea" is "korea"): the subject's names and the common words of
	// summits, of five letters or more, sorted.
	typos []string
	// kinds are the kinds of meeting the events' names share ("inter" of
	// "inter-korean", "beijing"), each with its events by index
	// (kindWords): a question's scope narrows to them.
	kinds map[string][]int
}

// newVocabulary collects the catalogue's words of its subject.
func newVocabulary(cat *corpus.Catalogue) vocabulary {
	v := vocabulary{names: map[string]bool{}, common: map[string]bool{}, context: map[string]bool{}}
	// A phrase's words, but the little words that only join the others
	// ("trump and kim"): a phrase of one word is a name whatever it is
	// ("US").
	addWords := func(set map[string]bool, phrase string) {
		ws := splitWords(strings.ToLower(phrase))
		for _, w := range ws {
			if len(ws) == 1 || !stopWords[w] {
				set[w] = true
			}
		}
	}
	for i, e := range cat.Events {
		for _, l := range e.Leaders {
			addWords(v.names, l)
			addWords(v.names, cat.ShortName(l))
			if i == 0 {
				addWords(v.common, l)
				addWords(v.common, cat.ShortName(l))
			}
		}
	}
	for _, set := range []map[string]bool{v.names, v.common} {
		for _, sd := range cat.Sides {
			for _, w := range sd.Words {
				addWords(set, w)
			}
		}
		for _, long := range cat.Abbreviations {
			addWords(set, long)
		}
	}
	for _, p := range cat.Context {
		addWords(v.context, p)
	}
	for w := range v.names {
		if utf8.RuneCountInString(w) >= 5 && !hasHangul(w) {
			v.typos = append(v.typos, w)
		}
	}
	for w := range commonWords {
		if utf8.RuneCountInString(w) >= 5 && !hasHangul(w) && !v.names[w] {
			v.typos = append(v.typos, w)
		}
	}
	slices.Sort(v.typos)
	v.kinds = kindWords(cat, &v)
	return v
}

// generic reports a word that says nothing about what is asked beyond the
// event and the kind: one of the generic English words, or one of the
// subject's common names.
func (v *vocabulary) generic(w string) bool {
	return generic[w] || v.common[w]
}

// subject reports a word of the subject at large, which nearly every
// passage about it holds ("kim", "north", "summit"): weighed lightly,
// never searched for, never what a question asks about.
func (v *vocabulary) subject(w string) bool {
	return commonWords[w] || v.common[w]
}

// filler reports a word that may stand between an ordinal and its noun:
// one of the subject's names or context words ("the second Trump-Kim
// summit"), a kind of meeting ("the first inter-korean summit"), or a
// lone letter of initials ("the first U.S. meeting").
func (v *vocabulary) filler(w string) bool {
	_, kind := v.kinds[w]
	return ordinalFiller[w] || v.names[w] || v.context[w] || kind || utf8.RuneCountInString(w) == 1 && !hasHangul(w)
}

// nameless reports a word of an event's name in another language that
// names no particular event: a meeting word ("정상회담") or a word of the
// subject ("북미").
func (v *vocabulary) nameless(w string) bool {
	return koreanMeeting[w] || v.names[w] || v.context[w] || isDigits(strings.TrimSuffix(w, "차")) // "4차" is an ordinal, found as such
}

// typo reads a word one letter off a word of the subject at large
// ("sumit", "kroea") as that word.
func (v *vocabulary) typo(w string) (string, bool) {
	n := utf8.RuneCountInString(w)
	if n < 4 || v.subject(w) || v.names[w] || stopWords[w] || isDigits(w) {
		return "", false
	}
	for _, c := range v.typos {
		if m := utf8.RuneCountInString(c); m-n <= 1 && n-m <= 1 && corpus.EditDistance(w, c, 1) <= 1 {
			return c, true
		}
	}
	return "", false
}
