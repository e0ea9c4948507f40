package timeline

import (
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/summitbot/summitbot/corpus"
)

// mustFonts loads the fonts of w, failing the test on any error.
func mustFonts(t *testing.T, w *words) *fonts {
	t.Helper()
	fs, err := loadFonts(w, font.HintingFull)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// clean checks each font per rune with the Regular weight alone, so every
// weight of a family must have the same characters.
func TestFontWeightsCoverTheSame(t *testing.T) {
	var buf sfnt.Buffer
	for _, w := range []*words{english, korean} {
		set := mustFonts(t, w).main
		for _, other := range []weight{weightMedium, weightBold} {
			f := set.get(other)
			for r := rune(0); r <= 0xFFFF; r++ {
				if a, b := has(set.regular, &buf, r), has(f, &buf, r); a != b {
					t.Errorf("%s: weight %d has %U: %v, Regular: %v", w.locale, other, r, b, a)
				}
			}
		}
	}
}

// Every character the English picture draws, the Korean one draws too: the
// Hangul fonts fall back to the Go fonts for what they lack.
func TestKoreanDrawsEveryRuneEnglishDoes(t *testing.T) {
	en, ko := mustFonts(t, english), mustFonts(t, korean)
	var buf sfnt.Buffer
	fallen := 0
	for r := rune(0); r <= 0x2FFFF; r++ {
		if !en.has(r) {
			continue
		}
		if !ko.has(r) {
			t.Errorf("%U %q: drawn in English but not in Korean", r, r)
		}
		if !has(ko.main.regular, &buf, r) {
			fallen++
		}
	}
	if fallen == 0 {
		t.Error("the Hangul fonts have every rune of the Go fonts: the fallback is not tested")
	}
}

// The Korean faces draw a rune with Noto Sans CJK KR when it has one and with
// the Go font of the same weight otherwise; a kerning pair across the two
// fonts is not kerned.
func TestFallbackFace(t *testing.T) {
	ko := mustFonts(t, korean)
	const px = 25
	for _, w := range []weight{weightRegular, weightMedium, weightBold} {
		f, err := ko.face(w, px)
		if err != nil {
			t.Fatal(err)
		}
		fb := f.Face
		for _, tt := range []struct {
			r    rune
			want *opentype.Font
		}{
			{'가', ko.main.get(w)}, {'A', ko.main.get(w)}, {'é', ko.main.get(w)},
			{'ğ', ko.fallback.get(w)}, {'ł', ko.fallback.get(w)}, {'М', ko.fallback.get(w)}, {'α', ko.fallback.get(w)},
		} {
			own, err := opentype.NewFace(tt.want, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingFull})
			if err != nil {
				t.Fatal(err)
			}
			wantAdv, _ := own.GlyphAdvance(tt.r)
			if got, ok := fb.GlyphAdvance(tt.r); !ok || got != wantAdv {
				t.Errorf("weight %d: %q advance %v (ok %v), want %v", w, tt.r, got, ok, wantAdv)
			}
			if dr, _, _, _, ok := fb.Glyph(fixed.Point26_6{}, tt.r); !ok || dr.Empty() {
				t.Errorf("weight %d: %q draws nothing", w, tt.r)
			}
		}
		if k := fb.Kern('A', 'ğ'); k != 0 {
			t.Errorf("weight %d: kern across fonts %v, want 0", w, k)
		}
	}
}

// Names, places and the title in other scripts draw in Korean whenever they
// draw in English; characters neither font has, such as Hanja, become "?"
// in both.
func TestKoreanDrawsOtherScripts(t *testing.T) {
	for _, tt := range []struct {
		script, text string
		want         string // as both pictures draw it
	}{
		{"Turkish", "Recep Tayyip Erdoğan", "Recep Tayyip Erdoğan"},
		{"Polish", "Lech Wałęsa, Gdańsk", "Lech Wałęsa, Gdańsk"},
		{"Czech", "Dvořák, Brno", "Dvořák, Brno"},
		{"Vietnamese", "Đà Nẵng", "Đà N?ng"}, // the Go fonts have Đ but not ẵ
		{"Russian", "Москва, Кремль", "Москва, Кремль"},
		{"Greek", "Αθήνα", "Αθήνα"},
		{"Latin-1", "Genève, Zürich", "Genève, Zürich"},
		{"punctuation", "“Camp David” – €1…", "“Camp David” – €1…"},
		{"Hanja", "金正恩", "???"},
		{"Thai", "กรุงเทพ", "???????"},
		{"emoji", "Summit 🙂", "Summit ?"},
	} {
		t.Run(tt.script, func(t *testing.T) {
			for _, w := range []*words{english, korean} {
				if got := mustFonts(t, w).clean(tt.text); got != tt.want {
					t.Errorf("%s: clean(%q) = %q, want %q", w.locale, tt.text, got, tt.want)
				}
			}
			e := event(t, "x", tt.text, "prospective", "", "", tt.text)
			for _, opts := range []Options{{Title: tt.text}, {Title: "정상회담: " + tt.text, Locale: Korean}} {
				drawn := strings.Join(drawnText(t, []*corpus.Event{e}, opts), "\n")
				if strings.Contains(tt.want, "?") != strings.Contains(drawn, "?") {
					t.Errorf("%q: drawn %q, want \"?\" only where neither font has a glyph", opts.Locale, drawn)
				}
				if !strings.Contains(drawn, tt.want) {
					t.Errorf("%q: drawn %q, want %q among it", opts.Locale, drawn, tt.want)
				}
			}
		})
	}
}
