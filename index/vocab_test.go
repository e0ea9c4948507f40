package index

import (
	"bytes"
	"context"
	"github.com/summitbot/summitbot/corpus"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

func testVocab(t *testing.T, passages ...string) *vocab {
	t.Helper()
	c := newVocabCounter()
	for _, p := range passages {
		c.add(p)
	}
	data, err := c.bytes()
	if err != nil {
		t.Fatal(err)
	}
	v, err := loadVocab(data)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestVocabulary(t *testing.T) {
	v := testVocab(t,
		"Sanctions, sanctions and SANCTIONS: Pyongyang's talks.",
		"Sanctions relief; the sanctuary. Kim Jong-un met Trump in 2019.",
		"평양 회담 and Pyongyang again. "+strings.Repeat("x", maxWordBytes+1)+" end",
	)
	counts := []struct {
		word string
		want uint64
	}{
		{"sanctions", 2}, // once per passage, whatever the case
		{"pyongyang", 2},
		{"s", 1}, // the possessive splits like a query does
		{"jong", 1},
		{"un", 1},
		{"2019", 1},
		{"평양", 1},
		{"end", 1},
		{"Sanctions", 0}, // the vocabulary is lower-cased
		{"sanction", 0},  // and not stemmed
		{strings.Repeat("x", maxWordBytes+1), 0},
		{"", 0},
	}
	for _, c := range counts {
		if got := v.count(c.word); got != c.want {
			t.Errorf("count(%q) = %d, want %d", c.word, got, c.want)
		}
	}

	near := []struct {
		word, prefix string
		dist         int
		want         []string // word:distance
	}{
		{"sanctons", "s", 1, []string{"sanctions:1"}},
		{"santcions", "s", 1, []string{"sanctions:1"}}, // a transposition is one edit
		{"sanctxonx", "s", 2, []string{"sanctions:2"}},
		{"sanctxonx", "s", 1, nil},
		{"sanctuarx", "s", 2, []string{"sanctuary:1"}},
		{"anctions", "", 1, []string{"sanctions:1"}},
		{"anctions", "a", 1, nil}, // the prefix is required
		{"pyongyan", "p", 1, []string{"pyongyang:1"}},
	}
	for _, c := range near {
		var got []string
		err := v.near(c.word, c.dist, c.prefix, func(w string, d uint8, n uint64) {
			got = append(got, w+":"+string('0'+rune(d)))
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("near(%q, %d, %q) = %q, want %q", c.word, c.dist, c.prefix, got, c.want)
		}
	}
	if err := v.near("sanctions", 3, "", func(string, uint8, uint64) {}); err == nil {
		t.Error("an edit distance of 3 must be refused")
	}

	var got []string
	if err := v.withPrefix("sanct", func(w string, n uint64) { got = append(got, w) }); err != nil {
		t.Fatal(err)
	}
	if want := []string{"sanctions", "sanctuary"}; !slices.Equal(got, want) {
		t.Errorf("withPrefix(sanct) = %q, want %q", got, want)
	}
}

func TestPrefixEnd(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []byte
	}{
		{"", nil},
		{"a", []byte("b")},
		{"ab", []byte("ac")},
		{"a\xff", []byte("b")},
		{"\xff\xff", nil},
		{"평", []byte("\xed\x8f\x8a")}, // 평 is ED 8F 89: its last byte goes up
	} {
		got := prefixEnd(c.in)
		if !bytes.Equal(got, c.want) {
			t.Errorf("prefixEnd(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzVocabulary(f *testing.F) {
	for _, s := range []string{"Sanctions, sanctions.", "평양 회담", "a\xffb", "Kim Jong-un's 2019"} {
		f.Add(s, "sanctons")
	}
	f.Fuzz(func(t *testing.T, text, typo string) {
		v := testVocab(t, text)
		eachWord(strings.ToLower(text), func(w string) {
			if v.count(w) != 1 {
				t.Errorf("word %q of the passage counts %d", w, v.count(w))
			}
		})
		if !utf8.ValidString(typo) {
			return
		}
		first, _ := utf8.DecodeRuneInString(typo)
		if err := v.near(typo, 2, string(first), func(w string, d uint8, _ uint64) {
			if d > 2 || !strings.HasPrefix(w, string(first)) {
				t.Errorf("near(%q) gave %q at distance %d", typo, w, d)
			}
		}); err != nil {
			t.Fatal(err)
		}
	})
}

// Highlighting by analysing the hits gives the fragments Bleve's term
// vectors give, found with a second search for the hits' locations.
func TestHighlightsMatchTermVectors(t *testing.T) {
	x, err := Open(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	texts := []string{
		"demilitarized zone", "north korea", "dprk summit", "denuclearisation", "kim jong un",
		"pyongyan talks", "hanoi summit walked away", "singapore joint statement", "demarcation line",
		"sanctions relief yongbyon", "the the of", "trump kim letters", "icbm tests", "defence programme",
	}
	for _, q := range readQueries(t) {
		if q.Event == "" {
			texts = append(texts, q.Text)
		}
	}
	compared := 0
	for _, text := range texts {
		pl, err := x.textQuery(text, true)
		if err != nil {
			t.Fatal(err)
		}
		if pl == nil {
			continue
		}
		q := pl.q // the summit lift adds no locations
		res := find(t, x, corpus.Query{Text: text, Limit: 10})
		for _, h := range res.Hits {
			want := termVectorFragment(t, x, q, h.ID)
			if h.Fragment != want {
				t.Errorf("%q, %s:\n got %q\nwant %q", text, h.ID, h.Fragment, want)
			}
			compared++
		}
	}
	if compared < 50 {
		t.Errorf("only %d hits compared", compared)
	}
}

// termVectorFragment highlights one passage as summitbot did before it
// analysed hits: a second search fetches the query's term locations.
func termVectorFragment(t *testing.T, x *Index, q query.Query, id string) string {
	t.Helper()
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bleve.NewDocIDQuery([]string{id}), q), 1, 0, false)
	req.IncludeLocations = true
	sr, err := x.bl.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(sr.Hits) != 1 {
		t.Fatalf("passage %s: %d hits", id, len(sr.Hits))
	}
	d, err := x.bl.Document(id)
	if err != nil || d == nil {
		t.Fatalf("passage %s: %v", id, err)
	}
	text := ""
	d.VisitFields(func(f bindex.Field) {
		if f.Name() == fieldText {
			text = string(f.Value())
		}
	})
	return fragment(sr.Hits[0], d, text)
}

// A phrase that starts with a stop word is found as Bleve's phrase query
// finds it: from its first term.
func TestPhraseLocations(t *testing.T) {
	x := openMem(t, writeCorpus(t, map[string]string{"a.txt": "Nothing here."}))
	if got, want := x.phrase("the united nations"), x.phrase("united nations"); !slices.Equal(got, want) || len(want) != 2 {
		t.Errorf("phrase(the united nations) = %q, want %q", got, want)
	}
	if got := x.phrase("people's republic of korea"); len(got) != 4 || got[2] != "" {
		t.Errorf("a stop word inside a phrase leaves a gap: %q", got)
	}
	text := "United Nations met. The United Nations said no. Nations and the united front."
	for _, c := range []struct {
		phrase string
		want   int
	}{
		{"the united nations", 4},
		{"united nations", 4},
		{"nations united", 0},
		{"people's republic of korea", 0},
	} {
		m := &marks{terms: map[string]bool{}, phrases: [][]string{x.phrase(c.phrase)}}
		n := 0
		for _, locs := range x.locate(text, m)[fieldText] {
			n += len(locs)
		}
		if n != c.want {
			t.Errorf("%q: %d locations, want %d", c.phrase, n, c.want)
		}
	}
}

// A prefix longer than a query is cut like one, and where the cut falls
// after a space no space is left dangling: the last whole word is completed
// (the cut left "" to complete, and no suggestion, until sanitizing became
// corpus.CleanText).
func TestSuggestAfterTheCut(t *testing.T) {
	x := openMem(t, writeCorpus(t, map[string]string{
		"a.txt": "Sanctions relief was discussed. Sanctions again. Sanctuary cities were not. The sandwich was fine.",
	}))
	head := strings.Repeat("x", maxQueryRunes-6) + " "
	prefix := head + "sanc more words" // the cut falls after "sanc "
	got, err := x.suggest(prefix, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 2 || got[0] != head+"sanctions" || got[1] != head+"sanctuary" {
		t.Errorf("got %q", got)
	}
}
