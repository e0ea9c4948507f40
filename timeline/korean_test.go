package timeline

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"

	"github.com/summitbot/summitbot/corpus"
)

// hangul returns the parsed Hangul fonts by weight.
func hangul(t *testing.T) map[string]*opentype.Font {
	t.Helper()
	set, err := hangulFonts()
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*opentype.Font{"Regular": set.regular, "Bold": set.bold}
}

// The embedded fonts draw every Hangul syllable, so that a moderator's
// catalogue may use any Korean name, and the Jamo, Latin and punctuation
// that Korean text mixes in.
func TestHangulFontCoverage(t *testing.T) {
	var buf sfnt.Buffer
	for weight, f := range hangul(t) {
		for _, r := range []struct {
			name   string
			lo, hi rune
			want   int // runes in the range, when the test states it
		}{
			{"Hangul syllables", 0xAC00, 0xD7A3, 11172},
			{"Hangul Jamo", 0x1100, 0x11FF, 256},
			{"Hangul compatibility Jamo", 0x3131, 0x318E, 94},
			{"Hangul Jamo extended A", 0xA960, 0xA97C, 0},
			{"Basic Latin", 0x20, 0x7E, 95},
			{"Latin-1", 0xA0, 0xFF, 96},
			{"CJK symbols and punctuation", 0x3000, 0x303F, 0},
			{"fullwidth forms", 0xFF01, 0xFF60, 0},
		} {
			if r.want != 0 && int(r.hi-r.lo+1) != r.want {
				t.Fatalf("%s: range of %d runes, want %d", r.name, r.hi-r.lo+1, r.want)
			}
			missing := 0
			for c := r.lo; c <= r.hi; c++ {
				if i, err := f.GlyphIndex(&buf, c); err != nil || i == 0 {
					if missing++; missing <= 5 {
						t.Errorf("%s: %s: no glyph for %U", weight, r.name, c)
					}
				}
			}
			if missing > 0 {
				t.Errorf("%s: %s: %d of %d runes missing", weight, r.name, missing, r.hi-r.lo+1)
			}
		}
		for _, c := range "–—‘’“”…•·※₩" {
			if i, err := f.GlyphIndex(&buf, c); err != nil || i == 0 {
				t.Errorf("%s: no glyph for %q (%U)", weight, c, c)
			}
		}
	}
}

// koreanNamed are the default catalogue's events that have a Korean name.
func koreanNamed(t *testing.T) []*corpus.Event {
	t.Helper()
	var evs []*corpus.Event
	for _, e := range catalogue(t) {
		if e.Names[Korean] != "" {
			evs = append(evs, e)
		}
	}
	if len(evs) < 4 {
		t.Fatalf("only %d events of the default catalogue have a Korean name", len(evs))
	}
	return evs
}

// The Korean picture draws the Korean names as they are: every syllable of
// them has a glyph in the fonts it draws with, and the cards hold the names,
// not question marks.
func TestKoreanNamesDrawn(t *testing.T) {
	evs := koreanNamed(t)
	l := mustLayout(t, evs, Options{Locale: Korean})
	fs, err := loadFonts(korean, font.HintingFull)
	if err != nil {
		t.Fatal(err)
	}
	for _, lb := range l.labels {
		ko := lb.ev.Names[Korean]
		if got := fs.clean(ko); got != ko {
			t.Errorf("%s: the Korean fonts lack characters of %q (drawn as %q)", lb.ev.ID, ko, got)
		}
		name := strings.TrimSuffix(strings.Join(lb.name, " "), ellipsis)
		if name == "" || !strings.HasPrefix(ko, name) {
			t.Errorf("%s: card name %q is not (a cut of) the Korean name %q", lb.ev.ID, lb.name, ko)
		}
		if !strings.ContainsFunc(name, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) {
			t.Errorf("%s: card name %q has no Hangul", lb.ev.ID, lb.name)
		}
	}
}

