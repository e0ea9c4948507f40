package corpus

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// tagCase is a passage, whether its article gives context, and the events
// Tag should find in it.
type tagCase struct {
	name       string
	text       string
	articleCtx bool
	want       []string
}

// checkTags runs each case as a subtest of its name.
func checkTags(t *testing.T, tagger *tagger, tests []tagCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tagger.tag(tt.text, tt.articleCtx); !slices.Equal(got, tt.want) {
				t.Errorf("Tag(%q, %v) = %q, want %q", tt.text, tt.articleCtx, got, tt.want)
			}
		})
	}
}

func TestTaggerDefaultCatalogue(t *testing.T) {
	tagger := newTagger(mustCatalogue(t))
	tests := []tagCase{
		{"hanoi summit phrase", "Analysts still argue about what went wrong at the Hanoi summit.", false, []string{"hanoi"}},
		{"hanoi hotel review", "Our hotel in Hanoi had a lovely pool and the staff at the front desk were helpful. Breakfast was served on the roof.", false, nil},
		{"hanoi hotel review, unrelated article about meetings", "The hotel in Hanoi had good rooms for business meetings.", false, nil},
		{"hanoi with kim jong-un", "Kim Jong-un travelled to Hanoi by train, a journey of more than two days.", false, []string{"hanoi"}},
		{"hanoi with north korea", "North Korea's delegation stayed at a hotel in Hanoi.", false, []string{"hanoi"}},
		{"demarcation line", "Trump stepped across the military demarcation line at Panmunjom and shook Kim's hand.", false, []string{"dmz"}},
		// Panmunjom saw three meetings: alone it names none of them.
		{"panmunjom alone names no one meeting", "Reporters waited at Panmunjom all afternoon.", false, nil},
		{"panmunjom with kim jong-un is not enough", "Kim Jong-un met his guest at Panmunjom.", false, nil},
		{"singapore summit in june 2018", "Expectations were high before the Singapore summit in June 2018.", false, []string{"singapore"}},
		{"singapore economy", "Singapore's economy grew faster than expected in the second quarter as exports of electronics rose.", false, nil},
		{"singapore economy in june 2018", "Singapore's port handled record traffic in June 2018.", false, nil},
		{"singapore with kim jong-un", "Kim Jong-un flew to Singapore on an Air China jet.", false, []string{"singapore"}},
		{"another summit with kim", "Trump said he would be happy to hold another summit with Kim.", false, []string{"fourth"}},
		{"kim jong-un and another summit", "Kim Jong-un said another summit could happen if Washington changed course.", false, []string{"fourth"}},
		{"plain 'kim' is no context", "Kim said another summit could happen.", false, nil},
		{"we'll meet again song", "Vera Lynn's wartime song We'll Meet Again topped the charts again after the singer's death, and fans sang 'we'll meet again' outside her home.", false, nil},
		{"meet again with context", "Trump said he and Kim Jong-un would meet again.", false, []string{"fourth"}},
		{"place needs context, article gives it", "The summit in Hanoi ended early.", true, []string{"hanoi"}},
		{"article context needs a meeting word", "The hotel in Hanoi is on a quiet street.", true, nil},
		{"no event at all", "North Korea launched two short-range missiles on Thursday.", false, nil},
		{"two events", "After the Singapore summit came the collapse in Hanoi, then Panmunjom.", false, []string{"singapore", "hanoi", "dmz"}},
		{"punctuation and case ignored", "THE HANOI-SUMMIT!!!", false, []string{"hanoi"}},

		// Panmunjom in 2018 (Moon and Kim) and in 2019 (Trump and Kim).
		{"april 2018 crossing", "On April 27, 2018, Kim Jong-un stepped over the Military Demarcation Line at Panmunjom to meet Moon Jae-in.", false, []string{"panmunjom-april"}},
		{"april 2018 with trump ahead", "On 27 April Kim crossed the demarcation line at Panmunjom to meet Moon, weeks before his planned summit with Trump.", false, []string{"panmunjom-april"}},
		{"may 2018 after the letter", "After Trump called off the Singapore summit, Moon and Kim met at Panmunjom on 26 May.", false, []string{"singapore", "panmunjom-may"}},
		{"may 2018 trump and kim", "Moon met Kim at Tongilgak on the northern side of Panmunjom to save the planned meeting of Trump and Kim.", false, []string{"panmunjom-may"}},
		{"2019 with moon beside", "Trump stepped across the demarcation line at Panmunjom on 30 June 2019, and Moon Jae-in joined the two leaders outside Freedom House.", false, []string{"dmz"}},
		{"2019 first sitting president", "At Panmunjom Trump became the first sitting US president to set foot in North Korea.", false, []string{"dmz"}},
		{"panmunjom declaration reaffirmed", "North Korea, reaffirming the Panmunjom Declaration, committed to work toward complete denuclearization.", false, nil},
		{"three panmunjom meetings", "Moon met Kim at Panmunjom on 27 April and again on 26 May, and in Pyongyang in September 2018.", false, []string{"panmunjom-april", "panmunjom-may", "pyongyang-2018"}},

		// Pyongyang, Beijing and Vladivostok are no tag on their own.
		{"pyongyang is no summit", "Pompeo flew to Pyongyang in July 2018 for talks with Kim Yong-chol.", false, nil},
		{"moon in pyongyang", "Moon Jae-in addressed 150,000 people at the May Day Stadium in Pyongyang.", false, []string{"pyongyang-2018"}},
		{"may day stadium with xi", "Kim met Xi at the airport, and in the evening they watched the mass games at the May Day Stadium.", false, []string{"xi-pyongyang"}},
		{"xi's visit to pyongyang", "Xi's visit to Pyongyang was the first by a Chinese leader in 14 years.", false, []string{"xi-pyongyang"}},
		{"kim and xi in beijing, by date", "Kim met Xi in Beijing on 8 January 2019.", false, []string{"beijing-2019"}},
		{"kim and xi in beijing, june 2018", "Kim flew to Beijing on 19 June 2018, a week after Singapore, and Xi welcomed Kim at the Great Hall.", false, []string{"beijing-june-2018"}},
		{"beijing without kim and xi", "Trump and Xi Jinping met in Beijing in March 2018 to talk about trade.", false, nil},
		{"trump and xi in june 2019", "Trump met Xi Jinping at the G20 in Osaka on 29 June 2019 to talk about trade.", false, nil},
		{"xi with north korea, no date", "Xi Jinping said China backed North Korea.", false, nil},
		{"dalian with kim and xi", "Kim met Xi in Dalian, where the two walked along the seafront.", false, []string{"dalian"}},
		{"vladivostok alone", "Kim Jong-un visited a naval base in Vladivostok.", false, nil},
		{"vladivostok summit", "At the Vladivostok summit Kim asked Putin to pass his position on to Washington.", false, []string{"vladivostok"}},
		{"kim and putin in april 2019", "Kim and Putin met on 25 April 2019 on Russky Island.", false, []string{"vladivostok"}},
		{"vostochny", "Putin greeted Kim at the Vostochny Cosmodrome and showed him the launch pads.", false, []string{"vostochny"}},
		{"putin in pyongyang", "Putin's visit to Pyongyang on 19 June 2024 ended with a treaty.", false, []string{"putin-pyongyang"}},
		{"putin's 2000 visit", "Putin visited Pyongyang in July 2000 and met Kim Jong-il.", false, nil},
		{"phrase across words only", "The hanoisummit hashtag trended.", false, nil},
		{"empty", "", true, nil},
	}
	checkTags(t, tagger, tests)
}

