package index

import (
	"context"
	"errors"
	"fmt"
	"github.com/summitbot/summitbot/corpus"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

func TestBM25Ranking(t *testing.T) {
	dir := writeCorpus(t, map[string]string{
		"often.md":  md("Often", "2019-03-01", "Sanctions were the theme. Sanctions relief and more sanctions dominated the long talks in the city."),
		"once.md":   md("Once", "2019-03-01", "The meeting covered trade, tourism, fishing, weather, football, music and, once, sanctions, among many other subjects of the long day."),
		"rare.md":   md("Rare", "2019-03-01", "Yongbyon was mentioned by the negotiators during the talks, but only briefly, and nothing came of it."),
		"common.md": md("Common", "2019-03-01", "The talks were long. The talks were hard. The talks went on through the night and into the talks of the morning."),
	})
	x := openMem(t, dir)

	res := find(t, x, corpus.Query{Text: "sanctions", Limit: 5})
	if got := sources(res); len(got) < 2 || got[0] != "often.md" || got[1] != "once.md" {
		t.Errorf("sanctions: more occurrences in a shorter passage must rank first, got %v", got)
	}
	// The rare word decides: a passage with the rare word beats one that
	// repeats the common one.
	res = find(t, x, corpus.Query{Text: "yongbyon talks", Limit: 5})
	if got := sources(res); len(got) == 0 || got[0] != "rare.md" {
		t.Errorf("yongbyon talks: the passage with the rare word must rank first, got %v", got)
	}
	if res.Total != 3 {
		t.Errorf("yongbyon talks: total %d, want 3 (the passages with either word)", res.Total)
	}
}

func TestSynonymsMatch(t *testing.T) {
	// One passage per synonym; a query for any member must find every
	// passage of its group.
	files := map[string]string{}
	type member struct{ group, idx int }
	bySource := map[string]member{}
	groups := builtinSynonyms(t)
	for g, group := range groups {
		for i, m := range group {
			name := fmt.Sprintf("g%02d-%d.txt", g, i)
			files[name] = fmt.Sprintf("Reporters wrote at length about %s during that week of careful diplomacy.", m)
			bySource[name] = member{g, i}
		}
	}
	x := openMem(t, writeCorpus(t, files))
	for g, group := range groups {
		for _, q := range group {
			res := find(t, x, corpus.Query{Text: q, Limit: MaxLimit})
			found := map[int]bool{}
			for _, h := range res.Hits {
				if m, ok := bySource[h.Source]; ok && m.group == g {
					found[m.idx] = true
				}
			}
			for i, m := range group {
				if !found[i] {
					t.Errorf("query %q does not find the passage with its synonym %q", q, m)
				}
			}
		}
	}
}

func TestTypoTolerance(t *testing.T) {
	dir := writeCorpus(t, map[string]string{
		"pyongyang.md": md("Capital", "2019-03-01", "Officials in Pyongyang prepared for the talks with Washington for weeks."),
		"other.md":     md("Other", "2019-03-01", "The talks about football transfers went on all summer without a result."),
		"denuc.md":     md("Denuc", "2019-03-01", "Denuclearization of the peninsula remained the stated goal of both sides."),
		"typo.md":      md("Typo", "2019-03-01", "A sign misspelled the capital as Pyongyan, to the amusement of visitors."),
	})
	x := openMem(t, dir)

	res := find(t, x, corpus.Query{Text: "pyongyan talks", Limit: 5})
	if rank(res, "pyongyang.md") < 0 || rank(res, "pyongyang.md") > rank(res, "other.md") && rank(res, "other.md") >= 0 {
		t.Errorf("pyongyan talks: Pyongyang passage must outrank the plain talks one, got %v", sources(res))
	}
	res = find(t, x, corpus.Query{Text: "denuclearizaton", Limit: 5})
	if got := sources(res); len(got) == 0 || got[0] != "denuc.md" {
		t.Errorf("denuclearizaton: want the denuclearization passage, got %v", got)
	}
	if !strings.Contains(res.Hits[0].Fragment, "**Denuclearization**") {
		t.Errorf("the corrected word must be highlighted: %q", res.Hits[0].Fragment)
	}
	// The corpus has the typo itself once: the exact match outranks the
	// corrected spelling.
	res = find(t, x, corpus.Query{Text: "pyongyan", Limit: 5})
	if got := sources(res); len(got) < 2 || got[0] != "typo.md" || got[1] != "pyongyang.md" {
		t.Errorf("pyongyan: exact match first, then the correction, got %v", got)
	}
	// Short words are never fuzzed: "tak" must not match "talks".
	res = find(t, x, corpus.Query{Text: "tak", Limit: 5})
	if len(res.Hits) != 0 {
		t.Errorf("tak: short words get no typo tolerance, got %v", sources(res))
	}
}

func TestQuerySyntaxIsData(t *testing.T) {
	x := openMem(t, writeCorpus(t, map[string]string{
		"a.md": md("Summit", "2019-02-28", "The Hanoi summit ended early without a deal on sanctions."),
		"b.md": md("Other", "2019-02-28", "A hotel in Hanoi won a travel award for its breakfast."),
	}))
	plain := find(t, x, corpus.Query{Text: "hanoi summit", Limit: 5})
	for _, q := range []string{
		"+hanoi -summit", "title:hanoi summit", `"hanoi summit`, "hanoi* summit~2", "hanoi^10 summit",
		"events:dmz hanoi summit", "(hanoi OR summit)", `hanoi\ summit`, "/hanoi.*/ summit", "{hanoi} [summit]",
		"hanoi && summit || !x", "_id:a.md hanoi summit", "hanoi:summit", "@everyone hanoi summit",
	} {
		res, err := x.Search(context.Background(), corpus.Query{Text: q, Limit: 5})
		if err != nil {
			t.Errorf("%q: %v", q, err)
			continue
		}
		if len(res.Hits) == 0 || res.Hits[0].Source != plain.Hits[0].Source {
			t.Errorf("%q steered the search: got %v, want %v first", q, sources(res), plain.Hits[0].Source)
		}
	}
	for _, q := range []string{"", "   ", "+-:*", "\x00\x01", "the of and", string([]byte{0xff, 0xfe}), strings.Repeat("ab ", 3000)} {
		res, err := x.Search(context.Background(), corpus.Query{Text: q})
		if err != nil && !errors.Is(err, errEmptyQuery) {
			t.Errorf("%q: unexpected error %v", q, err)
		}
		if err == nil && res == nil {
			t.Errorf("%q: nil result without error", q)
		}
	}
}

func TestEventSearchRanksEventFirst(t *testing.T) {
	x := openMem(t, writeCorpus(t, map[string]string{
		"hotel.md":  md("Best hotels in Hanoi", "2020-09-01", "Hanoi hotels were praised by travellers. The Hanoi hotel with the best breakfast won the Hanoi award."),
		"summit.md": md("Talks collapse", "2019-02-28", "Kim Jong-un and Donald Trump left Hanoi without a deal when their summit ended early."),
	}))
	res := find(t, x, corpus.Query{Text: "hanoi", Event: "hanoi", Limit: 5})
	if got := sources(res); len(got) != 2 || got[0] != "summit.md" {
		t.Errorf("hanoi within the hanoi event: summit first, then the hotel, got %v", got)
	}
	card := find(t, x, corpus.Query{Event: "hanoi", Limit: 5})
	for _, h := range card.Hits {
		if h.Source == "hotel.md" {
			t.Errorf("an event card lists only passages about the event, got the hotel")
		}
	}
	if rank(card, "summit.md") < 0 {
		t.Errorf("event card misses the summit passage: %v", sources(card))
	}
	if _, err := x.Search(context.Background(), corpus.Query{Event: "atlantis"}); !errors.Is(err, errUnknownEvent) {
		t.Errorf("unknown event: got %v", err)
	}
	// Paging over the two tiers neither repeats nor loses a hit.
	p1 := find(t, x, corpus.Query{Text: "hanoi", Event: "hanoi", Limit: 1})
	p2 := find(t, x, corpus.Query{Text: "hanoi", Event: "hanoi", Limit: 1, Offset: 1})
	if len(p1.Hits) != 1 || len(p2.Hits) != 1 || p1.Hits[0].Source == p2.Hits[0].Source || p1.Total != 2 || p2.Total != 2 {
		t.Errorf("paging: page1 %v page2 %v totals %d %d", sources(p1), sources(p2), p1.Total, p2.Total)
	}
}

func TestHitsAndHighlights(t *testing.T) {
	long := strings.Repeat("Filler words about the weather and the sea. ", 30) + "The _secret_ *deal* was signed @everyone at Panmunjom. " + strings.Repeat("More filler words about the weather. ", 30)
	x := openMem(t, writeCorpus(t, map[string]string{
		"news/deal.md": "---\ntitle: The deal\ndate: 2019-06-30\nsource: https://example.org/deal\n---\n" + long + "\n",
	}))
	res := find(t, x, corpus.Query{Text: "panmunjom deal", Limit: 5})
	if len(res.Hits) == 0 {
		t.Fatal("no hit")
	}
	h := res.Hits[0]
	if h.Source != "news/deal.md" || h.Title != "The deal" || h.URL != "https://example.org/deal" || !h.Date.Equal(time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("stored fields: %+v", h)
	}
	if !strings.Contains(h.Fragment, "**Panmunjom**") || !strings.Contains(h.Fragment, `\***deal**\*`) || !strings.Contains(h.Fragment, `\_secret\_`) {
		t.Errorf("fragment must bold matches and escape Markdown: %q", h.Fragment)
	}
	for _, bad := range []string{"<mark>", "@everyone", "\x02", "\x03", " _secret_ "} {
		if strings.Contains(h.Fragment, bad) {
			t.Errorf("fragment contains %q: %q", bad, h.Fragment)
		}
	}
	if n := utf8.RuneCountInString(h.Fragment); n > 2*fragmentRunes {
		t.Errorf("fragment is %d runes long", n)
	}
	if !strings.HasPrefix(h.Fragment, "…") || !strings.HasSuffix(h.Fragment, "…") {
		t.Errorf("a fragment from the middle of a passage is marked with ellipses: %q", h.Fragment)
	}
	if !utf8.ValidString(h.Text) || !strings.Contains(h.Text, "_secret_ *deal*") {
		t.Errorf("text is the plain passage")
	}
}

func TestRenderFragment(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a " + markOpen + "word" + markClose + " b", "a **word** b"},
		{markOpen + "*x*" + markClose, `**\*x\***`},
		{"@here <@123> [link](http://x)", "@\u200bhere \\<@\u200b123\\> \\[link\\]\\(http://x\\)"},
		{"- list", `\- list`},
		{"open " + markOpen + "never closed", "open **never closed**"},
		{"stray " + markClose + "close", "stray close"},
	}
	for _, tt := range tests {
		if got := renderFragment(tt.in); got != tt.want {
			t.Errorf("renderFragment(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSanitizeQuery(t *testing.T) {
	long := strings.Repeat("é", maxQueryRunes+50)
	tests := []struct{ in, want string }{
		{"  hanoi\tsummit\n", "hanoi summit"},
		{"a\x00b\x1bc", "a b c"},
		{string([]byte{'a', 0xff, 'b'}), "a b"},
		{long, strings.Repeat("é", maxQueryRunes)},
	}
	for _, tt := range tests {
		if got := sanitizeQuery(tt.in); got != tt.want {
			t.Errorf("sanitizeQuery(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A query cut at maxQueryRunes ends with no space where the cut fell.
func TestSanitizeQueryCut(t *testing.T) {
	head := strings.Repeat("x", maxQueryRunes-6) + " sanc"
	if got := sanitizeQuery(head + " more words"); got != head {
		t.Errorf("sanitizeQuery kept %q at the cut, want %q", got[len(head):], "")
	}
}

func FuzzSearch(f *testing.F) {
	for _, s := range []string{"hanoi summit", "+x -y", `"`, "title:x", "\x00", "pyongyan", strings.Repeat("w ", 200)} {
		f.Add(s, "hanoi")
	}
	x, err := Open(context.Background(), Options{})
	if err != nil {
		f.Fatal(err)
	}
	defer x.Close()
	f.Fuzz(func(t *testing.T, text, event string) {
		if _, ok := x.Catalogue().Event(event); !ok {
			event = ""
		}
		res, err := x.Search(context.Background(), corpus.Query{Text: text, Event: event, Limit: 3})
		if err != nil {
			if errors.Is(err, errEmptyQuery) {
				return
			}
			t.Fatalf("search %q: %v", text, err)
		}
		for _, h := range res.Hits {
			if !utf8.ValidString(h.Fragment) || strings.ContainsAny(h.Fragment, markOpen+markClose) {
				t.Fatalf("bad fragment %q", h.Fragment)
			}
		}
	})
}

// A word the corpus lacks still finds its synonyms, highlighted.
func TestSynonymOfAbsentWord(t *testing.T) {
	x := openMem(t, writeCorpus(t, map[string]string{
		"a.md": md("Launch", "2019-05-04", "The North resumed short-range missile launches in May."),
		"b.md": md("Other", "2019-05-04", "The launches of the new phones were delayed."),
	}))
	res := find(t, x, corpus.Query{Text: "icbm", Limit: 5})
	if got := sources(res); len(got) != 1 || got[0] != "a.md" {
		t.Fatalf("icbm: want the missile passage only, got %v", got)
	}
	if !strings.Contains(res.Hits[0].Fragment, "**missile**") {
		t.Errorf("the synonym must be highlighted: %q", res.Hits[0].Fragment)
	}
}

func TestEveryWordFirst(t *testing.T) {
	files := map[string]string{
		// Short passages that repeat one word outscore, under plain BM25,
		// longer ones that have both.
		"sanctions-only.md": md("Trade", "2019-03-01", "Sanctions, sanctions, sanctions."),
		"relief-only.md":    md("Aid", "2019-03-01", "Relief, relief and relief again."),
		"weather.md":        md("Forecast", "2019-03-01", "Sanctions talk gave way to the weather forecast for the long weekend ahead."),
		// Relief in the title, sanctions in the text: the article is about
		// both, so the passage has every word.
		"title.md": md("Relief for Pyongyang", "2019-03-01", "Negotiators argued over sanctions for most of the afternoon session."),
	}
	for i := range 6 {
		files[fmt.Sprintf("both-%d.md", i)] = md(fmt.Sprintf("Both %d", i), "2019-03-01",
			fmt.Sprintf("In round %d the negotiators once more weighed sanctions relief against concrete steps at the reactor site, and the talks went on late.", i))
	}
	x := openMem(t, writeCorpus(t, files))

	// Enough passages have both words: only they are listed.
	res := find(t, x, corpus.Query{Text: "sanctions relief", Limit: MaxLimit})
	if res.Total != 7 || len(res.Hits) != 7 {
		t.Errorf("sanctions relief: total %d, %d hits %v, want the 7 passages with both words", res.Total, len(res.Hits), sources(res))
	}
	for _, h := range res.Hits {
		if strings.HasSuffix(h.Source, "-only.md") || h.Source == "weather.md" {
			t.Errorf("sanctions relief: %s lacks a word but is listed", h.Source)
		}
	}
	if rank(res, "title.md") < 0 {
		t.Errorf("sanctions relief: the passage with relief in its title is missing: %v", sources(res))
	}

	// Too few have both: they come first, then the passages with either.
	res = find(t, x, corpus.Query{Text: "sanctions weather", Limit: MaxLimit})
	if got := sources(res); len(got) == 0 || got[0] != "weather.md" {
		t.Errorf("sanctions weather: the passage with both words must come first, got %v", got)
	}
	if res.Total != 9 {
		t.Errorf("sanctions weather: total %d, want 9 (every passage with either word)", res.Total)
	}

	// Pages of either kind of search list the same passages as one big page.
	for _, text := range []string{"sanctions relief", "sanctions weather", "relief weather"} {
		all := find(t, x, corpus.Query{Text: text, Limit: MaxLimit})
		var paged []string
		for off := 0; off < int(all.Total); off += 2 {
			p := find(t, x, corpus.Query{Text: text, Limit: 2, Offset: off})
			if p.Total != all.Total {
				t.Errorf("%q page at %d: total %d, want %d", text, off, p.Total, all.Total)
			}
			paged = append(paged, sources(p)...)
		}
		if fmt.Sprint(paged) != fmt.Sprint(sources(all)) {
			t.Errorf("%q: pages list\n%v\none page lists\n%v", text, paged, sources(all))
		}
	}
}

func TestEveryWordCountsNamesAsOne(t *testing.T) {
	files := map[string]string{
		"dprk.md":  md("Launch", "2019-03-01", "The DPRK fired a missile into the sea early on Tuesday morning."),
		"north.md": md("Weather", "2019-03-01", "Snow fell in the north of the country while a missile museum stayed closed."),
	}
	for i := range 5 {
		files[fmt.Sprintf("nk-%d.md", i)] = md(fmt.Sprintf("Report %d", i), "2019-03-01",
			fmt.Sprintf("Report %d: North Korea tested another missile, analysts said after reviewing the images.", i))
	}
	x := openMem(t, writeCorpus(t, files))
	res := find(t, x, corpus.Query{Text: "north korea missile", Limit: MaxLimit})
	// DPRK stands for North Korea; "north" alone does not.
	if rank(res, "dprk.md") < 0 || rank(res, "north.md") >= 0 || res.Total != 6 {
		t.Errorf("north korea missile: total %d, got %v; want the five North Korea passages and the DPRK one", res.Total, sources(res))
	}
}

// referenceScores scores every passage text matches the way the search
// did before passages with every word were ranked first: Bleve's own
// boolean query for the summit lift and Bleve's own synonym look-up, walked
// with Next only.
func referenceScores(t *testing.T, x *Index, text string) map[string]float64 {
	t.Helper()
	pl, err := x.textQuery(sanitizeQuery(text), true)
	if err != nil || pl == nil {
		t.Fatalf("%q: %v", text, err)
	}
	tq := pl.q
	var terms []query.Query
	for _, id := range x.cat.IDs() {
		tm := bleve.NewTermQuery(id)
		tm.SetField(fieldEvents)
		tm.SetBoost(summitBoost)
		terms = append(terms, tm)
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(tq)
	b.AddShould(bleve.NewDisjunctionQuery(terms...))
	sr, err := x.bl.Search(bleve.NewSearchRequestOptions(b, 10000, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, h := range sr.Hits {
		out[h.ID] = h.Score
	}
	return out
}

// TestEveryWordKeepsScores: ranking the passages with every word first must
// not change any passage's score.
func TestEveryWordKeepsScores(t *testing.T) {
	x, err := Open(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	compared := 0
	for _, text := range []string{"trump kim summit", "sanctions relief", "kim trump letters", "hanoi summit talks",
		"north korea missile test", "summit meeting president", "kim jong un trump meeting", "singapore joint statement",
		"dmz meeting", "denuclearisation talks"} {
		want := referenceScores(t, x, text)
		res := find(t, x, corpus.Query{Text: text, Limit: MaxLimit})
		for _, h := range res.Hits {
			// A lost lift costs a whole summitBoost; a passage tagged with
			// three events or more may differ in the last bit, since Bleve's
			// disjunction adds the events' scores in no fixed order.
			if w, ok := want[h.ID]; !ok || math.Abs(w-h.Score) > 1e-12*math.Abs(w) {
				t.Errorf("%q, %s: score %v, want %v", text, h.ID, h.Score, w)
			}
			compared++
		}
	}
	if compared < 50 {
		t.Errorf("only %d hits compared", compared)
	}
}

// TestEveryWordKeepsTheSummitLift lays out the case that lost the lift:
// passages with every word alternate with passages that have one, and every
// other one of the former is about a summit. (Bleve's boolean query loses a
// should match when it is advanced past one it already stands on.)
func TestEveryWordKeepsTheSummitLift(t *testing.T) {
	files := map[string]string{}
	for i := range 12 {
		text := "Diplomats discussed sanctions relief for the region at length during the long week."
		if i%2 == 1 {
			text = "At the Hanoi summit Kim Jong-un asked for sanctions relief in exchange for closing Yongbyon."
		}
		files[fmt.Sprintf("a%02d-full.txt", i)] = text
		files[fmt.Sprintf("a%02d-part.txt", i)] = "Sanctions were discussed once more by the committee that afternoon."
	}
	x := openMem(t, writeCorpus(t, files))
	res := find(t, x, corpus.Query{Text: "sanctions relief", Limit: MaxLimit})
	if res.Total != 12 {
		t.Fatalf("total %d, want the 12 passages with both words", res.Total)
	}
	want := referenceScores(t, x, "sanctions relief")
	for _, h := range res.Hits {
		if strings.Contains(h.Text, "Hanoi") && !slices.Contains(h.Events, "hanoi") {
			t.Errorf("%s is not tagged with the Hanoi summit: %v", h.Source, h.Events)
		}
		if h.Score != want[h.ID] {
			t.Errorf("%s: score %v, want %v; scores %v", h.Source, h.Score, want[h.ID], scores(res))
		}
	}
}

// A word the index keeps whole ("2.5", "won't") is one word of the query,
// not its pieces: passages with the pieces apart must not crowd it out.
func TestEveryWordKeepsIndexWordsWhole(t *testing.T) {
	files := map[string]string{
		"target-a.md": md("Crowd", "2019-03-01", "Organisers said 2.5 million people watched the parade."),
		"target-b.md": md("Talks", "2019-03-01", "Officials say Kim won't negotiate before the summer."),
	}
	for i := range 5 {
		files[fmt.Sprintf("decoy-a%d.md", i)] = md("Decoy", "2019-03-01", fmt.Sprintf("In 2 cities, 5 rallies drew a million people on day %d.", i))
		files[fmt.Sprintf("decoy-b%d.md", i)] = md("Decoy", "2019-03-01", fmt.Sprintf("Kim won the vote %d times; he will negotiate later.", i))
	}
	x := openMem(t, writeCorpus(t, files))
	for text, want := range map[string]string{"2.5 million": "target-a.md", "kim won't negotiate": "target-b.md"} {
		res := find(t, x, corpus.Query{Text: text, Limit: MaxLimit})
		if got := sources(res); len(got) == 0 || got[0] != want {
			t.Errorf("%q: want %s first, got %v", text, want, got)
		}
	}
}

func scores(res *corpus.Result) []float64 {
	var out []float64
	for _, h := range res.Hits {
		out = append(out, h.Score)
	}
	return out
}