// Nothing either picture draws, title, legend, cards and ticks, holds a
// question mark, the sign of a character without a glyph.
func TestNoQuestionMarks(t *testing.T) {
	for _, tt := range []struct {
		w    *words
		opts Options
	}{
		{english, Options{Title: "Kim Jong-un's summits: Donald Trump"}},
		{korean, Options{Title: "김정은의 정상회담: Donald Trump", Locale: Korean}},
	} {
		drawn := drawnText(t, catalogue(t), tt.opts)
		for _, s := range drawn {
			if strings.Contains(s, "?") {
				t.Errorf("%s: %q holds a question mark: a character without a glyph", tt.w.locale, s)
			}
		}
		// The legend is among what is checked.
		for _, want := range []string{tt.w.held, tt.w.notYetHeld} {
			if !slices.Contains(drawn, want) {
				t.Errorf("%s: legend word %q not drawn (drawn: %q)", tt.w.locale, want, drawn)
			}
		}
	}
}

// The Korean names are drawn with their own glyphs: with fonts that lack
// Hangul they would become question marks and the picture would be the same
// as one whose names are question marks.
func TestKoreanRenderingDrawsHangul(t *testing.T) {
	evs := koreanNamed(t)
	// What fonts without Hangul would draw: a question mark for each
	// syllable.
	marked := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Hangul, r) {
				return '?'
			}
			return r
		}, s)
	}
	marks := clone(evs)
	for _, e := range marks {
		e.Names = corpus.Text{Korean: marked(e.Names[Korean])}
	}
	const title = "김정은의 정상회담"
	got, _ := mustRender(t, evs, Options{Locale: Korean, Title: title})
	save(t, "korean-names", got)
	if q, _ := mustRender(t, marks, Options{Locale: Korean, Title: title}); bytes.Equal(got, q) {
		save(t, "korean-question-marks", q)
		t.Error("the Korean names are drawn as question marks")
	}
	// The title alone, too: its Hangul changes the picture.
	if q, _ := mustRender(t, evs, Options{Locale: Korean, Title: marked(title)}); bytes.Equal(got, q) {
		t.Error("the Korean title is drawn as question marks")
	}
}

// Korean dates and ticks read as Koreans write them; English ones are as
// before.
func TestDateText(t *testing.T) {
	for _, tt := range []struct {
		start, end string
		pros       bool
		en, ko     string
	}{
		{"2018-06-12", "2018-06-12", false, "12 Jun 2018", "2018년 6월 12일"},
		{"2018-06-12", "", false, "12 Jun 2018", "2018년 6월 12일"},
		{"2019-02-27", "2019-02-28", false, "27–28 Feb 2019", "2019년 2월 27–28일"},
		{"2019-06-30", "2019-07-02", false, "30 Jun – 2 Jul 2019", "2019년 6월 30일 – 7월 2일"},
		{"2026-12-30", "2027-01-02", false, "30 Dec 2026 – 2 Jan 2027", "2026년 12월 30일 – 2027년 1월 2일"},
		{"2019-06-30", "2019-06-01", false, "30 Jun 2019", "2019년 6월 30일"}, // end before start
		{"2027-03-01", "2027-03-02", true, "1–2 Mar 2027 (planned)", "2027년 3월 1–2일 (예정)"},
		{"", "", true, "not yet held", "아직 열리지 않음"},
		{"", "", false, "date unknown", "날짜 미상"},
	} {
		e := event(t, "x", "X", "", tt.start, tt.end, "")
		if got := english.dateText(e, tt.pros); got != tt.en {
			t.Errorf("English %s–%s: %q, want %q", tt.start, tt.end, got, tt.en)
		}
		if got := korean.dateText(e, tt.pros); got != tt.ko {
			t.Errorf("Korean %s–%s: %q, want %q", tt.start, tt.end, got, tt.ko)
		}
	}
	d := time.Date(2019, time.March, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		w                      *words
		year, month, monthYear string
	}{
		{english, "2019", "Mar", "Mar 2019"},
		{korean, "2019년", "3월", "2019년 3월"},
	} {
		if got := []string{tt.w.year(d), tt.w.month(d), tt.w.monthYear(d)}; got[0] != tt.year || got[1] != tt.month || got[2] != tt.monthYear {
			t.Errorf("%s ticks %q, want %q %q %q", tt.w.locale, got, tt.year, tt.month, tt.monthYear)
		}
	}
}

