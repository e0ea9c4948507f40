package timeline

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"slices"
	"testing"
	"time"

	"golang.org/x/image/font"

	"github.com/summitbot/summitbot/corpus"
)

// catalogue returns the default catalogue's events in chronological order.
func catalogue(t testing.TB) []*corpus.Event {
	t.Helper()
	c, err := corpus.DefaultCatalogue()
	if err != nil {
		t.Fatalf("DefaultCatalogue: %v", err)
	}
	evs := c.Chronological()
	if len(evs) == 0 {
		t.Fatal("the default catalogue has no events")
	}
	return evs
}

// primaryPair are the default catalogue's meetings of its first event's
// leaders (Trump and Kim), in date order: what /timeline with: one of them
// shows, and the layout the detailed tests know by heart.
func primaryPair(t testing.TB) []*corpus.Event {
	t.Helper()
	c, err := corpus.DefaultCatalogue()
	if err != nil {
		t.Fatalf("DefaultCatalogue: %v", err)
	}
	var evs []*corpus.Event
	for _, e := range c.Chronological() {
		if slices.Equal(e.Leaders, c.Events[0].Leaders) {
			evs = append(evs, e)
		}
	}
	if len(evs) < 2 {
		t.Fatalf("the default catalogue's first pair has %d events", len(evs))
	}
	return evs
}

// day parses YYYY-MM-DD.
func day(t testing.TB, s string) corpus.Date {
	t.Helper()
	if s == "" {
		return corpus.Date{}
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return corpus.Date{Time: d}
}

// event builds an event; an empty start leaves it undated.
func event(t testing.TB, id, name, status, start, end, place string) *corpus.Event {
	t.Helper()
	return &corpus.Event{ID: id, Name: name, Status: status, Start: day(t, start), End: day(t, end), Place: place}
}

// clone copies events so a test can alter them without touching the shared
// catalogue.
func clone(evs []*corpus.Event) []*corpus.Event {
	out := make([]*corpus.Event, len(evs))
	for i, e := range evs {
		c := *e
		out[i] = &c
	}
	return out
}

// mustRender renders and decodes, failing the test on any error.
func mustRender(t testing.TB, evs []*corpus.Event, opts Options) ([]byte, image.Image) {
	t.Helper()
	b, err := Render(evs, opts)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return b, decode(t, b)
}

func decode(t testing.TB, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode png: %v", err)
	}
	return img
}

// nrgba returns img as non-premultiplied RGBA, converting only if needed
// (image/png decodes a picture with transparency to *image.NRGBA).
func nrgba(img image.Image) *image.NRGBA {
	if n, ok := img.(*image.NRGBA); ok {
		return n
	}
	n := image.NewNRGBA(img.Bounds())
	draw.Draw(n, n.Bounds(), img, img.Bounds().Min, draw.Src)
	return n
}

// pixels calls f with every pixel of img.
func pixels(img image.Image, f func(x, y int, c color.NRGBA)) {
	n := nrgba(img)
	b := n.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := n.Pix[(y-b.Min.Y)*n.Stride:]
		for x := b.Min.X; x < b.Max.X; x++ {
			p := row[(x-b.Min.X)*4:]
			f(x, y, color.NRGBA{p[0], p[1], p[2], p[3]})
		}
	}
}

// countColour counts the pixels of exactly colour c.
func countColour(img image.Image, c color.RGBA) int {
	n := 0
	want := color.NRGBA{c.R, c.G, c.B, c.A}
	pixels(img, func(_, _ int, p color.NRGBA) {
		if p == want {
			n++
		}
	})
	return n
}

// distinctColours counts the different pixel values of img.
func distinctColours(img image.Image) int {
	seen := map[color.NRGBA]bool{}
	pixels(img, func(_, _ int, p color.NRGBA) { seen[p] = true })
	return len(seen)
}

// tileSize is the side in pixels of the squares that imageDiff averages
// (a downscale to 1/16): small enough that a marker (24 px across) or a word
// of text still dominates its tiles, large enough that anti-aliasing and
// sub-pixel glyph shifts average out.
const tileSize = 16

// diff is how far two images are apart, tile by tile.
type diff struct {
	mean, max float64 // mean absolute difference per channel (0-255) of a tile
	tiles     int     // tiles over the per-tile threshold
}

// Thresholds of imagesMatch, found by comparing the golden image with
// renders that differ in font hinting (must pass) and with renders that lose
// an event, change a colour or move an event (must fail).
const (
	maxTileDiff  = 30  // no tile may differ more on average
	maxTilesOver = 0   // how many tiles may exceed maxTileDiff
	maxMeanDiff  = 1.5 // the mean over all tiles
)

