package timeline

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// ellipsis ends text that was cut to fit.
const ellipsis = "…"

// weight is one of the three weights of a fontSet.
type weight int

const (
	weightRegular weight = iota
	weightMedium
	weightBold
)

// fontSet is the three weights a language draws with.
type fontSet struct {
	regular, medium, bold *opentype.Font
}

// get returns the font of weight w; nil in the zero fontSet.
func (s fontSet) get(w weight) *opentype.Font {
	switch w {
	case weightMedium:
		return s.medium
	case weightBold:
		return s.bold
	}
	return s.regular
}

// goFonts parses the Go fonts, which cover Latin, Greek and Cyrillic but
// not Hangul.
func goFonts() (fontSet, error) {
	var f fontSet
	var err error
	if f.regular, err = opentype.Parse(goregular.TTF); err != nil {
		return fontSet{}, fmt.Errorf("timeline: parse Go Regular: %w", err)
	}
	if f.medium, err = opentype.Parse(gomedium.TTF); err != nil {
		return fontSet{}, fmt.Errorf("timeline: parse Go Medium: %w", err)
	}
	if f.bold, err = opentype.Parse(gobold.TTF); err != nil {
		return fontSet{}, fmt.Errorf("timeline: parse Go Bold: %w", err)
	}
	return f, nil
}

// fonts holds the fonts of one Render call: the Go fonts in English; in
// Korean the Hangul fonts, with the Go fonts as fallback for the runes they
// lack (the subset has Latin-1 only, and the font itself has no "ğ", "ł" or
// "ę"), so that whatever the English picture draws the Korean one draws too.
type fonts struct {
	main     fontSet
	fallback fontSet // the zero fontSet when there is none
	hinting  font.Hinting
	buf      sfnt.Buffer
}

// loadFonts parses the fonts of w's family.
func loadFonts(w *words, hinting font.Hinting) (*fonts, error) {
	fs := &fonts{hinting: hinting}
	var err error
	switch w.family {
	case familyGo:
		fs.main, err = goFonts()
	case familyNotoSansCJKKR:
		if fs.main, err = hangulFonts(); err == nil {
			fs.fallback, err = goFonts()
		}
	default:
		err = fmt.Errorf("timeline: unknown font family %d", w.family)
	}
	if err != nil {
		return nil, err
	}
	return fs, nil
}

// has reports whether f has a glyph for r.
func has(f *opentype.Font, buf *sfnt.Buffer, r rune) bool {
	i, err := f.GlyphIndex(buf, r)
	return err == nil && i != 0
}

// face is a font at one pixel size with its vertical metrics in pixels.
type face struct {
	font.Face
	ascent, descent float64
}

// lineH is the height of one line of text without extra leading.
func (f *face) lineH() float64 { return f.ascent + f.descent }

// face makes the face of weight w at px pixels: the main font's, falling
// back rune by rune to the fallback font's when there is one. Its vertical
// metrics are the main font's, so lines are spaced as before.
func (fs *fonts) face(w weight, px float64) (*face, error) {
	opts := &opentype.FaceOptions{Size: px, DPI: 72, Hinting: fs.hinting}
	main, err := opentype.NewFace(fs.main.get(w), opts)
	if err != nil {
		return nil, fmt.Errorf("timeline: font face: %w", err)
	}
	m := main.Metrics()
	f := &face{Face: main, ascent: fix(m.Ascent), descent: fix(m.Descent)}
	if backFont := fs.fallback.get(w); backFont != nil {
		back, err := opentype.NewFace(backFont, opts)
		if err != nil {
			return nil, fmt.Errorf("timeline: fallback font face: %w", err)
		}
		f.Face = &fallbackFace{
			main: main, back: back, mainFont: fs.main.get(w), backFont: backFont,
			ppem: fixed.Int26_6(math.Round(px * 64)), hinting: fs.hinting,
		}
	}
	return f, nil
}

// fallbackFace draws each rune with main when main has a glyph for it and
// with back otherwise. font.MeasureString (face.width) and font.Drawer
// (face.draw) both go through it, so the widths the layout measures are the
// widths drawn.
type fallbackFace struct {
	main, back         font.Face
	mainFont, backFont *opentype.Font // to look runes up in, and kern
	ppem               fixed.Int26_6  // the size, for kerning
	hinting            font.Hinting
	buf                sfnt.Buffer
}

// pick returns the face that draws r, and its font.
func (f *fallbackFace) pick(r rune) (font.Face, *opentype.Font) {
	if has(f.mainFont, &f.buf, r) {
		return f.main, f.mainFont
	}
	return f.back, f.backFont
}

func (f *fallbackFace) Close() error {
	err := f.main.Close()
	if e := f.back.Close(); err == nil {
		err = e
	}
	return err
}

func (f *fallbackFace) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	ff, _ := f.pick(r)
	return ff.Glyph(dot, r)
}