func TestWordsFor(t *testing.T) {
	for locale, want := range map[string]*words{
		"ko": korean, "ko-KR": korean, "KO": korean, " ko ": korean,
		"": english, "en": english, "en-US": english, "fr": english, "kor": english,
	} {
		if got := wordsFor(locale); got != want {
			t.Errorf("wordsFor(%q) = %s, want %s", locale, got.locale, want.locale)
		}
	}
}

// The Korean picture keeps every promise of the layout: cards inside the
// image and clear of each other, texts that fit, ticks that do not collide.
func TestKoreanLayout(t *testing.T) {
	for _, w := range []int{MinWidth, DefaultWidth} {
		l := mustLayout(t, catalogue(t), Options{Locale: Korean, Width: w})
		checkLayout(t, l)
		if n := leaderCrossings(t, l); n > 0 && w == DefaultWidth {
			t.Errorf("width %d: %d leader crossings", w, n)
		}
		if *outDir != "" {
			b, _ := mustRender(t, catalogue(t), Options{Locale: Korean, Width: w})
			save(t, "korean-"+map[int]string{MinWidth: "min", DefaultWidth: "default"}[w], b)
		}
	}

	l := mustLayout(t, primaryPair(t), Options{Locale: Korean})
	checkLayout(t, l)
	if l.title != DefaultTitleKorean {
		t.Errorf("title %q, want %q", l.title, DefaultTitleKorean)
	}
	want := map[string]string{"singapore": "2018년 6월 12일", "hanoi": "2019년 2월 27–28일", "dmz": "2019년 6월 30일", "fourth": "아직 열리지 않음"}
	for _, lb := range l.labels {
		if w, ok := want[lb.ev.ID]; ok && lb.dates != w {
			t.Errorf("%s dates %q, want %q", lb.ev.ID, lb.dates, w)
		}
	}
	var ticks []string
	for _, tk := range l.ticks {
		ticks = append(ticks, tk.text)
		if !strings.HasSuffix(tk.text, "월") && !strings.HasSuffix(tk.text, "년") {
			t.Errorf("tick %q is not Korean", tk.text)
		}
	}
	if !strings.Contains(strings.Join(ticks, ","), "2019년") {
		t.Errorf("ticks %q lack the year 2019년", ticks)
	}
}

