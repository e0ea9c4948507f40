package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/format/plain"
	fragsimple "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	hlsimple "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/summitbot/summitbot/corpus"
)

// Limits on what a search accepts.
const (
	DefaultLimit = 5
	MaxLimit     = 50
	// MaxQueryRunes bounds the query text that is looked at; the rest of a
	// pasted essay is ignored rather than turned into hundreds of clauses.
	MaxQueryRunes = 300
	maxQueryWords = 16
	fragmentRunes = 300
)

// Query is a search request. Text is always treated as words, never as
// query syntax.
type Query struct {
	Text   string
	Event  string // catalogue id; passages about it rank first
	Limit  int    // 1..MaxLimit, DefaultLimit when 0
	Offset int
	// Only passages dated from From's day to To's day, both included (days
	// in UTC); a zero time leaves that end open.
	From time.Time
	To   time.Time
}

// Hit is one matching passage.
type Hit struct {
	ID     string    `json:"id"`
	Source string    `json:"source"`
	Title  string    `json:"title"`
	Date   time.Time `json:"date,omitzero"`
	URL    string    `json:"url,omitempty"`
	Text   string    `json:"text"`
	// Fragment is the best part of the text as Discord Markdown: corpus
	// text escaped, matched words in **bold**.
	Fragment string   `json:"fragment"`
	Events   []string `json:"events"`
	Score    float64  `json:"score"`
}

// Result is a page of hits.
type Result struct {
	Hits  []Hit  `json:"hits"`
	Total uint64 `json:"total"`
}

// ErrEmptyQuery is returned for a search with neither words nor an event.
var ErrEmptyQuery = errors.New("nothing to search for: give some words or an event")

// ErrUnknownEvent is returned for an event id the catalogue lacks.
var ErrUnknownEvent = errors.New("unknown event")

// Search runs a query. Passages with every word of the query rank above
// those that miss one, and are the only ones listed when there are at least
// enoughFull of them (see ranked). With an event, passages tagged with that
// event come first, then (when there are words) the other matches; the
// every-word rule applies within each of those two groups, so a tagged
// passage that misses a word still ranks above an untagged one with all.
func (x *Index) Search(ctx context.Context, q Query) (*Result, error) {
	if q.Limit <= 0 {
		q.Limit = DefaultLimit
	}
	q.Limit = min(q.Limit, MaxLimit)
	q.Offset = max(q.Offset, 0)
	text := SanitizeQuery(q.Text)

	var ev *corpus.Event
	if q.Event != "" {
		var ok bool
		if ev, ok = x.cat.Event(q.Event); !ok {
			return nil, fmt.Errorf("%w %q (known: %s)", ErrUnknownEvent, q.Event, strings.Join(x.cat.IDs(), ", "))
		}
	}
	textForQuery, typed := text, true
	if strings.TrimSpace(textForQuery) == "" {
		if ev == nil {
			return nil, ErrEmptyQuery
		}
		// the catalogue's own words: no typos to correct
		textForQuery, typed = ev.Name, false
	}
	tq, all, pl, err := x.textQuery(textForQuery, typed)
	if err != nil {
		return nil, err
	}
	if tq == nil {
		return &Result{Hits: []Hit{}}, nil
	}
	if !typed {
		all = nil // an event card ranks the event's passages by its name
	}
	filters := x.dateFilter(q)
	if ev == nil {
		return x.ranked(ctx, and(x.preferSummits(tq), filters...), all, q.Offset, q.Limit, pl)
	}

	evTerm := bleve.NewTermQuery(ev.ID)
	evTerm.SetField(fieldEvents)
	first, err := x.ranked(ctx, and(tq, append(filters, evTerm)...), all, q.Offset, q.Limit, pl)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) == "" {
		// An event card shows passages about the event only.
		return first, nil
	}
	// Fill the page with the other matches, ranked after the event's own.
	rest := bleve.NewBooleanQuery()
	// AddMust, not Must: Bleve reads a must clause that matches nothing as
	// no must clause at all, and a must-not alone as everything else.
	rest.AddMust(and(tq, filters...))
	rest.AddMustNot(evTerm)
	offset := max(0, q.Offset-int(first.Total))
	need := q.Limit - len(first.Hits)
	if need == 0 {
		need = 1 // still count the rest for Total
	}
	second, err := x.ranked(ctx, rest, all, offset, need, pl)
	if err != nil {
		return nil, err
	}
	first.Total += second.Total
	if room := q.Limit - len(first.Hits); room > 0 {
		first.Hits = append(first.Hits, second.Hits[:min(room, len(second.Hits))]...)
	}
	return first, nil
}