// TestTaggerContextRulesOnce: a context phrase many events share is one
// rule listing them, and one that is also the catalogue's says so.
func TestTaggerContextRulesOnce(t *testing.T) {
	cat := mustCatalogue(t)
	tagger := newTagger(cat)
	phrases := map[string]bool{}
	for _, e := range cat.Events {
		for _, p := range e.Tagging.Context {
			phrases[p] = true
		}
	}
	for _, p := range cat.Context {
		phrases[p] = true
	}
	var kimXi []string
	n := 0
	for _, rs := range tagger.rules {
		for _, r := range rs {
			if r.kind != contextRule {
				continue
			}
			n++
			if strings.Join(r.words, " ") == "kim met xi" {
				for _, e := range r.events {
					kimXi = append(kimXi, tagger.ids[e])
				}
			}
		}
	}
	if n != len(phrases) {
		t.Errorf("%d context rules, want one for each of the %d distinct phrases", n, len(phrases))
	}
	if want := []string{"beijing-march-2018", "dalian", "beijing-june-2018", "beijing-2019", "xi-pyongyang", "beijing-2025"}; !slices.Equal(kimXi, want) {
		t.Errorf("kim met xi vouches for %q, want %q", kimXi, want)
	}

	both, err := ParseCatalogue([]byte(`
context: [soviet union, gerald ford]
events:
  - {id: glassboro, name: Glassboro, tagging: {places: [glassboro]}}
  - {id: vladivostok, name: Vladivostok, tagging: {places: [vladivostok], context: [gerald ford, Gerald Ford]}}
`))
	if err != nil {
		t.Fatal(err)
	}
	checkTags(t, newTagger(both), []tagCase{
		{"shared phrase for the event that lists it", "Gerald Ford reached Vladivostok.", false, []string{"vladivostok"}},
		{"shared phrase as the catalogue's", "Gerald Ford never saw Glassboro.", false, []string{"glassboro"}},
		{"the catalogue's only for the events without their own", "The Soviet Union's fleet sails from Vladivostok.", false, nil},
	})
	if !newTagger(both).hasContext("Gerald Ford spoke.") {
		t.Error("hasContext: a phrase that is the catalogue's and an event's is the catalogue's context")
	}
}