// With no events the Korean picture says so in Korean, in Noto Sans CJK KR.
func TestKoreanNoEvents(t *testing.T) {
	l := mustLayout(t, nil, Options{Locale: Korean})
	if !l.empty || l.words.locale != Korean || l.words.family != familyNotoSansCJKKR {
		t.Errorf("empty=%v locale %q family %d, want an empty Korean picture in Noto Sans CJK KR", l.empty, l.words.locale, l.words.family)
	}
	if got, want := l.paint().text, []string{DefaultTitleKorean, korean.empty}; !slices.Equal(got, want) {
		t.Errorf("drawn %q, want %q", got, want)
	}
	// Each text is set in Noto Sans CJK KR: the Go fonts have no Hangul.
	noto, err := hangulFonts()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		f    *face
		font *opentype.Font
		px   float64 // as metrics.init sets it
		text string
	}{
		{"title", l.m.title, noto.bold, 36, DefaultTitleKorean},
		{"message", l.m.empty, noto.regular, 26, korean.empty},
	} {
		own, err := opentype.NewFace(tt.font, &opentype.FaceOptions{Size: tt.px * l.m.s, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := tt.f.width(tt.text), fix(font.MeasureString(own, tt.text)); got != want {
			t.Errorf("%s measures %v px, want %v px as Noto Sans CJK KR sets it", tt.name, got, want)
		}
	}
	en, _ := mustRender(t, nil, Options{})
	ko, img := mustRender(t, nil, Options{Locale: Korean})
	save(t, "korean-empty", ko)
	if bytes.Equal(en, ko) {
		t.Error("the empty Korean picture is the English one")
	}
	if n := countColour(img, hex(colMuted)); n < 50 {
		t.Errorf("the nothing-to-show message is missing (%d pixels of its colour)", n)
	}
}

// The Korean faces kern Latin pairs by the fonts' GPOS kern pairs, in
// proportion to the size: the subset keeps GPOS, and the faces scale the
// kern themselves, which opentype.Face.Kern does not (golang/go#46727).
func TestKoreanKerning(t *testing.T) {
	fs := mustFonts(t, korean)
	for _, w := range []weight{weightRegular, weightBold} {
		for _, tt := range []struct {
			pair  string
			units int // Regular's kern in font units (of 1000), as fontTools reads it
		}{
			{"LT", -134}, {"To", -74}, {"r.", -63}, {"가나", 0},
		} {
			r := []rune(tt.pair)
			var prev float64
			for _, px := range []float64{36, 72} {
				f, err := fs.face(w, px)
				if err != nil {
					t.Fatal(err)
				}
				k := fix(f.Kern(r[0], r[1]))
				if want := float64(tt.units) * px / 1000; tt.units != 0 && (k > want/2 || k < 2*want) {
					t.Errorf("weight %d at %v px: kern %q %v px, want about %.1f px", w, px, tt.pair, k, want)
				}
				if tt.units == 0 && k != 0 {
					t.Errorf("weight %d at %v px: kern %q %v px, want 0", w, px, tt.pair, k)
				}
				if px == 72 && tt.units != 0 && k >= prev {
					t.Errorf("weight %d: kern %q %v px at 72 px, not more than %v px at 36 px", w, tt.pair, k, prev)
				}
				prev = k
				a0, _ := f.GlyphAdvance(r[0])
				a1, _ := f.GlyphAdvance(r[1])
				if got, want := f.width(tt.pair), fix(a0+a1)+k; got != want {
					t.Errorf("weight %d at %v px: %q measures %v px, want %v with the kern", w, px, tt.pair, got, want)
				}
			}
		}
	}
}

// The subsets keep every name record of the font, the Korean ones (language
// 0x412: family, subfamily and full name) with the English ones.
func TestHangulFontNameRecords(t *testing.T) {
	for _, tt := range []struct {
		weight string
		otf    []byte
	}{
		{"Regular", hangulRegularOTF}, {"Bold", hangulBoldOTF},
	} {
		records := nameRecords(t, tt.otf)
		for _, id := range []uint16{0, 1, 2, 4, 13, 14} {
			if !records[[2]uint16{0x409, id}] {
				t.Errorf("%s: no English name record %d", tt.weight, id)
			}
		}
		for _, id := range []uint16{1, 2, 4} {
			if !records[[2]uint16{0x412, id}] {
				t.Errorf("%s: no Korean name record %d", tt.weight, id)
			}
		}
	}
}

// nameRecords returns the (language, name ID) pairs of the Windows name
// records of an OpenType font.
func nameRecords(t *testing.T, otf []byte) map[[2]uint16]bool {
	t.Helper()
	u16 := func(b []byte, i int) uint16 { return uint16(b[i])<<8 | uint16(b[i+1]) }
	u32 := func(b []byte, i int) int { return int(u16(b, i))<<16 | int(u16(b, i+2)) }
	var name []byte
	for i, n := 0, int(u16(otf, 4)); i < n; i++ {
		rec := 12 + 16*i
		if string(otf[rec:rec+4]) == "name" {
			off := u32(otf, rec+8)
			name = otf[off : off+u32(otf, rec+12)]
		}
	}
	if name == nil {
		t.Fatal("no name table")
	}
	out := map[[2]uint16]bool{}
	for i, n := 0, int(u16(name, 2)); i < n; i++ {
		rec := name[6+12*i:]
		if u16(rec, 0) == 3 { // Windows
			out[[2]uint16{u16(rec, 4), u16(rec, 6)}] = true
		}
	}
	return out
}
