package index

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

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

// plan is a query ready to run, and what the searches of the query share.
type plan struct {
	q query.Query // the scored query
	// all is the filter for passages that have every part of the query;
	// nil when it would match what q matches anyway.
	all   query.Query
	marks *marks
	// syn are the synonyms Bleve finds for the query's words: looked up
	// once for every search of the query, and given to Bleve because its
	// own look-up cannot see inside our query types (guided, lift,
	// unscored).
	syn search.FieldTermSynonymMap
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

// builder collects the clauses of one query as textQuery builds it.
type builder struct {
	x       *Index
	r       bindex.IndexReader
	typed   bool // the text may hold typos
	clauses []*clause
	// Titles repeat over every passage of an article, so matching a common
	// word there costs a scan of a huge posting list for little signal:
	// only words in at most titleLimit passages are looked up in titles.
	titleWords []string
	titleLimit uint64
	marks      *marks
	// covered are the words after the first of a multi-word name typed,
	// which the name's clause stands for.
	covered map[string]bool
}

// textQuery turns words into a Bleve query without ever parsing them as
// query syntax. Each word is one clause: its exact form (with synonyms), and
// for words the corpus lacks or barely has, the nearest spellings it has.
// Multi-word synonyms are expanded as phrases, and the whole text as a
// phrase earns a bonus; typed is false for text that cannot hold typos.
// It returns nil when no word is searchable.
func (x *Index) textQuery(text string, typed bool) (*plan, error) {
	ws := queryWords(text)
	if len(ws) == 0 {
		return nil, nil
	}
	r, err := x.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	b := &builder{x: x, r: r, typed: typed, titleLimit: titleMinLimit,
		marks: &marks{terms: map[string]bool{}}, covered: map[string]bool{}}
	if n, err := x.bl.DocCount(); err == nil {
		b.titleLimit = max(b.titleLimit, n/titleShare)
	}
	for _, w := range ws {
		if err := b.word(w); err != nil {
			return nil, err
		}
	}
	b.synonymPhrases(ws)
	if len(b.clauses) == 0 {
		return nil, nil
	}
	pl := &plan{q: b.query(ws), all: x.every(b.clauses, b.covered), marks: b.marks}
	if pl.syn, err = x.synonymsOf(r, pl.q); err != nil {
		return nil, err
	}
	return pl, nil
}

// mark records the terms of text, and their synonyms, for highlighting.
func (b *builder) mark(text string) {
	for _, t := range b.x.analyze(text) {
		b.marks.terms[t] = true
		for _, syn := range b.x.synonyms[t] {
			b.marks.terms[syn] = true
		}
	}
}

// word adds the clause of one query word: a clause of alternatives on the
// text field, the word itself (Bleve adds its synonyms) and corrections of
// a typo; synonymPhrases adds phrase synonyms. Bleve scales a disjunction
// by the share of its clauses that match, so query boosts alternatives by
// their count to keep a clause's best alternative at full weight.
func (b *builder) word(w string) error {
	stems := b.x.analyze(w)
	if len(stems) == 0 {
		return nil // a stop word
	}
	c := &clause{word: w}
	df, err := docFreq(b.r, fieldText, stems[0])
	if err != nil {
		return err
	}
	// A word the corpus lacks may still have synonyms it holds, which
	// Bleve adds to the word's match.
	if df > 0 || len(b.x.synonyms[stems[0]]) > 0 {
		b.alternative(c, w, 1)
		if df <= b.titleLimit {
			b.titleWords = append(b.titleWords, w)
		}
	}
	if b.typed && df < rareTerm {
		if err := b.addCorrections(c, w, df); err != nil {
			return err
		}
	}
	if len(c.alts) > 0 {
		b.clauses = append(b.clauses, c)
	}
	return nil
}

// alternative adds w, matched on the text field, to c.
func (b *builder) alternative(c *clause, w string, boost float64) {
	c.alts = append(c.alts, match(fieldText, w, boost))
	c.words = append(c.words, w)
	b.mark(w)
}

// addCorrections adds the corrections of a rare word w to its clause c.
func (b *builder) addCorrections(c *clause, w string, df uint64) error {
	fixes, err := b.x.corrections(w, df)
	if err != nil {
		return err
	}
	for _, f := range fixes {
		fs := b.x.analyze(f)
		if len(fs) == 0 {
			continue // a stop word: it is in no passage's index terms
		}
		b.alternative(c, f, fuzzyBoost)
		// a correction is looked up in titles on the same terms as a word
		// typed right
		fdf, err := docFreq(b.r, fieldText, fs[0])
		if err != nil {
			return err
		}
		if fdf <= b.titleLimit {
			b.titleWords = append(b.titleWords, f)
		}
	}
	return nil
}

// synonymPhrases joins each synonym group a member of which the query
// words hold to the clause of the word that starts that member.
func (b *builder) synonymPhrases(ws []string) {
	normText := " " + strings.Join(ws, " ") + " "
	for g, members := range b.x.members {
		i := slices.IndexFunc(members, func(m string) bool { return strings.Contains(normText, " "+m+" ") })
		if i >= 0 && members[i] != "" {
			b.synonymGroup(g, members[i])
		}
	}
}

// synonymGroup adds the other members of synonym group g to the clause of
// found, the member the query holds: phrases as phrase queries, and single
// words when found is a phrase (Bleve adds the single-word synonyms of a
// single word itself).
func (b *builder) synonymGroup(g int, found string) {
	var exp []query.Query
	var words, phrases []string
	for i, member := range b.x.cat.Synonyms[g] {
		mw := strings.Fields(b.x.members[g][i])
		switch {
		case b.x.members[g][i] == found:
		case len(mw) > 1:
			pq := bleve.NewMatchPhraseQuery(member) // analysed like the passages
			pq.SetField(fieldText)
			pq.SetBoost(synonymBoost)
			exp = append(exp, pq)
			phrases = append(phrases, member)
			b.marks.phrases = append(b.marks.phrases, b.x.phrase(member))
		case len(strings.Fields(found)) > 1:
			// a phrase typed, a single-word synonym (Bleve adds the rest)
			exp = append(exp, match(fieldText, mw[0], synonymBoost))
			words = append(words, mw[0])
			b.mark(mw[0])
		}
	}
	if len(exp) == 0 {
		return
	}
	fw := strings.Fields(found)
	i := slices.IndexFunc(b.clauses, func(c *clause) bool { return c.word == fw[0] })
	if i < 0 {
		b.clauses = append(b.clauses, &clause{word: fw[0]})
		i = len(b.clauses) - 1
	}
	c := b.clauses[i]
	c.alts = append(c.alts, exp...)
	c.phrases = append(c.phrases, phrases...)
	if len(fw) > 1 {
		// The name typed counts as one part of the query, met by it or any
		// of its synonyms; its words are not each required.
		c.words, c.phrase = words, found
		for _, w := range fw[1:] {
			b.covered[w] = true
		}
	} else {
		c.words = append(c.words, words...)
	}
}

// query is the scored query: one clause a word, each its alternatives;
// then the title and the whole text as a phrase, which both reward
// passages that fit the query as a whole.
func (b *builder) query(ws []string) query.Query {
	top := make([]query.Query, 0, len(b.clauses)+2)
	for _, c := range b.clauses {
		if len(c.alts) == 1 {
			top = append(top, c.alts[0])
			continue
		}
		for _, a := range c.alts {
			q := a.(query.BoostableQuery)
			q.SetBoost(q.Boost() * float64(len(c.alts)))
		}
		top = append(top, bleve.NewDisjunctionQuery(c.alts...))
	}
	if len(b.titleWords) > 0 {
		top = append(top, match(fieldTitle, strings.Join(b.titleWords, " "), titleBoost))
	}
	if len(b.clauses) > 1 {
		pq := bleve.NewMatchPhraseQuery(strings.Join(ws, " "))
		pq.SetField(fieldText)
		pq.SetBoost(phraseBoost)
		top = append(top, pq)
	}
	if len(top) == 1 {
		return top[0] // the same score without a disjunction searcher
	}
	return bleve.NewDisjunctionQuery(top...)
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
		if alts := x.meetings(c); len(alts) > 0 {
			parts = append(parts, bleve.NewDisjunctionQuery(alts...))
		}
	}
	if len(parts) == 0 || len(parts) == 1 && len(clauses) == 1 {
		return nil // the query itself
	}
	return unscored{bleve.NewConjunctionQuery(parts...)}
}

// meetings are what meets clause c in a passage's text or title.
func (x *Index) meetings(c *clause) []query.Query {
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
	// A name is present when all its words are, each in the text or the
	// title: checking word positions would cost more than the filter
	// saves, and the scores still favour the name as written.
	for _, p := range phrases {
		var words []query.Query
		for _, t := range x.analyze(p) {
			words = append(words, bleve.NewDisjunctionQuery(term(fieldText, t), term(fieldTitle, t)))
		}
		if len(words) > 0 {
			alts = append(alts, bleve.NewConjunctionQuery(words...))
		}
	}
	return alts
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

func and(q query.Query, more ...query.Query) query.Query {
	if len(more) == 0 {
		return q
	}
	return bleve.NewConjunctionQuery(append([]query.Query{q}, more...)...)
}

func term(field, t string) query.Query {
	q := bleve.NewTermQuery(t)
	q.SetField(field)
	return q
}

func match(field, text string, boost float64) query.Query {
	m := bleve.NewMatchQuery(text)
	m.SetField(field)
	m.SetBoost(boost)
	return m
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