func (f *fallbackFace) GlyphBounds(r rune) (fixed.Rectangle26_6, fixed.Int26_6, bool) {
	ff, _ := f.pick(r)
	return ff.GlyphBounds(r)
}

func (f *fallbackFace) GlyphAdvance(r rune) (fixed.Int26_6, bool) {
	ff, _ := f.pick(r)
	return ff.GlyphAdvance(r)
}

// Kern kerns a pair drawn with one font (by the GPOS kern pairs of Noto Sans
// CJK KR; the Go fonts have no kerning) and not a pair across the two. It
// asks sfnt itself rather than opentype.Face.Kern, which passes the font's
// units per em as the size and so returns the same kern, about a pixel, at
// every size (golang/go#46727).
func (f *fallbackFace) Kern(r0, r1 rune) fixed.Int26_6 {
	_, f0 := f.pick(r0)
	if _, f1 := f.pick(r1); f0 != f1 {
		return 0
	}
	x0, err0 := f0.GlyphIndex(&f.buf, r0)
	x1, err1 := f0.GlyphIndex(&f.buf, r1)
	if err0 != nil || err1 != nil {
		return 0
	}
	k, err := f0.Kern(&f.buf, x0, x1, f.ppem, f.hinting)
	if err != nil { // sfnt.ErrNotFound when the font has no kerning
		return 0
	}
	return k
}

func (f *fallbackFace) Metrics() font.Metrics { return f.main.Metrics() }

func fix(v fixed.Int26_6) float64 { return float64(v) / 64 }

// clean makes s drawable with the fonts: runs of white space and control
// characters become one space, and characters that neither the main nor the
// fallback fonts have become "?" instead of an empty box. It looks runes up
// in the Regular fonts only: each family has the same characters in every
// weight (TestFontWeightsCoverTheSame).
func (fs *fonts) clean(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if !fs.has(r) {
			r = '?'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// has reports whether some font of fs draws r.
func (fs *fonts) has(r rune) bool {
	return has(fs.main.regular, &fs.buf, r) || fs.fallback.regular != nil && has(fs.fallback.regular, &fs.buf, r)
}

// width is the advance width of s in pixels.
func (f *face) width(s string) float64 { return fix(font.MeasureString(f, s)) }

// draw writes s on c with its left end at x and its baseline at y.
func (f *face) draw(c *canvas, col color.RGBA, x, y float64, s string) {
	c.text = append(c.text, s)
	d := font.Drawer{
		Dst:  c.img,
		Src:  image.NewUniform(col),
		Face: f,
		Dot:  fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.I(int(math.Round(y)))},
	}
	d.DrawString(s)
}

// fit returns s, or the longest prefix of it that fits in maxW with an
// ellipsis added; "" when not even the ellipsis fits.
func (f *face) fit(s string, maxW float64) string {
	if f.width(s) <= maxW {
		return s
	}
	runes := []rune(s)
	lo, hi := 0, len(runes) // the longest fitting prefix length is in [lo, hi)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if f.width(cut(runes[:mid])) <= maxW {
			lo = mid
		} else {
			hi = mid
		}
	}
	if out := cut(runes[:lo]); f.width(out) <= maxW {
		return out
	}
	return ""
}

// cut ends a shortened text with an ellipsis, dropping the spaces and
// punctuation the cut left dangling.
func cut(r []rune) string {
	return strings.TrimRightFunc(string(r), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—(/", r)
	}) + ellipsis
}

// wrap breaks s into at most maxLines lines no wider than maxW, breaking
// between words; the last line ends with an ellipsis when s does not fit.
func (f *face) wrap(s string, maxW float64, maxLines int) []string {
	words := strings.Fields(s)
	var lines []string
	for len(words) > 0 && len(lines) < maxLines {
		if len(lines) == maxLines-1 {
			lines = append(lines, f.fit(strings.Join(words, " "), maxW))
			break
		}
		n := 1
		for n < len(words) && f.width(strings.Join(words[:n+1], " ")) <= maxW {
			n++
		}
		lines = append(lines, f.fit(strings.Join(words[:n], " "), maxW))
		words = words[n:]
	}
	return lines
}

// shortenPlace fits a place into maxW: "Capella Hotel, Sentosa Island,
// Singapore" loses its trailing parts ("Capella Hotel, Sentosa Island") before
// being cut with an ellipsis.
func (f *face) shortenPlace(s string, maxW float64) string {
	if f.width(s) <= maxW {
		return s
	}
	for i := len(s) - 1; i > 0; i-- {
		if s[i] != ',' && s[i] != ';' {
			continue
		}
		if p := strings.TrimSpace(s[:i]); p != "" && f.width(p) <= maxW {
			return p
		}
	}
	first := s
	if i := strings.IndexAny(s, ",;"); i > 0 {
		first = strings.TrimSpace(s[:i])
	}
	return f.fit(first, maxW)
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}