func TestTaggerHasContext(t *testing.T) {
	tagger := newTagger(mustCatalogue(t))
	for text, want := range map[string]bool{
		"Kim Jong-un's letters":        true,
		"KIM JONG UN":                  true,
		"Talks on denuclearization":    true,
		"The DPRK said":                true,
		"North Korean envoys":          true,
		"Kim said":                     false,
		"Korea's weather":              false,
		"A hotel in Hanoi":             false,
		"north   korea":                true,
		"Northkorea written as a word": false,
	} {
		if got := tagger.hasContext(text); got != want {
			t.Errorf("HasContext(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestTaggerCustomCatalogue(t *testing.T) {
	cat, err := ParseCatalogue([]byte(`
context: ["Russia"]
events:
  - id: vlad
    name: Vladivostok summit
    tagging:
      phrases: ["Vladivostok summit"]
      places: [Vladivostok, "Russky Island"]
      dates: ["April 25, 2019"]
`))
	if err != nil {
		t.Fatal(err)
	}
	tagger := newTagger(cat)
	tests := []struct {
		text string
		want []string
	}{
		{"The Vladivostok summit was short.", []string{"vlad"}},
		{"A ferry to Russky Island.", nil},
		{"Russia hosted guests on Russky Island.", []string{"vlad"}},
		{"Russia: talks on april 25 2019.", []string{"vlad"}},
		{"The Hanoi summit.", nil}, // not in this catalogue
	}
	for _, tt := range tests {
		if got := tagger.tag(tt.text, false); !slices.Equal(got, tt.want) {
			t.Errorf("Tag(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestTaggerEventContext: an event's own context replaces the catalogue's
// for its places and dates; a context phrase counts only apart from the
// place or date it would vouch for; events without one keep the catalogue's.
func TestTaggerEventContext(t *testing.T) {
	cat, err := ParseCatalogue([]byte(`
context: ["Soviet Union"]
events:
  - id: glassboro
    name: Glassboro Summit Conference
    tagging:
      phrases: [glassboro summit]
      places: [glassboro, hollybush]
      dates: [june 23 1967]
  - id: vladivostok
    name: Vladivostok Summit
    tagging:
      phrases: [vladivostok summit]
      places: [vladivostok]
      dates: [november 1974]
      context: [Ford and Brezhnev, "Gerald Ford", november 1974]
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := cat.Events[1].Tagging.Context; !slices.Equal(got, []string{"ford and brezhnev", "gerald ford", "november 1974"}) {
		t.Errorf("context = %q, want it lower-cased as words", got)
	}
	tagger := newTagger(cat)
	tests := []tagCase{
		{"catalogue context for an event without its own", "The Soviet Union sent Kosygin to Glassboro.", false, []string{"glassboro"}},
		{"own context", "Ford and Brezhnev met near Vladivostok.", false, []string{"vladivostok"}},
		{"catalogue context does not do for an event with its own", "The Soviet Union's Pacific fleet is based in Vladivostok.", false, nil},
		{"article context does not do either", "The summit in Vladivostok was cold.", true, nil},
		{"article context still does for the others", "The summit in Glassboro was hot.", true, []string{"glassboro"}},
		{"a date is no context for itself", "Prices rose in November 1974.", false, nil},
		{"nor for the same date again", "Prices rose in November 1974, and in November 1974 wages fell.", false, nil},
		{"but counts beside a place", "Vladivostok in November 1974 was cold.", false, []string{"vladivostok"}},
		{"gerald ford with a date", "Gerald Ford flew east in November 1974.", false, []string{"vladivostok"}},
		{"phrases need no context", "The Vladivostok summit set limits on missiles.", false, []string{"vladivostok"}},
		{"one passage, both", "The Soviet Union remembered Glassboro when Gerald Ford reached Vladivostok.", false, []string{"glassboro", "vladivostok"}},
	}
	checkTags(t, tagger, tests)
}

// TestDeclaredEvents loads articles whose front matter declares events:
// every passage of such an article carries them, on top of what the text
// itself mentions.
func TestDeclaredEvents(t *testing.T) {
	p1 := paragraph(200, 60)
	p2 := "Later that day the delegations recalled the DMZ meeting for an hour. " + paragraph(150, 60)
	dir := writeTree(t, map[string]string{
		"declared.md":   "---\ntitle: Notes\nevents: [Hanoi, vietnam, nosuchevent]\n---\n" + p1 + "\n\n" + p2 + "\n",
		"undeclared.md": "---\ntitle: Notes\n---\n" + p1 + "\n\n" + p2 + "\n",
	})
	c := mustLoad(t, os.DirFS(dir), LoadOptions{})
	got := map[string][]string{}
	for _, p := range c.Passages {
		got[p.ID] = p.Events
	}
	want := map[string][]string{
		"declared.md#0":   {"hanoi"},
		"declared.md#1":   {"dmz", "hanoi"},
		"undeclared.md#0": nil,
		"undeclared.md#1": {"dmz"},
	}
	if len(got) != len(want) {
		t.Fatalf("passages %v, want %v", got, want)
	}
	for id, ev := range want {
		if !slices.Equal(got[id], ev) {
			t.Errorf("%s events %q, want %q", id, got[id], ev)
		}
	}
}

// TestArticleTitleGivesContext: a title about North Korea lets a place
// name next to a meeting word count in the passages.
func TestArticleTitleGivesContext(t *testing.T) {
	text := "The summit in Hanoi ended early, and the lunch was cancelled. " + paragraph(150, 60)
	dir := writeTree(t, map[string]string{
		"ctx.md":   "---\ntitle: Kim Jong-un's long train ride\n---\n" + text + "\n",
		"noctx.md": "---\ntitle: Travel notes\n---\n" + text + "\n",
	})
	c := mustLoad(t, os.DirFS(dir), LoadOptions{})
	for _, p := range c.Passages {
		want := []string(nil)
		if p.Source == "ctx.md" {
			want = []string{"hanoi"}
		}
		if !slices.Equal(p.Events, want) {
			t.Errorf("%s: events %q, want %q", p.ID, p.Events, want)
		}
	}
}

func TestCatalogueResolve(t *testing.T) {
	cat := mustCatalogue(t)
	tests := []struct {
		in, want string
	}{
		{"panmunjom", "dmz"},
		{"vietnam", "hanoi"},
		{"sentosa", "singapore"},
		{"next", "fourth"},
		{"Hanoi Summit", "hanoi"},
		{"The DMZ", "dmz"},
		{"  HANOI  ", "hanoi"},
		{"hanoi", "hanoi"},
		{"singapore", "singapore"},
		{"the Singapore meeting", "singapore"},
		{"Hanoi talks", "hanoi"},
		{"DMZ meeting at Panmunjom", "dmz"},
		{"fourth", "fourth"},
		{"another summit", "fourth"},
		{"2018", "singapore"},
		{"Joint-Security-Area", "dmz"},
		{"하노이", "hanoi"},
		{"하노이 정상회담", "hanoi"},
		{"판문점 회동", "dmz"},
		{"싱가포르", "singapore"},
		{"panmunjom-april", "panmunjom-april"},
		{"Panmunjom April", "panmunjom-april"},
		{"April 2018 inter-Korean summit", "panmunjom-april"},
		{"4·27 남북정상회담", "panmunjom-april"},
		{"May summit", "panmunjom-may"},
		{"tongilgak", "panmunjom-may"},
		{"pyongyang-2018", "pyongyang-2018"},
		{"Pyongyang Joint Declaration", "pyongyang-2018"},
		{"beijing_march_2018", "beijing-march-2018"},
		{"dalian", "dalian"},
		{"Beijing 2019", "beijing-2019"},
		{"Xi's visit", "xi-pyongyang"},
		{"5차 북중 정상회담", "xi-pyongyang"},
		{"Vladivostok", "vladivostok"},
		{"the Vladivostok summit", "vladivostok"},
		{"vostochny", "vostochny"},
		{"Putin state visit to Pyongyang", "putin-pyongyang"},
	}
	for _, tt := range tests {
		e, ok := cat.Resolve(tt.in)
		if !ok || e.ID != tt.want {
			var got string
			if e != nil {
				got = e.ID
			}
			t.Errorf("Resolve(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	for _, bad := range []string{"", "   ", "the", "moscow", "summit", "hanoi hotel", "!!!", "정상회담", "하노이 호텔", "pyongyang", "beijing", "panmunjom april 2019"} {
		if e, ok := cat.Resolve(bad); ok {
			t.Errorf("Resolve(%q) = %q, want no event", bad, e.ID)
		}
	}
}

func TestCatalogueEventAndIDs(t *testing.T) {
	cat := mustCatalogue(t)
	// The Trump–Kim meetings come first, then the summits around them.
	if got, want := cat.IDs(), []string{"singapore", "hanoi", "dmz", "fourth",
		"panmunjom-april", "panmunjom-may", "pyongyang-2018",
		"beijing-march-2018", "dalian", "beijing-june-2018", "beijing-2019", "xi-pyongyang", "beijing-2025",
		"vladivostok", "vostochny", "putin-pyongyang", "putin-beijing-2025"}; !slices.Equal(got, want) {
		t.Errorf("IDs() = %q, want %q", got, want)
	}
	if e, ok := cat.Event("dmz"); !ok || e.ID != "dmz" {
		t.Errorf("Event(dmz) = %v, %v", e, ok)
	}
	if _, ok := cat.Event("DMZ"); ok {
		t.Error("Event is documented to take an id, not a name")
	}
	var chron []string
	for _, e := range cat.Chronological() {
		chron = append(chron, e.ID)
	}
	if want := []string{"beijing-march-2018", "panmunjom-april", "dalian", "panmunjom-may", "singapore",
		"beijing-june-2018", "pyongyang-2018", "beijing-2019", "hanoi", "vladivostok", "xi-pyongyang", "dmz",
		"vostochny", "putin-pyongyang", "putin-beijing-2025", "beijing-2025", "fourth"}; !slices.Equal(chron, want) {
		t.Errorf("Chronological() = %q, want %q", chron, want)
	}
}

func TestEventDates(t *testing.T) {
	cat, err := ParseCatalogue([]byte(`
events:
  - {id: one, name: One day, start: 2018-06-12, end: 2018-06-12}
  - {id: nostop, name: No end, start: 2018-06-12}
  - {id: two, name: Two days, start: 2019-02-27, end: 2019-02-28}
  - {id: months, name: Across months, start: 2019-06-30, end: "July 1, 2019"}
  - {id: years, name: Across years, start: 2019-12-31, end: 2020-01-01}
  - {id: later, name: Not yet}
`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"one":    "12 June 2018",
		"nostop": "12 June 2018",
		"two":    "27–28 February 2019",
		"months": "30 June 2019 – 1 July 2019",
		"years":  "31 December 2019 – 1 January 2020",
		"later":  "not yet held",
	}
	for id, w := range want {
		e, _ := cat.Event(id)
		if got := e.Dates(); got != w {
			t.Errorf("%s: Dates() = %q, want %q", id, got, w)
		}
	}
	if e, _ := cat.Event("later"); e.Status != "prospective" {
		t.Errorf("event without start: status %q, want prospective", e.Status)
	}
	if e, _ := cat.Event("one"); e.Status != "held" {
		t.Errorf("event with start: status %q, want held", e.Status)
	}
	e, _ := cat.Event("two")
	b, err := e.Start.MarshalJSON()
	if err != nil || string(b) != `"2019-02-27"` {
		t.Errorf("MarshalJSON = %s, %v", b, err)
	}
}

func TestParseCatalogueValidation(t *testing.T) {
	data := `
events:
  - id: Good-One
    name: Fine
  - id: "bad id!"
    name: Bad id
  - id: good-one
    name: Duplicate, differing only by case
  - id: nameless
  - id: backwards
    name: Ends before it starts
    start: 2019-02-28
    end: 2019-02-27
  - id: ""
    name: Empty id
  - id: wordy
    name: A span in words
    span: fifty minutes
  - id: still
    name: A span of nothing
    span: 0s
`
	_, err := ParseCatalogue([]byte(data))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`event 2: id: "bad id!"`,
		`event "good-one": id: listed twice`,
		`event "nameless": name: missing`,
		`event "backwards": end: 2019-02-27 is before the start, 2019-02-28`,
		`event 6: id: ""`,
		`event "wordy": span: "fifty minutes" is not a length`,
		`event "still": span: "0s" is not a length`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not report %q:\n%v", want, err)
		}
	}

	for name, bad := range map[string]string{
		"unknown field":   "events:\n  - id: x\n    name: X\n    colour: somewhere\n",
		"bad date":        "events:\n  - id: x\n    name: X\n    start: someday\n",
		"not yaml":        "events: [unclosed\n",
		"events not list": "events: 3\n",
	} {
		if _, err := ParseCatalogue([]byte(bad)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestParseCatalogueNormalises(t *testing.T) {
	cat, err := ParseCatalogue([]byte(`
context: ["Kim Jong-un", "  ", "N.K."]
events:
  - id: "  MiXeD  "
    name: Mixed
    aliases: [Big One]
    tagging:
      phrases: ["Big-Summit!", ""]
      places: [Sentosa Island]
`))
	if err != nil {
		t.Fatal(err)
	}
	e := cat.Events[0]
	if e.ID != "mixed" {
		t.Errorf("ID = %q, want mixed", e.ID)
	}
	if !slices.Equal(cat.Context, []string{"kim jong un", "n k"}) {
		t.Errorf("Context = %q", cat.Context)
	}
	if !slices.Equal(e.Tagging.Phrases, []string{"big summit"}) || !slices.Equal(e.Tagging.Places, []string{"sentosa island"}) {
		t.Errorf("Tagging = %+v", e.Tagging)
	}
	if !slices.Equal(e.Aliases, []string{"big one"}) {
		t.Errorf("Aliases = %q", e.Aliases)
	}
	if got, ok := cat.Resolve("the big one"); !ok || got.ID != "mixed" {
		t.Errorf("Resolve(the big one) = %v, %v", got, ok)
	}
}

func TestParseCatalogueEmpty(t *testing.T) {
	for _, data := range []string{"", "# only a comment\n", "\n\n", "events: []\n"} {
		cat, err := ParseCatalogue([]byte(data))
		if err != nil {
			t.Errorf("ParseCatalogue(%q): %v", data, err)
			continue
		}
		if len(cat.Events) != 0 {
			t.Errorf("ParseCatalogue(%q): events %v", data, cat.IDs())
		}
	}
}

func TestCatalogueMerge(t *testing.T) {
	base := mustCatalogue(t)
	own, err := ParseCatalogue([]byte(`
context: ["kim jong", "supreme leader"]
events:
  - id: hanoi
    name: Hanoi summit (local notes)
    start: 2019-02-27
    end: 2019-02-28
    tagging:
      phrases: [metropole talks]
  - id: ulanude
    name: Ulan-Ude summit
    start: 2011-08-24
    tagging:
      phrases: [ulan-ude summit]
`))
	if err != nil {
		t.Fatal(err)
	}
	m := base.merge(own)
	if got, want := m.IDs(), append(base.IDs(), "ulanude"); !slices.Equal(got, want) {
		t.Errorf("merged IDs %q, want %q", got, want)
	}
	if i := slices.Index(m.IDs(), "hanoi"); i != 1 {
		t.Errorf("replaced hanoi at %d, want it kept in its place (1)", i)
	}
	if e, _ := m.Event("hanoi"); e.Name != "Hanoi summit (local notes)" {
		t.Errorf("hanoi not replaced: %q", e.Name)
	}
	if n := strings.Count(strings.Join(m.Context, "|"), "kim jong"); n != 1 {
		t.Errorf("context phrase kim jong listed %d times", n)
	}
	if !slices.Contains(m.Context, "supreme leader") {
		t.Error("own context phrase not added")
	}
	// Merge does not change its inputs.
	if e, _ := base.Event("hanoi"); e.Name != "Hanoi summit" {
		t.Errorf("base changed: %q", e.Name)
	}
	if def, _ := DefaultCatalogue(); len(base.Events) != len(def.Events) || slices.Contains(base.Context, "supreme leader") {
		t.Error("base catalogue modified by Merge")
	}
	if got := base.merge(nil).IDs(); !slices.Equal(got, base.IDs()) {
		t.Errorf("Merge(nil) = %q", got)
	}
	if got := base.merge(&Catalogue{}).IDs(); !slices.Equal(got, base.IDs()) {
		t.Errorf("Merge(empty) = %q", got)
	}
}

// TestCorpusCatalogueExtension: a corpus folder with its own events.yaml
// adds an event and overrides a default one; its articles are tagged with
// the merged catalogue.
func TestCorpusCatalogueExtension(t *testing.T) {
	dir := writeTree(t, map[string]string{
		CatalogueFile: `
context: ["russian"]
events:
  - id: ulanude
    name: Ulan-Ude summit
    start: 2011-08-24
    place: near Ulan-Ude, Buryatia
    aliases: [ulan-ude]
    tagging:
      phrases: [ulan-ude summit]
      places: [buryatia]
  - id: dmz
    name: Border meeting
    start: 2019-06-30
    tagging:
      phrases: [freedom house talks]
`,
		"ulanude.md": "---\ntitle: Notes\n---\nThe Ulan-Ude summit lasted a day. Russian officials showed the guests around Buryatia before lunch.\n",
		"dmz.md":     "---\ntitle: Notes\n---\nThe freedom house talks lasted almost an hour. Reporters waited outside in the heat.\n",
		"pan.md":     "---\ntitle: Notes\n---\nTrump crossed the military demarcation line at Panmunjom. Reporters waited outside.\n",
	})
	c := mustLoad(t, os.DirFS(dir), LoadOptions{})
	if len(c.Skipped) != 0 {
		t.Errorf("skipped %v", c.Skipped)
	}
	def := mustCatalogue(t)
	if got, want := c.Catalogue.IDs(), append(def.IDs(), "ulanude"); !slices.Equal(got, want) {
		t.Errorf("IDs %q, want %q", got, want)
	}
	if e, _ := c.Catalogue.Event("dmz"); e.Name != "Border meeting" {
		t.Errorf("dmz not overridden: %q", e.Name)
	}
	if e, ok := c.Catalogue.Resolve("ulan-ude"); !ok || e.ID != "ulanude" {
		t.Error("new event does not resolve by alias")
	}
	want := map[string][]string{"ulanude.md": {"ulanude"}, "dmz.md": {"dmz"}, "pan.md": nil}
	for _, p := range c.Passages {
		if w := want[p.Source]; !slices.Equal(p.Events, w) {
			t.Errorf("%s: events %q, want %q", p.ID, p.Events, w)
		}
	}

	// A custom base replaces the embedded default.
	base, err := ParseCatalogue([]byte("events:\n  - {id: solo, name: Solo}\n"))
	if err != nil {
		t.Fatal(err)
	}
	c = mustLoad(t, os.DirFS(dir), LoadOptions{Base: base})
	if got, want := c.Catalogue.IDs(), []string{"solo", "ulanude", "dmz"}; !slices.Equal(got, want) {
		t.Errorf("with Base: IDs %q, want %q", got, want)
	}
}

// TestLoadResolvedCatalogue: a catalogue the caller resolved is used as it
// is; the folder's own file is not read again.
func TestLoadResolvedCatalogue(t *testing.T) {
	dir := writeTree(t, map[string]string{
		CatalogueFile: "events: [oops\n", // not read
		"a.md":        "---\ntitle: Notes\n---\nThe Glassboro summit opened on a hot day. Reporters waited outside.\n",
	})
	if _, err := Load(t.Context(), os.DirFS(dir), LoadOptions{}); err == nil {
		t.Fatal("Load without a catalogue: no error for the folder's bad catalogue")
	}
	cat, err := ParseCatalogue([]byte("events:\n  - {id: glassboro, name: Glassboro, tagging: {phrases: [glassboro summit]}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	c := mustLoad(t, os.DirFS(dir), LoadOptions{Catalogue: cat, Base: &Catalogue{}})
	if c.Catalogue != cat {
		t.Errorf("corpus catalogue %v, want the one given", c.Catalogue.IDs())
	}
	if len(c.Passages) != 1 || !slices.Equal(c.Passages[0].Events, []string{"glassboro"}) {
		t.Errorf("passages %+v, want one tagged glassboro", c.Passages)
	}
}

func TestCorpusCatalogueErrors(t *testing.T) {
	tests := map[string]string{
		"invalid yaml":   "events: [oops\n",
		"invalid events": "events:\n  - id: BAD ID\n  - id: x\n",
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{CatalogueFile: data, "a.md": "Fine text here.\n"})
			_, err := Load(t.Context(), os.DirFS(dir), LoadOptions{})
			if err == nil || !strings.Contains(err.Error(), CatalogueFile) {
				t.Errorf("Load error %v, want one naming %s", err, CatalogueFile)
			}
			if _, err := CatalogueFor(os.DirFS(dir), nil); err == nil {
				t.Error("CatalogueFor: no error")
			}
		})
	}
	t.Run("empty catalogue file", func(t *testing.T) {
		dir := writeTree(t, map[string]string{CatalogueFile: "# nothing here yet\n", "a.md": "Fine text here.\n"})
		c := mustLoad(t, os.DirFS(dir), LoadOptions{})
		if def := mustCatalogue(t); !slices.Equal(c.Catalogue.IDs(), def.IDs()) {
			t.Errorf("events %q, want the defaults %q", c.Catalogue.IDs(), def.IDs())
		}
	})
}

func TestParseCatalogueTerms(t *testing.T) {
	cat, err := ParseCatalogue([]byte(`
terms:
  - {en: Yongbyon, ko: 영변}
  - en: [go-between, mediator]
    ko: [" 중재자 ", 중재역]
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []Term{
		{"en": {"Yongbyon"}, "ko": {"영변"}},
		{"en": {"go-between", "mediator"}, "ko": {"중재자", "중재역"}},
	}
	if !reflect.DeepEqual(cat.Terms, want) {
		t.Errorf("terms = %v, want %v", cat.Terms, want)
	}

	_, err = ParseCatalogue([]byte(`
terms:
  - {ko: 영변}
  - {en: Stockholm}
  - {en: Bolton, Korean: 볼턴}
  - {en: memoir, ko: ["회고록", "  "]}
`))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`term 1: en: the English form is missing`,
		`term 2 (Stockholm): no other language`,
		`term 3 (Bolton): "Korean" is not a locale`,
		`term 4 (memoir): ko: form 2 is empty`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not report %q:\n%v", want, err)
		}
	}
}

func TestMergeJoinsTerms(t *testing.T) {
	base := &Catalogue{Terms: []Term{{"en": {"Yongbyon"}, "ko": {"영변"}}}}
	own := &Catalogue{Terms: []Term{{"en": {"Sohae"}, "ko": {"서해"}}}}
	got := base.merge(own)
	if len(got.Terms) != 2 || got.Terms[1]["en"][0] != "Sohae" {
		t.Errorf("merged terms = %v, want both catalogues' terms", got.Terms)
	}
	if len(base.Terms) != 1 {
		t.Errorf("merge changed the base catalogue: %v", base.Terms)
	}
	// A term already there is not added again; one with other forms is.
	again := &Catalogue{Terms: []Term{{"ko": {"영변"}, "en": {"Yongbyon"}}, {"en": {"Yongbyon"}, "ko": {"영변", "녕변"}}}}
	if got := base.merge(again).Terms; len(got) != 2 || len(got[1]["ko"]) != 2 {
		t.Errorf("merged terms = %v, want the base's and the one with other forms", got)
	}
}

func TestParseCatalogueSynonyms(t *testing.T) {
	cat, err := ParseCatalogue([]byte(`
synonyms:
  - [DMZ, " demilitarized zone ", kim jong-un]
`))
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]string{{"dmz", "demilitarized zone", "kim jong-un"}}; !reflect.DeepEqual(cat.Synonyms, want) {
		t.Errorf("synonyms = %q, want %q", cat.Synonyms, want)
	}

	_, err = ParseCatalogue([]byte(`
synonyms:
  - [dmz]
  - [summit, "  ", meeting]
  - [talks, Talks]
`))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`synonyms: group 1 (dmz): a group needs two words or phrases at least`,
		`synonyms: group 2 (summit): member 2 is empty`,
		`synonyms: group 3 (talks): "Talks" is listed twice`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not report %q:\n%v", want, err)
		}
	}
}

func TestMergeJoinsSynonyms(t *testing.T) {
	base := &Catalogue{Synonyms: [][]string{{"dmz", "demilitarized zone"}}}
	own := &Catalogue{Synonyms: [][]string{{"summit", "meeting"}}}
	got := base.merge(own)
	if want := [][]string{{"dmz", "demilitarized zone"}, {"summit", "meeting"}}; !reflect.DeepEqual(got.Synonyms, want) {
		t.Errorf("merged synonyms = %q, want %q", got.Synonyms, want)
	}
	if len(base.Synonyms) != 1 {
		t.Errorf("merge changed the base catalogue: %q", base.Synonyms)
	}
	// A group already there, in any order, is not added again; a group
	// sharing only some members is.
	again := &Catalogue{Synonyms: [][]string{{"demilitarized zone", "dmz"}, {"dmz", "demilitarized zone", "demilitarised zone"}}}
	if want := [][]string{{"dmz", "demilitarized zone"}, {"dmz", "demilitarized zone", "demilitarised zone"}}; !reflect.DeepEqual(base.merge(again).Synonyms, want) {
		t.Errorf("merged synonyms = %q, want %q", base.merge(again).Synonyms, want)
	}
}

func TestParseCatalogueSubjectAndColour(t *testing.T) {
	cat, err := ParseCatalogue([]byte(`
subject:
  name: {en: " the Apollo-era summits ", ko: 아폴로 시대 정상회담}
  questions: ["what did Nixon sign?", {en: "When was Glassboro?", ko: "글래스버러는 언제였나요?"}]
  searches: [détente]
events:
  - {id: glassboro, name: Glassboro Summit Conference, color: "#1abc9c"}
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := cat.Subject.Name.In("ko"); got != "아폴로 시대 정상회담" {
		t.Errorf("Korean subject %q", got)
	}
	if got := cat.Subject.Name.In("fr"); got != "the Apollo-era summits" {
		t.Errorf("subject in a locale the file lacks: %q, want the English one, trimmed", got)
	}
	if got := cat.Subject.Questions[0].In("ko"); got != "what did Nixon sign?" {
		t.Errorf("a plain string is English, for every locale: %q", got)
	}
	if c, ok := cat.Events[0].RGB(); !ok || c != 0x1ABC9C {
		t.Errorf("colour = %#x, %v", c, ok)
	}

	_, err = ParseCatalogue([]byte(`
subject:
  name: {ko: 아폴로}
  questions: [{en: "", ko: 질문}]
  searches: ["  "]
events:
  - {id: glassboro, name: Glassboro, color: teal}
`))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`subject: name: en: the English text is missing`,
		`subject: question 1: en: the English text is missing`,
		`subject: search 1 is empty`,
		`event "glassboro": color: "teal" is not a colour such as "#E67E22"`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not report %q:\n%v", want, err)
		}
	}
}

func TestParseCatalogueLeaders(t *testing.T) {
	cat, err := ParseCatalogue([]byte(`
short_names: {Kim Jong-un: Kim}
events:
  - {id: a, name: A, participants: [Donald Trump, Kim Jong-un, Mike Pompeo]}
  - {id: b, name: B, participants: [Moon Jae-in, Kim Jong-un], leaders: [Kim Jong-un, Moon Jae-in]}
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := cat.Events[0].Leaders; !reflect.DeepEqual(got, []string{"Donald Trump", "Kim Jong-un"}) {
		t.Errorf("default leaders %q, want the first two participants", got)
	}
	if got := cat.Events[1].Leaders; !reflect.DeepEqual(got, []string{"Kim Jong-un", "Moon Jae-in"}) {
		t.Errorf("leaders %q", got)
	}
	for name, want := range map[string]string{"Kim Jong-un": "Kim", "Donald Trump": "Trump", "Moon Jae-in": "Jae-in", "": ""} {
		if got := cat.ShortName(name); got != want {
			t.Errorf("ShortName(%q) = %q, want %q", name, got, want)
		}
	}
	_, err = ParseCatalogue([]byte(`
events:
  - {id: a, name: A, participants: [Donald Trump], leaders: [Donald Trump, Xi Jinping]}
`))
	if err == nil || !strings.Contains(err.Error(), `event "a": leaders: "Xi Jinping" is not one of its participants`) {
		t.Errorf("error = %v, want the leader who is no participant named", err)
	}
}

func TestCatalogueSides(t *testing.T) {
	cat, err := ParseCatalogue([]byte(`
sides:
  - {id: US, words: [United States, washington]}
events:
  - {id: a, name: A, asked: {us: More., cn: Less.}}
`))
	if err != nil {
		t.Fatal(err)
	}
	if sd, ok := cat.side("us"); !ok || !reflect.DeepEqual(sd.Words, []string{"united states", "washington"}) {
		t.Errorf("side us = %+v, %v", sd, ok)
	}
	if got := cat.AskedIn(cat.Events[0]); !reflect.DeepEqual(got, []string{"More."}) {
		t.Errorf("asked in side order = %q, want only the known side's", got)
	}
	if err := cat.check(); err == nil || !strings.Contains(err.Error(), `event "a": asked: "cn" is not a side (sides: us)`) {
		t.Errorf("check = %v, want the unknown side named", err)
	}
	_, err = ParseCatalogue([]byte(`
sides:
  - {id: us}
  - {id: us, words: [america]}
`))
	for _, want := range []string{`side "us": words: none`, `side "us": listed twice`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not report %q", err, want)
		}
	}
}

// Not-events and abbreviations are catalogue data: read lower-case,
// checked with errors that name the field, and merged.
func TestCatalogueNotEventsAndAbbreviations(t *testing.T) {
	cat, err := ParseCatalogue([]byte(`
not_events: [" Panmunjom Declaration ", 판문점 선언]
abbreviations: {NK: North Korea, sk: " south korea "}
`))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"panmunjom declaration", "판문점 선언"}; !reflect.DeepEqual(cat.NotEvents, want) {
		t.Errorf("not_events = %q, want %q", cat.NotEvents, want)
	}
	if want := map[string]string{"nk": "north korea", "sk": "south korea"}; !reflect.DeepEqual(cat.Abbreviations, want) {
		t.Errorf("abbreviations = %q, want %q", cat.Abbreviations, want)
	}

	_, err = ParseCatalogue([]byte(`
not_events: [moscow olympics, "  ", "--"]
abbreviations: {north korea: dprk, ussr: "", NK: north korea, nk: north korea, un: un}
`))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`not_events: phrase 2 is empty or has no letters`,
		`not_events: phrase 3 is empty or has no letters`,
		`abbreviations: "north korea" is not one word of letters or digits`,
		`abbreviations: "ussr" stands for nothing`,
		`abbreviations: "nk" is listed twice`,
		`abbreviations: "un" stands for itself`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not report %q:\n%v", want, err)
		}
	}
	if n := strings.Count(err.Error(), "\n") + 1; n != 6 {
		t.Errorf("%d problems reported, want 6:\n%v", n, err)
	}

	base := &Catalogue{NotEvents: []string{"panmunjom declaration"}, Abbreviations: map[string]string{"nk": "north korea"}}
	own := &Catalogue{NotEvents: []string{"panmunjom declaration", "moscow olympics"}, Abbreviations: map[string]string{"nk": "north korean", "ussr": "soviet union"}}
	got := base.merge(own)
	if want := []string{"panmunjom declaration", "moscow olympics"}; !reflect.DeepEqual(got.NotEvents, want) {
		t.Errorf("merged not_events = %q, want %q", got.NotEvents, want)
	}
	if want := map[string]string{"nk": "north korean", "ussr": "soviet union"}; !reflect.DeepEqual(got.Abbreviations, want) {
		t.Errorf("merged abbreviations = %q, want %q (the operator's own win)", got.Abbreviations, want)
	}
	if len(base.NotEvents) != 1 || base.Abbreviations["nk"] != "north korea" || len(base.Abbreviations) != 1 {
		t.Errorf("merge changed the base catalogue: %q %q", base.NotEvents, base.Abbreviations)
	}
	if got := (&Catalogue{}).merge(own); !reflect.DeepEqual(got.Abbreviations, own.Abbreviations) {
		t.Errorf("merged into an empty catalogue: %q", got.Abbreviations)
	}
}