// imageDiff downscales both images onto the same grid of tiles (the golden
// image's size divided by tileSize; a slightly taller or shorter image is
// stretched onto it) and compares the tiles' average colours, alpha
// included.
func imageDiff(got, want image.Image) (diff, bool) {
	gb, wb := got.Bounds(), want.Bounds()
	if gb.Dx() != wb.Dx() || math.Abs(float64(gb.Dy()-wb.Dy())) > 0.03*float64(wb.Dy()) {
		return diff{}, false
	}
	cols, rows := (wb.Dx()+tileSize-1)/tileSize, (wb.Dy()+tileSize-1)/tileSize
	g, w := tiles(got, cols, rows), tiles(want, cols, rows)
	var d diff
	for i := range g {
		var s float64
		for ch := range 4 {
			s += math.Abs(g[i][ch] - w[i][ch])
		}
		s /= 4
		d.mean += s
		d.max = max(d.max, s)
		if s > maxTileDiff {
			d.tiles++
		}
	}
	d.mean /= float64(len(g))
	return d, true
}

// tiles averages img's non-premultiplied RGBA over a cols × rows grid.
func tiles(img image.Image, cols, rows int) [][4]float64 {
	b := img.Bounds()
	sum := make([][4]float64, cols*rows)
	n := make([]float64, cols*rows)
	pixels(img, func(x, y int, c color.NRGBA) {
		i := (y-b.Min.Y)*rows/b.Dy()*cols + (x-b.Min.X)*cols/b.Dx()
		sum[i][0] += float64(c.R)
		sum[i][1] += float64(c.G)
		sum[i][2] += float64(c.B)
		sum[i][3] += float64(c.A)
		n[i]++
	})
	for i := range sum {
		for ch := range 4 {
			if n[i] > 0 {
				sum[i][ch] /= n[i]
			}
		}
	}
	return sum
}

// imagesMatch reports whether got passes for want.
func imagesMatch(got, want image.Image) (diff, bool) {
	d, ok := imageDiff(got, want)
	return d, ok && d.tiles <= maxTilesOver && d.mean <= maxMeanDiff
}

// segHitsRect reports whether segment s passes through rectangle r
// (Liang–Barsky clipping).
func segHitsRect(s [2]pt, r rect) bool {
	dx, dy := s[1].x-s[0].x, s[1].y-s[0].y
	t0, t1 := 0.0, 1.0
	for _, c := range [4][2]float64{
		{-dx, s[0].x - r.x0}, {dx, r.x1 - s[0].x},
		{-dy, s[0].y - r.y0}, {dy, r.y1 - s[0].y},
	} {
		p, q := c[0], c[1]
		if p == 0 {
			if q <= 0 {
				return false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = max(t0, t)
		} else {
			t1 = min(t1, t)
		}
		if t0 >= t1 {
			return false
		}
	}
	return true
}

// segsCross reports whether two segments cross at a point inside both; ones
// that only touch, such as two leaders from one marker, do not count.
func segsCross(a, b [2]pt) bool {
	o := func(p, q, r pt) float64 { return (q.x-p.x)*(r.y-p.y) - (q.y-p.y)*(r.x-p.x) }
	d1, d2 := o(a[0], a[1], b[0]), o(a[0], a[1], b[1])
	d3, d4 := o(b[0], b[1], a[0]), o(b[0], b[1], a[1])
	const eps = 1e-9
	return (d1 > eps && d2 < -eps || d1 < -eps && d2 > eps) &&
		(d3 > eps && d4 < -eps || d3 < -eps && d4 > eps)
}

// segments splits a leader into its segments.
func segments(l [3]pt) [][2]pt { return [][2]pt{{l[0], l[1]}, {l[1], l[2]}} }

// leaderCrossings counts leader segments that pass through another card or
// cross another leader.
func leaderCrossings(t *testing.T, l *layout) int {
	t.Helper()
	n := 0
	for i, a := range l.labels {
		for j, b := range l.labels {
			if i == j {
				continue
			}
			for _, s := range segments(a.leader) {
				if segHitsRect(s, b.box.inset(1)) {
					t.Logf("leader of %s passes the card of %s", a.ev.ID, b.ev.ID)
					n++
				}
				for _, u := range segments(b.leader) {
					if j > i && segsCross(s, u) {
						t.Logf("leaders of %s and %s cross", a.ev.ID, b.ev.ID)
						n++
					}
				}
			}
		}
	}
	return n
}

// drawnText lays evs out, paints them and returns every string the picture
// draws: title, legend, cards, ticks or the nothing-to-show message.
func drawnText(t *testing.T, evs []*corpus.Event, opts Options) []string {
	t.Helper()
	l, err := newLayout(evs, opts, font.HintingFull)
	if err != nil {
		t.Fatalf("layout: %v", err)
	}
	return l.paint().text
}