// preferSummits lifts passages tagged with any catalogue event a little
// above equally good matches that are not about the summits at all.
func (x *Index) preferSummits(q query.Query) query.Query {
	ids := x.cat.IDs()
	if len(ids) == 0 {
		return q
	}
	terms := make([]query.Query, len(ids))
	for i, id := range ids {
		t := bleve.NewTermQuery(id)
		t.SetField(fieldEvents)
		t.SetBoost(summitBoost)
		terms[i] = t
	}
	return lift{q: q, bonus: bleve.NewDisjunctionQuery(terms...)}
}

// lift scores what q matches, adding bonus's score where bonus matches too:
// Bleve's boolean query with a should clause, which it can lose a should
// match of when advanced (BooleanSearcher.Advance moves the should searcher
// even when it already stands at or past the target, and a disjunction
// there has consumed that document). Ranking the passages that have every
// word advances this query, so it must not lose the lift.
type lift struct{ q, bonus query.Query }

// Searcher implements query.Query.
func (l lift) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	q, err := l.q.Searcher(ctx, i, m, o)
	if err != nil {
		return nil, err
	}
	bonus, err := l.bonus.Searcher(ctx, i, m, o)
	if err != nil {
		q.Close()
		return nil, err
	}
	s := &liftSearcher{q: q, bonus: bonus}
	// the query norm a boolean query computes over its clauses
	if w := s.Weight(); w > 0 {
		s.SetQueryNorm(1 / math.Sqrt(w))
	}
	return s, nil
}

type liftSearcher struct {
	q, bonus search.Searcher
	cur      *search.DocumentMatch // bonus's match last seen, kept until q passes it
	done     bool                  // bonus has no more matches
}

func (s *liftSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	m, err := s.q.Next(ctx)
	return s.add(ctx, m, err)
}

func (s *liftSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	m, err := s.q.Advance(ctx, id)
	return s.add(ctx, m, err)
}

// add moves bonus to m only when it stands before m, so no match of bonus
// is skipped.
func (s *liftSearcher) add(ctx *search.SearchContext, m *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	if err != nil || m == nil || s.done {
		return m, err
	}
	if s.cur == nil || s.cur.IndexInternalID.Compare(m.IndexInternalID) < 0 {
		if s.cur != nil {
			ctx.DocumentMatchPool.Put(s.cur)
		}
		if s.cur, err = s.bonus.Advance(ctx, m.IndexInternalID); err != nil {
			return nil, err
		}
		if s.cur == nil {
			s.done = true
			return m, nil
		}
	}
	if s.cur.IndexInternalID.Equals(m.IndexInternalID) {
		m.Score += s.cur.Score
	}
	return m, nil
}

func (s *liftSearcher) Close() error { return errors.Join(s.q.Close(), s.bonus.Close()) }

func (s *liftSearcher) Weight() float64 { return s.q.Weight() + s.bonus.Weight() }

func (s *liftSearcher) SetQueryNorm(n float64) {
	s.q.SetQueryNorm(n)
	s.bonus.SetQueryNorm(n)
}

func (s *liftSearcher) Count() uint64 { return s.q.Count() }
func (s *liftSearcher) Min() int      { return 0 }
func (s *liftSearcher) Size() int     { return s.q.Size() + s.bonus.Size() }
func (s *liftSearcher) DocumentMatchPoolSize() int {
	return s.q.DocumentMatchPoolSize() + s.bonus.DocumentMatchPoolSize() + 1
}

