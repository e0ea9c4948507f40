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

// fontSet is the three weights a language draws with.
type fontSet struct {
	regular, medium, bold *opentype.Font
}

// goFonts parses the Go fonts, which cover Latin but not Hangul.
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

// fonts holds the fonts of one Render call: the Go fonts in English, the
// Hangul fonts in Korean.
type fonts struct {
	fontSet
	hinting font.Hinting
	buf     sfnt.Buffer
}

// loadFonts parses the fonts of w's family.
func loadFonts(w *words, hinting font.Hinting) (*fonts, error) {
	var load func() (fontSet, error)
	switch w.family {
	case familyGo:
		load = goFonts
	case familyNotoSansCJKKR:
		load = hangulFonts
	default:
		return nil, fmt.Errorf("timeline: unknown font family %d", w.family)
	}
	set, err := load()
	if err != nil {
		return nil, err
	}
	return &fonts{fontSet: set, hinting: hinting}, nil
}

// face is a font at one pixel size with its vertical metrics in pixels.
type face struct {
	font.Face
	ascent, descent float64
}

// lineH is the height of one line of text without extra leading.
func (f *face) lineH() float64 { return f.ascent + f.descent }

func (fs *fonts) face(f *opentype.Font, px float64) (*face, error) {
	ff, err := opentype.NewFace(f, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: fs.hinting})
	if err != nil {
		return nil, fmt.Errorf("timeline: font face: %w", err)
	}
	m := ff.Metrics()
	return &face{Face: ff, ascent: fix(m.Ascent), descent: fix(m.Descent)}, nil
}

func fix(v fixed.Int26_6) float64 { return float64(v) / 64 }

// clean makes s drawable with the fonts: runs of white space and control
// characters become one space, and characters the fonts lack become "?"
// instead of an empty box.
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
		if i, err := fs.regular.GlyphIndex(&fs.buf, r); err != nil || i == 0 {
			r = '?'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// width is the advance width of s in pixels.
func (f *face) width(s string) float64 { return fix(font.MeasureString(f, s)) }

// draw writes s with its left end at x and its baseline at y.
func (f *face) draw(img *image.RGBA, col color.RGBA, x, y float64, s string) {
	d := font.Drawer{
		Dst:  img,
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
