package corpus

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// EditDistance counts an adjacent transposition as one edit, counts runes
// rather than bytes, and stops early above max with max+1.
func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		max  int
		want int
	}{
		{"hanoy", "hanoi", 1, 1}, {"singapur", "singapore", 2, 2}, {"panmunjon", "panmunjom", 2, 1},
		{"vietnma", "vietnam", 1, 1}, {"abc", "xyz", 1, 2}, {"same", "same", 0, 0},
		{"kroea", "korea", 1, 1}, {"판문전", "판문점", 1, 1}, {"판문점", "판문", 1, 1}, {"a", "abcd", 1, 2},
	} {
		if got := EditDistance(tt.a, tt.b, tt.max); got != tt.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.want)
		}
	}
}

// A moderator's file with many mistakes gets every one of them at once,
// each naming the file, the event and the field (and the line, for what the
// YAML decoder finds).
func TestCatalogueErrorsNameFileEventAndField(t *testing.T) {
	file := `events:
  - id: busan
    name: {en: Busan summit, ko: 부산 정상회담}
    colour: "#123456"
    start: 2025-10-30
    status: maybe
    links:
      - {title: Wikipedia, url: "not a url"}
      - {url: "https://example.org/x"}
  - id: later
    name: Later
    start: 2025-13-45
    place: [a, list]
  - id: gyeongju
    name: {ko: 경주}
    status: held
    summary: {en: Said., xx-yy: oops}
    end: 2025-10-31
`
	_, err := CatalogueFor(fstest.MapFS{CatalogueFile: {Data: []byte(file)}}, &Catalogue{})
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "events.yaml: ") {
		t.Errorf("error does not name the file first:\n%s", msg)
	}
	for _, want := range []string{
		`event "busan": colour: line 4: "colour" is not a field here; did you mean color?`,
		`event "busan": status: "maybe" is neither held nor prospective`,
		`event "busan": links: link 1 (Wikipedia): "not a url" is not a web address`,
		`event "busan": links: link 2 has no title`,
		`event "later": start: line 12: "2025-13-45" is not a date such as 2019-02-27`,
		`event "later": place: line 13: cannot unmarshal !!seq into string`,
		`event "gyeongju": name: en: the English text is missing`,
		`event "gyeongju": start: a held event needs its start date`,
		`event "gyeongju": summary: "xx-yy" is not a locale such as en or ko`,
		`event "gyeongju": end: an end without a start`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not report %q:\n%s", want, msg)
		}
	}
	if n := strings.Count(msg, "\n") + 1; n != 10 {
		t.Errorf("%d problems reported, want 10:\n%s", n, msg)
	}
}