func and(q query.Query, more ...query.Query) query.Query {
	if len(more) == 0 {
		return q
	}
	return bleve.NewConjunctionQuery(append([]query.Query{q}, more...)...)
}

func (x *Index) dateFilter(q Query) []query.Query {
	if q.From.IsZero() && q.To.IsZero() {
		return nil
	}
	var lo, hi string // "" is open
	if !q.From.IsZero() {
		lo = dayTerm(q.From)
	}
	if !q.To.IsZero() {
		hi = dayTerm(q.To)
	}
	inclusive := true
	r := bleve.NewTermRangeInclusiveQuery(lo, hi, &inclusive, &inclusive)
	r.SetField(fieldDate)
	return []query.Query{unscored{r}}
}

// enoughFull: when at least this many passages have every part of the
// query, only they are listed; with fewer, the passages that miss a part
// follow them. It does not depend on the page asked for, so every page of
// a search lists the same passages.
const enoughFull = DefaultLimit

// ranked runs q, listing the passages that also match all (every part of
// the query; nil when the query has one part) above the others, each group
// in score order. When at least enoughFull passages match all, the others
// are left out, Total included.
func (x *Index) ranked(ctx context.Context, q, all query.Query, offset, limit int, pl *plan) (*Result, error) {
	if all == nil {
		return x.run(ctx, q, offset, limit, pl)
	}
	full, err := x.run(ctx, guided{q: q, lead: all}, offset, limit, pl)
	if err != nil || full.Total >= enoughFull {
		return full, err
	}
	rest := bleve.NewBooleanQuery()
	rest.AddMust(q) // see Search: never a must clause Bleve could drop
	rest.AddMustNot(all)
	part, err := x.run(ctx, rest, max(0, offset-int(full.Total)), limit-len(full.Hits), pl)
	if err != nil {
		return nil, err
	}
	full.Total += part.Total
	full.Hits = append(full.Hits, part.Hits...)
	return full, nil
}

var highlighter = hlsimple.NewHighlighter(fragsimple.NewFragmenter(fragmentRunes), plain.NewFragmentFormatter(markOpen, markClose), fragmentSep)

// run ranks without term locations, which Bleve would decode for every
// matching passage; the page's hits are highlighted by finding the query's
// marks in their text.
func (x *Index) run(ctx context.Context, q query.Query, offset, limit int, pl *plan) (*Result, error) {
	req := bleve.NewSearchRequestOptions(q, limit, offset, false)
	if pl.syn != nil {
		req.PreSearchData = map[string]any{search.SynonymPreSearchDataKey: pl.syn}
	}
	sr, err := x.bl.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res := &Result{Total: sr.Total, Hits: make([]Hit, 0, len(sr.Hits))}
	for _, dm := range sr.Hits {
		h, err := x.hit(dm, pl.marks)
		if err != nil {
			return nil, err
		}
		res.Hits = append(res.Hits, h)
	}
	return res, nil
}

// hit loads the stored fields of a match and highlights its text.
func (x *Index) hit(dm *search.DocumentMatch, marks *marks) (Hit, error) {
	d, err := x.bl.Document(dm.ID)
	if err != nil {
		return Hit{}, fmt.Errorf("load passage %s: %w", dm.ID, err)
	}
	h := Hit{ID: dm.ID, Score: dm.Score, Events: []string{}}
	if d == nil {
		return h, fmt.Errorf("load passage %s: not found", dm.ID)
	}
	d.VisitFields(func(f bindex.Field) {
		switch f.Name() {
		case fieldText:
			h.Text = string(f.Value())
		case fieldEvents:
			h.Events = append(h.Events, string(f.Value()))
		}
	})
	a, ok := x.articles[articleKey(dm.ID)]
	if !ok {
		return h, fmt.Errorf("load passage %s: its article is not in the article table", dm.ID)
	}
	h.Source, h.Title, h.URL = a.Source, a.Title, a.URL
	if !a.Date.IsZero() {
		h.Date = a.Date.UTC()
	}
	dm.Locations = x.locate(h.Text, marks)
	h.Fragment = fragment(dm, d, h.Text)
	return h, nil
}

