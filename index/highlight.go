package index

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/format/plain"
	fragsimple "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	hlsimple "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/discordmd"
)

// fragmentRunes is the length of a hit's fragment.
const fragmentRunes = 300

// The highlighter wraps matches in these control characters, which never
// occur in passage text, so escaping can tell matches from corpus text.
const (
	markOpen  = "\x02"
	markClose = "\x03"
)

// renderFragment turns a highlighter fragment into Discord Markdown.
func renderFragment(frag string) string {
	var b strings.Builder
	for {
		i := strings.Index(frag, markOpen)
		if i < 0 {
			b.WriteString(discordmd.Escape(strings.ReplaceAll(frag, markClose, "")))
			return b.String()
		}
		b.WriteString(discordmd.Escape(strings.ReplaceAll(frag[:i], markClose, "")))
		frag = frag[i+len(markOpen):]
		j := strings.Index(frag, markClose)
		if j < 0 {
			j = len(frag)
		}
		if word := strings.ReplaceAll(frag[:j], markOpen, ""); word != "" {
			b.WriteString("**" + discordmd.Escape(word) + "**")
		}
		frag = frag[min(j+len(markClose), len(frag)):]
	}
}

var highlighter = hlsimple.NewHighlighter(fragsimple.NewFragmenter(fragmentRunes), plain.NewFragmentFormatter(markOpen, markClose), fragmentSep)

// fragment is the best part of a passage's text as Discord Markdown, the
// match's locations in bold.
func fragment(dm *search.DocumentMatch, d bindex.Document, text string) string {
	frag := ""
	if frags := highlighter.BestFragmentsInField(dm, d, fieldText, 1); len(frags) > 0 {
		frag = frags[0]
	} else if utf8.RuneCountInString(text) > fragmentRunes {
		frag = corpus.CutRunes(text, fragmentRunes) + fragmentSep
	} else {
		frag = text
	}
	return renderFragment(wordBoundaries(frag))
}

const fragmentSep = " … "

// wordBoundaries trims the partial words the fragmenter leaves where it cut
// the passage, and marks each cut with an ellipsis.
func wordBoundaries(frag string) string {
	if rest, ok := strings.CutPrefix(frag, fragmentSep); ok {
		if i := strings.IndexByte(rest, ' '); i >= 0 && i < 40 {
			rest = rest[i+1:]
		}
		frag = "…" + strings.TrimLeft(rest, " ")
	}
	if rest, ok := strings.CutSuffix(frag, fragmentSep); ok {
		if i := strings.LastIndexByte(rest, ' '); i >= 0 && len(rest)-i < 40 && !strings.Contains(rest[i:], markClose) {
			rest = rest[:i]
		}
		frag = strings.TrimRight(rest, " ") + "…"
	}
	return frag
}

// marks are what a query matches in the text field, for highlighting.
type marks struct {
	terms   map[string]bool // single terms, synonyms included
	phrases [][]string      // term sequences, "" where a stop word was
}

// locate finds the query's marks in a passage's text as the index analyses
// it, giving the highlighter the locations Bleve's term vectors would: the
// same fragments, without a second search to fetch them.
func (x *Index) locate(text string, m *marks) search.FieldTermLocationMap {
	tlm := search.TermLocationMap{}
	toks := x.analyzer.Analyze([]byte(text))
	add := func(tok *analysis.Token) {
		tlm.AddLocation(string(tok.Term), &search.Location{Pos: uint64(tok.Position), Start: uint64(tok.Start), End: uint64(tok.End)})
	}
	var byPos map[int]*analysis.Token
	if len(m.phrases) > 0 {
		byPos = make(map[int]*analysis.Token, len(toks))
		for _, tok := range toks {
			byPos[tok.Position] = tok
		}
	}
	marked := make(map[int]bool)
	for _, tok := range toks {
		if m.terms[string(tok.Term)] {
			add(tok)
			marked[tok.Position] = true
		}
	}
	for _, tok := range toks {
	phrases:
		for _, ph := range m.phrases {
			for i, t := range ph {
				if t == "" {
					continue
				}
				if o := byPos[tok.Position+i]; o == nil || string(o.Term) != t {
					continue phrases
				}
			}
			for i, t := range ph {
				if o := byPos[tok.Position+i]; t != "" && !marked[o.Position] {
					add(o)
					marked[o.Position] = true
				}
			}
		}
	}
	return search.FieldTermLocationMap{fieldText: tlm}
}

// phrase analyses text as Bleve's phrase query does: its terms by position,
// with "" for a removed stop word.
func (x *Index) phrase(text string) []string {
	var out []string
	toks := x.analyzer.Analyze([]byte(text))
	for _, tok := range toks {
		// a leading stop word leaves no gap: Bleve's phrase starts at the
		// first term
		for len(out) < tok.Position-toks[0].Position {
			out = append(out, "")
		}
		out = append(out, string(tok.Term))
	}
	return out
}
