package index

import (
	"strings"

	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"

	"github.com/summitbot/summitbot/corpus"
)

// Limits on the query text looked at.
const (
	// maxQueryRunes bounds the query text that is looked at; the rest of a
	// pasted essay is ignored rather than turned into hundreds of clauses.
	maxQueryRunes = 300
	maxQueryWords = 16
)

// sanitizeQuery makes user text safe to look at (see corpus.CleanText),
// at most maxQueryRunes runes. The highlighter's marks are control
// characters, so a query never holds one.
func sanitizeQuery(s string) string { return corpus.CleanText(s, maxQueryRunes) }

// queryWords splits text into lower-case words where the index's tokenizer
// splits passages (Unicode word boundaries), so "2.5", "won't" and "u.s."
// stay whole as they are in the index: a passage must have each word (see
// every), and a piece the index never holds would exclude them all. Inside
// such a word only letters, digits, dots and apostrophes are kept together;
// anything else, query syntax included (+ - : " * ~ ^ _), is a separator,
// never an operator.
func queryWords(text string) []string {
	var ws []string
	for _, tok := range unicodetok.NewUnicodeTokenizer().Tokenize([]byte(strings.ToLower(text))) {
		for _, w := range strings.FieldsFunc(string(tok.Term), func(r rune) bool {
			return !isWordRune(r) && r != '.' && r != '\'' && r != '’'
		}) {
			if strings.IndexFunc(w, isWordRune) < 0 {
				continue
			}
			ws = append(ws, w)
			if len(ws) == maxQueryWords {
				return ws
			}
		}
	}
	return ws
}