// fragment is the best part of a passage's text as Discord Markdown, the
// match's locations in bold.
func fragment(dm *search.DocumentMatch, d bindex.Document, text string) string {
	frag := ""
	if frags := highlighter.BestFragmentsInField(dm, d, fieldText, 1); len(frags) > 0 {
		frag = frags[0]
	} else if utf8.RuneCountInString(text) > fragmentRunes {
		frag = truncateRunes(text, fragmentRunes) + fragmentSep
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

// clause is one word of a query and what stands in for it.
type clause struct {
	word string
	alts []query.Query // scored alternatives on the text field
	// What meets this part of the query in a passage's text or title:
	// single words (analysed, Bleve's synonyms added) and phrases. A clause
	// that starts a multi-word name typed (north korea) is met by the name
	// itself (phrase) or its synonyms, not by its first word alone.
	words, phrases []string
	phrase         string
}

// textQuery turns words into a Bleve query without ever parsing them as
// query syntax. Each word is one clause: its exact form (with synonyms), and
// for words the corpus lacks or barely has, the nearest spellings it has.
// Multi-word synonyms are expanded as phrases, and the whole text as a
// phrase earns a bonus; typed is false for text that cannot hold typos.
// It returns nil when no word is searchable; the filter for passages that
// have every part of the query (nil when it would match what the query
// matches anyway); and what the searches of the query share.
func (x *Index) textQuery(text string, typed bool) (q, all query.Query, pl *plan, err error) {
	ws := queryWords(text)
	if len(ws) == 0 {
		return nil, nil, nil, nil
	}
	r, err := x.reader()
	if err != nil {
		return nil, nil, nil, err
	}
	defer r.Close()
	mk := &marks{terms: map[string]bool{}}
	addTerms := func(text string) {
		for _, t := range x.analyze(text) {
			mk.terms[t] = true
			for _, syn := range x.synonyms[t] {
				mk.terms[syn] = true
			}
		}
	}

	// Each word is one clause of alternatives on the text field: the word
	// itself (Bleve adds its synonyms), corrections of a typo, and phrase
	// synonyms. Bleve scales a disjunction by the share of its clauses that
	// match, so alternatives are boosted by their count to keep a clause's
	// best alternative at full weight.
	var clauses []*clause
	// Titles repeat over every passage of an article, so matching a common
	// word there costs a scan of a huge posting list for little signal:
	// only the rarer words are looked up in titles.
	var titleWords []string
	titleLimit := uint64(titleMinLimit)
	if n, err := x.bl.DocCount(); err == nil {
		titleLimit = max(titleLimit, n/titleShare)
	}
	for _, w := range ws {
		stems := x.analyze(w)
		if len(stems) == 0 {
			continue // a stop word
		}
		c := &clause{word: w}
		df, err := docFreq(r, fieldText, stems[0])
		if err != nil {
			return nil, nil, nil, err
		}
		// A word the corpus lacks may still have synonyms it holds, which
		// Bleve adds to the word's match.
		if df > 0 || len(x.synonyms[stems[0]]) > 0 {
			c.alts = append(c.alts, match(fieldText, w, 1))
			c.words = append(c.words, w)
			addTerms(w)
			if df <= titleLimit {
				titleWords = append(titleWords, w)
			}
		}
		if typed && df < rareTerm {
			fixes, err := x.corrections(w, df)
			if err != nil {
				return nil, nil, nil, err
			}
			for _, f := range fixes {
				if len(x.analyze(f)) == 0 {
					continue // a stop word: it is in no passage's index terms
				}
				c.alts = append(c.alts, match(fieldText, f, fuzzyBoost))
				c.words = append(c.words, f)
				addTerms(f)
				// a correction is looked up in titles on the same terms
				// as a word typed right
				if fs := x.analyze(f); len(fs) > 0 {
					fdf, err := docFreq(r, fieldText, fs[0])
					if err != nil {
						return nil, nil, nil, err
					}
					if fdf <= titleLimit {
						titleWords = append(titleWords, f)
					}
				}
			}
		}
		if len(c.alts) > 0 {
			clauses = append(clauses, c)
		}
	}
	// Synonym phrases join the clause of the word that starts them.
	normText := " " + strings.Join(ws, " ") + " "
	covered := map[string]bool{}
	for g, group := range x.cat.Synonyms {
		var found string
		for _, m := range x.members[g] {
			if strings.Contains(normText, " "+m+" ") {
				found = m
				break
			}
		}
		if found == "" {
			continue
		}
		var exp []query.Query
		var words, phrases []string
		for i, member := range group {
			mw := strings.Fields(x.members[g][i])
			switch {
			case x.members[g][i] == found:
			case len(mw) > 1:
				pq := bleve.NewMatchPhraseQuery(member) // analysed like the passages
				pq.SetField(fieldText)
				pq.SetBoost(synonymBoost)
				exp = append(exp, pq)
				phrases = append(phrases, member)
				mk.phrases = append(mk.phrases, x.phrase(member))
			case len(strings.Fields(found)) > 1:
				// a phrase typed, a single-word synonym (Bleve adds the rest)
				exp = append(exp, match(fieldText, mw[0], synonymBoost))
				words = append(words, mw[0])
				addTerms(mw[0])
			}
		}
		if len(exp) == 0 {
			continue
		}
		fw := strings.Fields(found)
		i := slices.IndexFunc(clauses, func(c *clause) bool { return c.word == fw[0] })
		if i < 0 {
			clauses = append(clauses, &clause{word: fw[0]})
			i = len(clauses) - 1
		}
		c := clauses[i]
		c.alts = append(c.alts, exp...)
		c.phrases = append(c.phrases, phrases...)
		if len(fw) > 1 {
			// The name typed counts as one part of the query, met by it
			// or any of its synonyms; its words are not each required.
			c.words, c.phrase = words, found
			for _, w := range fw[1:] {
				covered[w] = true
			}
		} else {
			c.words = append(c.words, words...)
		}
	}
	if len(clauses) == 0 {
		return nil, nil, nil, nil
	}
	all = x.every(clauses, covered)
	top := make([]query.Query, 0, len(clauses)+2)
	for _, c := range clauses {
		if len(c.alts) == 1 {
			top = append(top, c.alts[0])
			continue
		}
		for _, a := range c.alts {
			b := a.(query.BoostableQuery)
			b.SetBoost(b.Boost() * float64(len(c.alts)))
		}
		top = append(top, bleve.NewDisjunctionQuery(c.alts...))
	}
	// The title counts as one more clause, the whole text as a phrase as
	// another: both reward passages that fit the query as a whole.
	if len(titleWords) > 0 {
		top = append(top, match(fieldTitle, strings.Join(titleWords, " "), titleBoost))
	}
	if len(clauses) > 1 {
		pq := bleve.NewMatchPhraseQuery(strings.Join(ws, " "))
		pq.SetField(fieldText)
		pq.SetBoost(phraseBoost)
		top = append(top, pq)
	}
	// the same score without a disjunction searcher over one clause
	q = top[0]
	if len(top) > 1 {
		q = bleve.NewDisjunctionQuery(top...)
	}
	pl = &plan{marks: mk}
	if pl.syn, err = x.synonymsOf(r, q); err != nil {
		return nil, nil, nil, err
	}
	return q, all, pl, nil
}

// every is the filter for passages that have every part of the query in
// their text or their article's title, counting synonyms and corrections.
// It is unscored, so Bleve intersects posting bitmaps for it instead of
// scoring each match: ranking the few passages that have all the words of a
// query of common words costs a fraction of ranking every passage with any.
func (x *Index) every(clauses []*clause, covered map[string]bool) query.Query {
	var parts []query.Query
	for _, c := range clauses {
		if covered[c.word] {
			continue
		}
		var alts []query.Query
		for _, w := range c.words {
			for _, t := range x.analyze(w) {
				for _, u := range append([]string{t}, x.synonyms[t]...) {
					alts = append(alts, term(fieldText, u), term(fieldTitle, u))
				}
			}
		}
		phrases := c.phrases
		if c.phrase != "" {
			phrases = append([]string{c.phrase}, phrases...)
		}
		// A name is present when all its words are, each in the text or
		// the title: checking word positions would cost more than the
		// filter saves, and the scores still favour the name as written.
		for _, p := range phrases {
			var words []query.Query
			for _, t := range x.analyze(p) {
				words = append(words, bleve.NewDisjunctionQuery(term(fieldText, t), term(fieldTitle, t)))
			}
			if len(words) > 0 {
				alts = append(alts, bleve.NewConjunctionQuery(words...))
			}
		}
		if len(alts) > 0 {
			parts = append(parts, bleve.NewDisjunctionQuery(alts...))
		}
	}
	if len(parts) == 0 || len(parts) == 1 && len(clauses) == 1 {
		return nil // the query itself
	}
	return unscored{bleve.NewConjunctionQuery(parts...)}
}

func term(field, t string) query.Query {
	q := bleve.NewTermQuery(t)
	q.SetField(field)
	return q
}

// unscored matches what its query matches and adds nothing to the score.
// Without scores and term vectors Bleve can merge the posting lists of a
// conjunction or disjunction of terms into one bitmap.
type unscored struct{ query.Query }

// Searcher implements query.Query.
func (u unscored) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	o.Score, o.IncludeTermVectors, o.Explain = "none", false, false
	s, err := u.Query.Searcher(ctx, i, m, o)
	if err != nil {
		return nil, err
	}
	return weightless{s}, nil
}

// weightless keeps a searcher out of the query norm, so the scores of the
// query it joins stay what they were without it.
type weightless struct{ search.Searcher }

func (weightless) Weight() float64      { return 0 }
func (weightless) SetQueryNorm(float64) {}

// plan is what the searches of one query share.
type plan struct {
	marks *marks
	// syn are the synonyms Bleve finds for the query's words: looked up
	// once for every search of the query, and given to Bleve because its
	// own look-up cannot see inside our query types (guided, lift,
	// unscored).
	syn search.FieldTermSynonymMap
}

// synonymsOf looks up, as Bleve's own pre-search would, the synonyms of
// q's words.
func (x *Index) synonymsOf(r bindex.IndexReader, q query.Query) (search.FieldTermSynonymMap, error) {
	sm, ok := x.bl.Mapping().(mapping.SynonymMapping)
	if !ok {
		return nil, nil
	}
	tr, ok := r.(bindex.ThesaurusReader)
	if !ok {
		return nil, nil
	}
	syn, err := query.ExtractSynonyms(context.Background(), sm, tr, q, nil)
	if err != nil {
		return nil, fmt.Errorf("look up synonyms: %w", err)
	}
	return syn, nil
}

// guided is q restricted to the documents lead (an unscored filter)
// matches, with q's scores. Bleve's conjunction moves each member to its
// next match after every hit, which makes q score a document lead may not
// hold; guided moves q only by Advance, to documents lead holds.
type guided struct{ q, lead query.Query }

// Searcher implements query.Query.
func (g guided) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	q, err := g.q.Searcher(ctx, i, m, o)
	if err != nil {
		return nil, err
	}
	lead, err := g.lead.Searcher(ctx, i, m, o)
	if err != nil {
		q.Close()
		return nil, err
	}
	return &guidedSearcher{q: q, lead: lead}, nil
}

