package answer

import (
	"cmp"
	"slices"
	"strings"
)

// translation is a catalogue term as a question in another language writes
// it, and the English words the articles are searched for.
type translation struct {
	words []string // lower-case words of the foreign form
	en    string
}

// buildTranslations collects the catalogue's terms in every language but
// English, longest forms first so that the longest one wins.
func (a *Answerer) buildTranslations() {
	for _, t := range a.cat.Terms {
		en := t["en"]
		if len(en) == 0 {
			continue
		}
		for loc, forms := range t {
			if loc == "en" {
				continue
			}
			for _, f := range forms {
				if ws := splitWords(strings.ToLower(f)); len(ws) > 0 {
					a.translations = append(a.translations, translation{words: ws, en: en[0]})
				}
			}
		}
	}
	slices.SortStableFunc(a.translations, func(x, y translation) int {
		if c := cmp.Compare(len(y.words), len(x.words)); c != 0 {
			return c
		}
		if c := cmp.Compare(len(strings.Join(y.words, " ")), len(strings.Join(x.words, " "))); c != 0 {
			return c
		}
		return cmp.Compare(strings.Join(x.words, " "), strings.Join(y.words, " "))
	})
}

// translate replaces the Hangul words the catalogue translates with their
// English words ("볼턴 회고록 제목이 뭐야" reads "Bolton memoir title 뭐야"),
// so that the reader looks for them in English articles; it reports
// whether any was translated. A word must be the term itself or the term
// with a particle after it: "책" is in "책이", not in "책임".
func (a *Answerer) translate(toks []token) ([]token, bool) {
	if len(a.translations) == 0 || !slices.ContainsFunc(toks, func(t token) bool { return t.hangul }) {
		return toks, false
	}
	var out []token
	translated := false
	for i := 0; i < len(toks); {
		n := 0
		var en string
		if toks[i].hangul {
			for _, tr := range a.translations {
				if koreanAt(toks, i, tr.words) {
					n, en = len(tr.words), tr.en
					break
				}
			}
		}
		if n == 0 {
			out = append(out, toks[i])
			i++
			continue
		}
		out = append(out, tokenize(en)...)
		translated = true
		i += n
	}
	return out, translated
}

// koreanAt reports whether the words stand in toks at i, a particle or
// ending allowed after each.
func koreanAt(toks []token, i int, words []string) bool {
	if i+len(words) > len(toks) {
		return false
	}
	for j, w := range words {
		rest, ok := strings.CutPrefix(toks[i+j].raw, w)
		if !ok || rest != "" && !koreanParticles[rest] {
			return false
		}
	}
	return true
}