// Two events that share a name or alias are ambiguous for /summit: the
// merged catalogue says which.
func TestCatalogueSharedAlias(t *testing.T) {
	own := `events:
  - {id: vladivostok, name: Vladivostok summit, aliases: [russky island]}
  - {id: apec, name: APEC meeting, aliases: [Russky Island, hanoi]}
`
	base, err := ParseCatalogue([]byte("events:\n  - {id: hanoi, name: {en: Hanoi summit, ko: 하노이 정상회담}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = CatalogueFor(fstest.MapFS{CatalogueFile: {Data: []byte(own)}}, base)
	for _, want := range []string{
		`event "apec": "russky island" also names event "vladivostok"`,
		`event "apec": "hanoi" also names event "hanoi"`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not report %q", err, want)
		}
	}
	// Replacing an event by id is no clash.
	if _, err := CatalogueFor(fstest.MapFS{CatalogueFile: {Data: []byte("events:\n  - {id: hanoi, name: Hanoi summit, aliases: [vietnam]}\n")}}, base); err != nil {
		t.Errorf("replacing an event: %v", err)
	}
}

// Names are translations keyed by locale: a third language is data, and
// every name resolves.
func TestEventNamesByLocale(t *testing.T) {
	cat, err := ParseCatalogue([]byte(`events:
  - id: hanoi
    name: {en: Hanoi summit, ko: 하노이 정상회담, ja: ハノイ首脳会談}
    summary: {en: It ended early., ja: 早く終わった。}
`))
	if err != nil {
		t.Fatal(err)
	}
	e := cat.Events[0]
	for _, tt := range []struct{ locale, name, summary string }{
		{"en", "Hanoi summit", "It ended early."},
		{"ko", "하노이 정상회담", "It ended early."},
		{"ja", "ハノイ首脳会談", "早く終わった。"},
		{"de", "Hanoi summit", "It ended early."},
	} {
		if got := e.NameIn(tt.locale); got != tt.name {
			t.Errorf("NameIn(%s) = %q, want %q", tt.locale, got, tt.name)
		}
		if got := e.SummaryIn(tt.locale); got != tt.summary {
			t.Errorf("SummaryIn(%s) = %q, want %q", tt.locale, got, tt.summary)
		}
	}
	for _, typed := range []string{"hanoi", "Hanoi Summit", "하노이", "하노이 정상회담", "ハノイ首脳会談"} {
		if got, ok := cat.Resolve(typed); !ok || got.ID != "hanoi" {
			t.Errorf("Resolve(%q) = %v, %v", typed, got, ok)
		}
	}
	// An event built in Go may give its English name and summary alone.
	plain := &Event{ID: "hanoi", Name: "Hanoi summit", Summary: "It ended early."}
	for _, loc := range []string{"en", "ko"} {
		if got := plain.NameIn(loc); got != "Hanoi summit" {
			t.Errorf("Name only: NameIn(%s) = %q, want Name", loc, got)
		}
		if got := plain.SummaryIn(loc); got != "It ended early." {
			t.Errorf("Summary only: SummaryIn(%s) = %q, want Summary", loc, got)
		}
	}
}

func TestCatalogueLeaders(t *testing.T) {
	cat, err := ParseCatalogue([]byte(`
short_names: {Kim Jong-un: Kim}
events:
  - {id: a, name: A, start: 2018-06-12, participants: [Donald Trump, Kim Jong-un]}
  - {id: b, name: B, start: 2018-04-27, participants: [Moon Jae-in, Kim Jong-un]}
  - {id: c, name: C, start: 2019-04-25, participants: [Vladimir Putin, Kim Jong-un]}
  - {id: d, name: D, start: 2017-01-01, participants: [Kim Dae-jung, Vladimir Putin]}
  - {id: e, name: E, start: 2017-01-02, participants: [Kim Yo-jong, Vladimir Putin]}
`))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cat.Leaders(), []string{"Kim Jong-un", "Vladimir Putin", "Donald Trump", "Kim Dae-jung", "Kim Yo-jong", "Moon Jae-in"}; !slices.Equal(got, want) {
		t.Errorf("Leaders() = %q, want %q", got, want)
	}
	for typed, want := range map[string]string{
		"putin": "Vladimir Putin", "Vladimir PUTIN": "Vladimir Putin", "Kim": "Kim Jong-un", "kim jong un": "Kim Jong-un",
		"dae": "Kim Dae-jung", "jong": "", "nobody": "", "": "", // "jong": Kim Jong-un or Kim Yo-jong
		"jong-un": "Kim Jong-un", "vladi": "Vladimir Putin", "utin": "Vladimir Putin", "yo-j": "Kim Yo-jong",
	} {
		if got, _ := cat.Leader(typed); got != want {
			t.Errorf("Leader(%q) = %q, want %q", typed, got, want)
		}
	}
	// What autocomplete offers is what the lookup takes: the same groups.
	for typed, want := range map[string][]string{
		"":        cat.Leaders(),
		"kim":     {"Kim Jong-un", "Kim Dae-jung", "Kim Yo-jong"},
		"jong":    {"Kim Jong-un", "Kim Yo-jong"},
		"kim jon": {"Kim Jong-un"},
		"utin":    {"Vladimir Putin"},
	} {
		if got := cat.MatchLeaders(typed); !slices.Equal(got, want) {
			t.Errorf("MatchLeaders(%q) = %q, want %q", typed, got, want)
		}
		for _, l := range cat.MatchLeaders(typed) {
			if got, ok := cat.Leader(l); !ok || got != l {
				t.Errorf("Leader(%q), offered for %q, = %q, %v", l, typed, got, ok)
			}
		}
	}
	var ids []string
	for _, e := range cat.LedBy("Vladimir Putin") {
		ids = append(ids, e.ID)
	}
	if !slices.Equal(ids, []string{"d", "e", "c"}) {
		t.Errorf("LedBy(Putin) = %q, want d, e, c in date order", ids)
	}
}

// A standalone catalogue is the whole catalogue: a subject of its own gets
// none of the built-in events, sides or synonyms.
func TestStandaloneCatalogue(t *testing.T) {
	base, err := ParseCatalogue([]byte("synonyms: [[dmz, demilitarized zone]]\nevents:\n  - {id: hanoi, name: Hanoi summit}\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		file string
		want []string
	}{
		{"events:\n  - {id: glassboro, name: Glassboro}\n", []string{"hanoi", "glassboro"}},
		{"standalone: true\nevents:\n  - {id: glassboro, name: Glassboro}\n", []string{"glassboro"}},
	} {
		cat, err := CatalogueFor(fstest.MapFS{CatalogueFile: {Data: []byte(tt.file)}}, base)
		if err != nil {
			t.Fatal(err)
		}
		if got := cat.IDs(); !slices.Equal(got, tt.want) {
			t.Errorf("%q: events %q, want %q", tt.file, got, tt.want)
		}
		if cat.Standalone != (len(cat.Synonyms) == 0) {
			t.Errorf("%q: synonyms %q", tt.file, cat.Synonyms)
		}
	}
	// A standalone catalogue is checked as a whole like a merged one.
	clash := "standalone: true\nevents:\n  - {id: glassboro, name: Glassboro, aliases: [hollybush]}\n  - {id: hollybush, name: Hollybush}\n"
	for _, b := range []*Catalogue{base, nil} {
		if _, err := CatalogueFor(fstest.MapFS{CatalogueFile: {Data: []byte(clash)}}, b); err == nil || !strings.Contains(err.Error(), `event "hollybush": "hollybush" also names event "glassboro"`) {
			t.Errorf("standalone names shared, base %v: error %v", b != nil, err)
		}
	}
}

// An event's own tagging context must have words and something to apply
// to; a misspelt key gets the nearest one.
func TestTaggingContextValidation(t *testing.T) {
	_, err := ParseCatalogue([]byte(`events:
  - id: blank
    name: Blank context
    tagging:
      places: [glassboro]
      context: ["  ", "!!"]
  - id: idle
    name: Context for nothing
    tagging:
      phrases: [idle summit]
      context: [gerald ford]
  - id: typo
    name: Misspelt
    tagging:
      places: [vladivostok]
      contxt: [gerald ford]
`))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`event "blank": tagging: context: no phrase has letters`,
		`event "idle": tagging: context: the event has no places or dates for it to apply to`,
		`event "typo": tagging: line 16: "contxt" is not a field here; did you mean context?`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not report %q:\n%v", want, err)
		}
	}
	cat, err := ParseCatalogue([]byte(`events:
  - id: fine
    name: Fine
    tagging:
      dates: [november 1974]
      context: ["Gerald Ford", "", Brezhnev's]
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := cat.Events[0].Tagging.Context; len(got) != 2 || got[0] != "gerald ford" || got[1] != "brezhnev s" {
		t.Errorf("context = %q, want the phrases as lower-case words, the empty one dropped", got)
	}
}

// A file that is not YAML at all fails with the decoder's own message,
// which names the line.
func TestParseCatalogueNotYAML(t *testing.T) {
	for in, want := range map[string]string{
		"events: [oops\n": "catalogue: yaml: line 1: did not find expected ',' or ']'",
		"a: b\n  c: d\n":  "catalogue: yaml: line 2: mapping values are not allowed in this context",
	} {
		if _, err := ParseCatalogue([]byte(in)); err == nil || err.Error() != want {
			t.Errorf("ParseCatalogue(%q) error %v, want %q", in, err, want)
		}
	}
}

func TestNearest(t *testing.T) {
	keys := []string{"color", "context", "dates", "id", "Summary", "short_names", "하노이 정상회담", "정상회담"}
	for _, tt := range []struct {
		typed, want string
	}{
		{"colour", "color"},           // a letter added
		{"CONTXT", "context"},         // case ignored, a letter dropped
		{"summery", "Summary"},        // returned as given
		{"dtaes", "dates"},            // neighbours swapped: one edit
		{"shortnames", "short_names"}, // 10 runes: two edits allowed, one used
		{"sohrt_nmaes", "short_names"},
		{"ib", "id"},
		{"ab", ""}, // under 6 runes: two edits are too many
		{"colr", "color"},
		{"clr", ""},
		{"cnotxet", "context"}, // 6 runes and more: two edits
		{"하노이 정상회담", "하노이 정상회담"},
		{"정상", ""}, // 2 runes (6 bytes), two edits: runes are counted, not bytes
		{"", ""},
	} {
		got, ok := Nearest(tt.typed, keys)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Nearest(%q) = %q, %v, want %q", tt.typed, got, ok, tt.want)
		}
	}
	// The first of equally close candidates wins.
	if got, _ := Nearest("cat", []string{"bat", "hat", "cat!"}); got != "bat" {
		t.Errorf("Nearest(cat) = %q, want the first of the equally close, bat", got)
	}
}

// Suggest names the event nearest to a misspelt id, name or alias.
func TestCatalogueSuggest(t *testing.T) {
	cat, err := ParseCatalogue([]byte(`events:
  - {id: hanoi, name: {en: Hanoi summit, ko: 하노이 정상회담}, aliases: [vietnam]}
  - {id: dmz, name: DMZ meeting, aliases: [panmunjom]}
`))
	if err != nil {
		t.Fatal(err)
	}
	for typed, want := range map[string]string{"hanio": "hanoi", "vietman": "hanoi", "Panmunjeom": "dmz", "하노이 정상회": "hanoi", "atlantis": ""} {
		if got, _ := cat.Suggest(typed); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", typed, got, want)
		}
	}
}

func TestKoreanDays(t *testing.T) {
	day := func(s string) time.Time {
		t.Helper()
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, tt := range []struct{ start, end, want string }{
		{"2018-06-12", "2018-06-12", "2018년 6월 12일"},
		{"2019-02-27", "2019-02-28", "2019년 2월 27–28일"},
		{"2019-06-30", "2019-07-02", "2019년 6월 30일 – 7월 2일"},
		{"2026-12-30", "2027-01-02", "2026년 12월 30일 – 2027년 1월 2일"},
		{"2019-06-30", "2019-06-01", "2019년 6월 30일"}, // an end before the start: the start's day
	} {
		if got := KoreanDays(day(tt.start), day(tt.end)); got != tt.want {
			t.Errorf("KoreanDays(%s, %s) = %q, want %q", tt.start, tt.end, got, tt.want)
		}
	}
	if got := KoreanDays(day("2018-06-12"), time.Time{}); got != "2018년 6월 12일" {
		t.Errorf("KoreanDays without an end = %q", got)
	}
	if got := KoreanDay(day("2019-02-27")); got != "2019년 2월 27일" {
		t.Errorf("KoreanDay = %q", got)
	}
}