type guidedSearcher struct {
	q, lead    search.Searcher
	qCur, lCur *search.DocumentMatch // matches held, not yet returned
	done       bool
}

func (s *guidedSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	var err error
	for !s.done {
		if s.lCur == nil {
			if s.lCur, err = s.lead.Next(ctx); err != nil || s.lCur == nil {
				break
			}
		}
		if s.qCur == nil || s.qCur.IndexInternalID.Compare(s.lCur.IndexInternalID) < 0 {
			if s.qCur != nil {
				ctx.DocumentMatchPool.Put(s.qCur)
			}
			if s.qCur, err = s.q.Advance(ctx, s.lCur.IndexInternalID); err != nil || s.qCur == nil {
				break
			}
		}
		if s.qCur.IndexInternalID.Equals(s.lCur.IndexInternalID) {
			rv := s.qCur
			ctx.DocumentMatchPool.Put(s.lCur)
			s.qCur, s.lCur = nil, nil
			return rv, nil
		}
		// q is ahead: bring lead up to it
		ctx.DocumentMatchPool.Put(s.lCur)
		if s.lCur, err = s.lead.Advance(ctx, s.qCur.IndexInternalID); err != nil || s.lCur == nil {
			break
		}
	}
	s.done = true
	return nil, err
}

func (s *guidedSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	var err error
	if s.lCur == nil || s.lCur.IndexInternalID.Compare(id) < 0 {
		if s.lCur != nil {
			ctx.DocumentMatchPool.Put(s.lCur)
		}
		if s.lCur, err = s.lead.Advance(ctx, id); err != nil || s.lCur == nil {
			s.done = true
			return nil, err
		}
	}
	return s.Next(ctx)
}

func (s *guidedSearcher) Close() error {
	return errors.Join(s.q.Close(), s.lead.Close())
}

func (s *guidedSearcher) Weight() float64        { return s.q.Weight() }
func (s *guidedSearcher) SetQueryNorm(n float64) { s.q.SetQueryNorm(n) }
func (s *guidedSearcher) Count() uint64          { return s.q.Count() }
func (s *guidedSearcher) Min() int               { return 0 }
func (s *guidedSearcher) Size() int              { return s.q.Size() + s.lead.Size() }
func (s *guidedSearcher) DocumentMatchPoolSize() int {
	return s.q.DocumentMatchPoolSize() + s.lead.DocumentMatchPoolSize() + 2
}

// Relative weights of the parts of a query; the exact word weighs 1.
const (
	fuzzyBoost   = 0.4  // a correction of a word the corpus lacks
	synonymBoost = 0.8  // a multi-word synonym
	titleBoost   = 0.5  // the query's words in the article title
	phraseBoost  = 1.5  // the whole query as a phrase
	summitBoost  = 0.02 // a passage about any summit event
)

// A word is looked up in titles when at most 1/titleShare of the passages
// (and at least titleMinLimit) hold it.
const (
	titleShare    = 100
	titleMinLimit = 500
)

func match(field, text string, boost float64) query.Query {
	m := bleve.NewMatchQuery(text)
	m.SetField(field)
	m.SetBoost(boost)
	return m
}

// analyze returns the index terms of a word (its stem), none for stop words.
func (x *Index) analyze(w string) []string {
	var out []string
	for _, tok := range x.analyzer.Analyze([]byte(w)) {
		out = append(out, string(tok.Term))
	}
	return out
}

func (x *Index) reader() (bindex.IndexReader, error) {
	adv, err := x.bl.Advanced()
	if err != nil {
		return nil, fmt.Errorf("open index reader: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("open index reader: %w", err)
	}
	return r, nil
}

// rareTerm: a word found in fewer passages than this may be a typo that
// the corpus happens to contain, so its corrections are searched too (below
// the exact word).
const rareTerm = 3

func docFreq(r bindex.IndexReader, field, term string) (uint64, error) {
	// A term reader counts from each segment's dictionary entry; it is
	// cheaper to open than a dictionary iterator.
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		return 0, fmt.Errorf("read dictionary: %w", err)
	}
	defer tfr.Close()
	return tfr.Count(), nil
}

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

// SanitizeQuery makes user text safe to look at: valid UTF-8, no control
// characters, at most MaxQueryRunes runes.
func SanitizeQuery(s string) string {
	s = strings.ToValidUTF8(s, " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == markOpenRune || r == markCloseRune {
			return ' '
		}
		return r
	}, s)
	return truncateRunes(strings.Join(strings.Fields(s), " "), MaxQueryRunes)
}

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

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}
