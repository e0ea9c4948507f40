package timeline

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/image/font"

	"github.com/summitbot/summitbot/corpus"
)

var (
	update = flag.Bool("update", false, "rewrite the golden images in testdata from the current rendering")
	outDir = flag.String("out", "", "also write every rendered test image into this folder, to look at")
)

// save writes b to the -out folder when one is given.
func save(t *testing.T, name string, b []byte) {
	t.Helper()
	if *outDir == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(*outDir, name+".png"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// colourOf is the marker colour of the event id among evs.
func colourOf(t *testing.T, evs []*corpus.Event, id string) color.RGBA {
	t.Helper()
	for _, e := range evs {
		if e.ID == id {
			return eventColour(e)
		}
	}
	t.Fatalf("no event %q", id)
	return color.RGBA{}
}

func TestRenderDefaultCatalogue(t *testing.T) {
	cat := catalogue(t)
	b, img := mustRender(t, cat, Options{})
	save(t, "default", b)

	if got := img.Bounds().Dx(); got != DefaultWidth {
		t.Errorf("width %d, want %d", got, DefaultWidth)
	}
	// Two fifths of the width at least; two cards share a lane above or
	// below the axis at worst, so each event adds at most half a lane
	// (about 80 px with its gap; 1,713 px for 17 events on 2026-12-06).
	h := img.Bounds().Dy()
	if h < 480 || h > 480+80*len(cat) {
		t.Errorf("height %d, want 480 to %d for %d events", h, 480+80*len(cat), len(cat))
	}
	if len(b) >= 300<<10 {
		t.Errorf("PNG is %d bytes, want < 300 KB (219 KB for 17 events)", len(b))
	}
	if n := distinctColours(img); n < 100 {
		t.Errorf("only %d distinct colours: the image looks blank", n)
	}
	for _, e := range cat {
		if n := countColour(img, eventColour(e)); n < 100 {
			t.Errorf("marker colour of %s (%v): %d pixels, want at least 100", e.ID, eventColour(e), n)
		}
	}
	// An opaque card with transparent rounded corners.
	if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
		t.Errorf("corner pixel alpha %d, want transparent", a)
	}
	cx, cy := img.Bounds().Dx()/2, 10
	if _, _, _, a := img.At(cx, cy).RGBA(); a != 0xffff {
		t.Errorf("card pixel alpha %d, want opaque", a)
	}
}

func TestEventColour(t *testing.T) {
	for colour, want := range map[string]color.RGBA{
		"#E67E22": {0xE6, 0x7E, 0x22, 0xFF}, "#c0392b": {0xC0, 0x39, 0x2B, 0xFF},
		"": {0x58, 0x65, 0xF2, 0xFF}, "E67E22": {0x58, 0x65, 0xF2, 0xFF}, "#E67E2": {0x58, 0x65, 0xF2, 0xFF},
	} {
		if got := eventColour(&corpus.Event{ID: "x", Color: colour}); got != want {
			t.Errorf("eventColour(color %q) = %v, want %v", colour, got, want)
		}
	}
}

// The whole default catalogue: every event drawn, in date order, with no
// leader crossing another or a card.
func TestDefaultCatalogueLayout(t *testing.T) {
	cat := catalogue(t)
	l := mustLayout(t, cat, Options{})
	checkLayout(t, l)
	if n := leaderCrossings(t, l); n > 0 {
		t.Errorf("%d leader crossings", n)
	}
	if len(l.labels) != len(cat) {
		t.Errorf("%d cards for %d events", len(l.labels), len(cat))
	}
	for i, lb := range l.labels {
		if len(lb.name) == 0 || lb.dates == "" {
			t.Errorf("%s: name %q, dates %q", lb.ev.ID, lb.name, lb.dates)
		}
		if i > 0 && lb.dated && l.labels[i-1].dated && lb.x < l.labels[i-1].x {
			t.Errorf("marker %s is left of %s", lb.ev.ID, l.labels[i-1].ev.ID)
		}
	}
}

// The Trump–Kim meetings alone (the catalogue's first pair) are laid out
// as a picture of four events should be: one lane each side, straight
// leaders, alternating sides.
func TestPrimaryPairLayout(t *testing.T) {
	l := mustLayout(t, primaryPair(t), Options{})
	checkLayout(t, l)
	if n := leaderCrossings(t, l); n > 0 {
		t.Errorf("%d leader crossings", n)
	}
	for _, lb := range l.labels {
		if lb.lane != 0 || lb.leader[0].x != lb.leader[1].x || lb.leader[1].x != lb.leader[2].x {
			t.Errorf("%s: lane %d, leader %v; want the first lane and a straight leader", lb.ev.ID, lb.lane, lb.leader)
		}
	}

	// Dated markers follow the dates; the prospective one comes last.
	for i := 1; i < len(l.labels); i++ {
		if l.labels[i].x <= l.labels[i-1].x {
			t.Errorf("marker %s at x=%.0f is not right of %s at x=%.0f", l.labels[i].ev.ID, l.labels[i].x, l.labels[i-1].ev.ID, l.labels[i-1].x)
		}
	}
	last := l.labels[len(l.labels)-1]
	if !last.prospective || last.dates != "not yet held" || last.x <= l.datedEnd {
		t.Errorf("fourth meeting: prospective=%v dates=%q x=%.0f (dated part ends at %.0f)", last.prospective, last.dates, last.x, l.datedEnd)
	}
	// Labels alternate above and below the axis.
	for i := 1; i < len(l.labels); i++ {
		if l.labels[i].side == l.labels[i-1].side {
			t.Errorf("%s and %s are on the same side of the axis", l.labels[i-1].ev.ID, l.labels[i].ev.ID)
		}
	}
	want := map[string]string{"singapore": "12 Jun 2018", "hanoi": "27–28 Feb 2019", "dmz": "30 Jun 2019"}
	for _, lb := range l.labels {
		if w, ok := want[lb.ev.ID]; ok && lb.dates != w {
			t.Errorf("%s dates %q, want %q", lb.ev.ID, lb.dates, w)
		}
		if lb.place == "" || !strings.HasPrefix(lb.ev.Place, strings.TrimSuffix(lb.place, ellipsis)) {
			t.Errorf("%s place %q is not a shortening of %q", lb.ev.ID, lb.place, lb.ev.Place)
		}
	}
	var years []string
	for _, tk := range l.ticks {
		if tk.major {
			years = append(years, tk.text)
		}
	}
	if strings.Join(years, ",") != "2019" {
		t.Errorf("year ticks %v, want [2019]", years)
	}
}

func TestDeterministic(t *testing.T) {
	evs := catalogue(t)
	for _, locale := range []string{English, Korean} {
		opts := Options{Locale: locale}
		first, _ := mustRender(t, evs, opts)
		var wg sync.WaitGroup
		outs := make([][]byte, 3)
		for i := range outs {
			wg.Go(func() {
				b, err := Render(evs, opts)
				if err != nil {
					t.Error(err)
				}
				outs[i] = b
			})
		}
		wg.Wait()
		for i, b := range outs {
			if !bytes.Equal(b, first) {
				t.Errorf("%s: render %d differs from the first (%d vs %d bytes)", locale, i, len(b), len(first))
			}
		}
	}
}

// The golden images are the Trump–Kim meetings, the catalogue's first pair,
// with the title /timeline with:Trump gives them, in English and in Korean:
// pictures stable enough to compare pixel by pixel. The whole catalogue is
// checked by its layout.
type goldenImage struct {
	name string
	file string  // in testdata
	opts Options // the title the bot gives the picture, and its language
}

var goldens = []goldenImage{
	{"en", "testdata/timeline.png", Options{Title: "Kim Jong-un's summits: Donald Trump"}},
	{"ko", "testdata/timeline-ko.png", Options{Title: "김정은의 정상회담: Donald Trump", Locale: Korean}},
}

func TestGolden(t *testing.T) {
	for _, g := range goldens {
		t.Run(g.name, func(t *testing.T) {
			b, img := mustRender(t, primaryPair(t), g.opts)
			if *update {
				if err := os.MkdirAll(filepath.Dir(g.file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(g.file, b, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("wrote %s (%d bytes)", g.file, len(b))
			}
			want := readGolden(t, g.file)
			if d, ok := imagesMatch(img, want); !ok {
				save(t, "golden-mismatch-"+g.name, b)
				t.Errorf("rendering differs from %s: %+v (size %v vs %v); if the change is meant, run go test ./timeline -run TestGolden -update",
					g.file, d, img.Bounds().Size(), want.Bounds().Size())
			}
		})
	}
}

func readGolden(t *testing.T, file string) image.Image {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("read golden image (create it with -update): %v", err)
	}
	return decode(t, b)
}

// TestGoldenToleratesFontRendering renders with other font hinting, which
// moves and reshapes every glyph a little (in Korean it moves them only:
// golang.org/x/image hints no CFF outline, but rounds the advances), and
// still matches.
func TestGoldenToleratesFontRendering(t *testing.T) {
	for _, g := range goldens {
		want := readGolden(t, g.file)
		for _, h := range []font.Hinting{font.HintingNone, font.HintingVertical} {
			b, err := render(primaryPair(t), g.opts, h)
			if err != nil {
				t.Fatal(err)
			}
			got := decode(t, b)
			d, ok := imagesMatch(got, want)
			if !ok {
				t.Errorf("%s, hinting %v: %+v, want a match", g.name, h, d)
			}
			if bytes.Equal(got.(*image.NRGBA).Pix, want.(*image.NRGBA).Pix) {
				t.Errorf("%s, hinting %v renders the same pixels: the test shows nothing", g.name, h)
			}
		}
	}
}

// TestGoldenCatchesChanges alters the input in ways that matter and expects
// the comparison to fail each time, in both languages.
func TestGoldenCatchesChanges(t *testing.T) {
	type change func([]*corpus.Event, *Options)
	changes := []struct {
		name   string
		change change
	}{
		{"hanoi removed", func(e []*corpus.Event, _ *Options) {
			e[1] = nil
		}},
		{"dmz in another colour", func(e []*corpus.Event, _ *Options) {
			e[2].Color = "#8E44AD" // the colour is the catalogue's, not the id's
		}},
		{"singapore two months later", func(e []*corpus.Event, _ *Options) {
			e[0].Start = day(t, "2018-08-12")
			e[0].End = e[0].Start
		}},
		{"fourth meeting held", func(e []*corpus.Event, _ *Options) {
			e[3].Status = "held"
		}},
		{"other place", func(e []*corpus.Event, _ *Options) {
			e[1].Place = "Pyongyang"
		}},
		{"other title", func(_ []*corpus.Event, o *Options) {
			o.Title = "Summits"
		}},
		{"other language", func(_ []*corpus.Event, o *Options) {
			if o.Locale == Korean {
				o.Locale = English
			} else {
				o.Locale = Korean
			}
		}},
	}
	for _, g := range goldens {
		want := readGolden(t, g.file)
		for _, tc := range changes {
			t.Run(g.name+"/"+tc.name, func(t *testing.T) {
				evs, opts := clone(primaryPair(t)), g.opts
				tc.change(evs, &opts)
				b, img := mustRender(t, evs, opts)
				if d, ok := imagesMatch(img, want); ok {
					save(t, "changed-"+g.name+"-"+strings.ReplaceAll(tc.name, " ", "-"), b)
					t.Errorf("altered rendering still matches the golden image: %+v", d)
				}
			})
		}
	}
}

func TestNoEvents(t *testing.T) {
	for _, evs := range [][]*corpus.Event{nil, {}, {nil, nil}} {
		b, img := mustRender(t, evs, Options{})
		save(t, "empty", b)
		if img.Bounds().Dx() != DefaultWidth || img.Bounds().Dy() != 480 {
			t.Errorf("size %v, want 1200x480", img.Bounds().Size())
		}
		if n := distinctColours(img); n < 20 {
			t.Errorf("only %d colours: no text drawn?", n)
		}
		// The message is drawn in the middle of the card.
		if n := countColour(img, hex(colMuted)); n < 50 {
			t.Errorf("the nothing-to-show message is missing (%d pixels of its colour)", n)
		}
	}
}

func TestOneEvent(t *testing.T) {
	evs := []*corpus.Event{event(t, "singapore", "Singapore summit", "held", "2018-06-12", "2018-06-12", "Capella Hotel, Sentosa Island, Singapore")}
	b, img := mustRender(t, evs, Options{})
	save(t, "one", b)
	if countColour(img, colourOf(t, evs, "singapore")) < 100 {
		t.Error("marker missing")
	}
	l := mustLayout(t, evs, Options{})
	checkLayout(t, l)
	if len(l.ticks) == 0 {
		t.Error("no ticks on the axis")
	}
	if lb := l.labels[0]; lb.x < l.axisX0 || lb.x > l.axisX1 {
		t.Errorf("marker at %.0f is off the axis [%.0f, %.0f]", lb.x, l.axisX0, l.axisX1)
	}
	// A single event away from a new year names the year at its first tick.
	if !strings.Contains(l.ticks[0].text, "2018") {
		t.Errorf("first tick %q does not name the year", l.ticks[0].text)
	}
}

func TestManyEventsOnCloseDates(t *testing.T) {
	var evs []*corpus.Event
	start := time.Date(2019, 2, 20, 0, 0, 0, 0, time.UTC)
	for i := range 12 {
		d := start.AddDate(0, 0, i*2).Format(time.DateOnly)
		evs = append(evs, event(t, fmt.Sprintf("e%d", i), fmt.Sprintf("Working-level talks, round %d", i+1), "held", d, d, "Hanoi, Vietnam"))
	}
	evs[3].ID, evs[7].ID = "hanoi", "dmz"
	evs = append(evs, event(t, "fourth", "Fourth meeting", "prospective", "", "", ""))
	b, img := mustRender(t, evs, Options{})
	save(t, "many", b)
	l := mustLayout(t, evs, Options{})
	checkLayout(t, l)
	if n := leaderCrossings(t, l); n > 0 {
		t.Errorf("%d leader crossings", n)
	}
	if img.Bounds().Dy() != l.H {
		t.Errorf("image height %d, layout %d", img.Bounds().Dy(), l.H)
	}
	for _, id := range []string{"hanoi", "dmz", "fourth", "e0"} {
		if countColour(img, colourOf(t, evs, id)) < 50 {
			t.Errorf("marker colour of %s missing", id)
		}
	}
}

func TestMaxEventsAtMinWidth(t *testing.T) {
	var evs []*corpus.Event
	for i := range MaxEvents {
		d := time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%9).Format(time.DateOnly)
		status := "held"
		if i%5 == 0 {
			d, status = "", "prospective"
		}
		evs = append(evs, event(t, fmt.Sprint("e", i), strings.Repeat("Summit ", 1+i%4), status, d, "", "Somewhere, Some country"))
	}
	for _, w := range []int{MinWidth, DefaultWidth} {
		l := mustLayout(t, evs, Options{Width: w})
		checkLayout(t, l)
		if n := leaderCrossings(t, l); n > 0 {
			t.Logf("width %d: %d leader crossings", w, n)
		}
		img := l.paint().img // painting without the PNG encoding, which is slow under -race
		if img.Bounds().Dx() != w || img.Bounds().Dy() != l.H {
			t.Errorf("painted %v, want %dx%d", img.Bounds().Size(), w, l.H)
		}
		if *outDir != "" {
			b, _ := mustRender(t, evs, Options{Width: w})
			save(t, fmt.Sprint("max-", w), b)
		}
	}
	if _, err := Render(append(evs, evs[0]), Options{}); err == nil {
		t.Errorf("%d events: no error", MaxEvents+1)
	}
}

func TestLongNamesAndPlaces(t *testing.T) {
	long := "The extraordinarily long and winding name of a summit meeting that goes on and on without end"
	word := strings.Repeat("Supercalifragilistic", 8)
	evs := []*corpus.Event{
		event(t, "singapore", long, "held", "2018-06-12", "", strings.Repeat("Grand Ballroom of a Very Long Hotel Name ", 4)+", Singapore"),
		event(t, "hanoi", word, "held", "2019-02-27", "2019-02-28", word),
		event(t, "fourth", long+" "+long, "prospective", "", "", "Hotel, "+word),
	}
	b, _ := mustRender(t, evs, Options{Title: strings.Repeat("A very long title ", 12)})
	save(t, "long", b)
	l := mustLayout(t, evs, Options{Title: strings.Repeat("A very long title ", 12)})
	checkLayout(t, l)
	if !strings.HasSuffix(l.title, ellipsis) {
		t.Errorf("long title %q not cut", l.title)
	}
	for _, lb := range l.labels {
		if lb.ev.ID == "hanoi" {
			continue // one unbreakable word: checked below
		}
		if len(lb.name) != 2 || !strings.HasSuffix(lb.name[1], ellipsis) {
			t.Errorf("%s: name lines %q, want two, the last cut", lb.ev.ID, lb.name)
		}
		if !strings.HasSuffix(lb.place, ellipsis) && lb.ev.ID != "fourth" {
			t.Errorf("%s: place %q not cut", lb.ev.ID, lb.place)
		}
	}
	if got := l.labels[2].place; got != "Hotel" {
		t.Errorf("place shortened to %q, want its first part", got)
	}
	if got := l.labels[1].name; len(got) != 1 || !strings.HasSuffix(got[0], ellipsis) {
		t.Errorf("unbreakable name %q not cut", got)
	}
}

func TestOnlyProspective(t *testing.T) {
	evs := []*corpus.Event{
		event(t, "fourth", "Prospective fourth Trump–Kim meeting", "prospective", "", "", "Not arranged; no date or venue has been agreed"),
		event(t, "fifth", "A fifth meeting", "prospective", "", "", ""),
	}
	b, img := mustRender(t, evs, Options{})
	save(t, "prospective", b)
	if countColour(img, colourOf(t, evs, "fourth")) < 50 || countColour(img, colourOf(t, evs, "fifth")) < 50 {
		t.Error("hollow markers missing")
	}
	l := mustLayout(t, evs, Options{})
	checkLayout(t, l)
	if len(l.ticks) != 0 {
		t.Errorf("ticks %v without any date", l.ticks)
	}
	for _, lb := range l.labels {
		if lb.dates != "not yet held" || !lb.prospective {
			t.Errorf("%s: dates %q prospective=%v", lb.ev.ID, lb.dates, lb.prospective)
		}
	}
	if l.labels[0].x >= l.labels[1].x {
		t.Error("undated events are not in the order given")
	}
}

func TestDatedProspectiveAndOddInput(t *testing.T) {
	evs := []*corpus.Event{
		event(t, "later", "Planned meeting", "prospective", "2027-03-01", "2027-03-02", "Pyongyang"),
		event(t, "x", "Held, date lost", "held", "", "", ""),
		nil,
		event(t, "y", "", "", "2026-12-30", "2027-01-02", "Seoul 서울"), // no name, glyphs the font lacks
	}
	b, _ := mustRender(t, evs, Options{Width: 800})
	save(t, "odd", b)
	l := mustLayout(t, evs, Options{Width: 800})
	checkLayout(t, l)
	got := map[string]string{}
	for _, lb := range l.labels {
		got[lb.ev.ID] = strings.Join(lb.name, " ") + " | " + lb.dates + " | " + lb.place
	}
	for id, want := range map[string]string{
		"later": "Planned meeting | 1–2 Mar 2027 (planned) | Pyongyang",
		"x":     "Held, date lost | date unknown | ",
		"y":     "y | 30 Dec 2026 – 2 Jan 2027 | Seoul ??",
	} {
		if got[id] != want {
			t.Errorf("%s: %q, want %q", id, got[id], want)
		}
	}
}

func TestExtremeDates(t *testing.T) {
	evs := []*corpus.Event{
		event(t, "a", "Long ago", "held", "0002-03-04", "", ""),
		event(t, "b", "Far future", "prospective", "9999-12-31", "", ""),
		event(t, "c", "Same day 1", "held", "2019-06-30", "2019-06-30", ""),
		event(t, "d", "Same day 2", "held", "2019-06-30", "2019-06-01", ""), // end before start
	}
	l := mustLayout(t, evs, Options{})
	checkLayout(t, l)
	b, _ := mustRender(t, evs, Options{})
	save(t, "extreme", b)
	if l.labels[0].x >= l.labels[2].x || l.labels[2].x >= l.labels[1].x {
		t.Errorf("markers out of date order: %.0f %.0f %.0f", l.labels[0].x, l.labels[2].x, l.labels[1].x)
	}
	if l.labels[3].dates != "30 Jun 2019" {
		t.Errorf("end before start: dates %q", l.labels[3].dates)
	}
}

func TestWidths(t *testing.T) {
	for _, w := range []int{MinWidth, 550, 2400, MaxWidth} {
		l := mustLayout(t, catalogue(t), Options{Width: w})
		checkLayout(t, l)
		if w == MaxWidth && *outDir == "" {
			continue // 4000 × 1750 px: the layout check is enough, encoding is slow under -race
		}
		b, img := mustRender(t, catalogue(t), Options{Width: w})
		save(t, fmt.Sprint("width-", w), b)
		if img.Bounds().Dx() != w || img.Bounds().Dy() != l.H {
			t.Errorf("width %d: got %v, want %dx%d", w, img.Bounds().Size(), w, l.H)
		}
		if n := countColour(img, colourOf(t, catalogue(t), "hanoi")); n < 20 {
			t.Errorf("width %d: Hanoi's marker colour on %d pixels", w, n)
		}
	}
	for _, w := range []int{-1, MinWidth - 1, MaxWidth + 1} {
		if _, err := Render(catalogue(t), Options{Width: w}); err == nil {
			t.Errorf("width %d: no error", w)
		}
	}
}

// BenchmarkRender measures a render of the default catalogue in each
// language (test.sh reports it); no test asserts a render time, which
// depends on the machine and the race detector.
func BenchmarkRender(b *testing.B) {
	evs := catalogue(b)
	for _, locale := range []string{English, Korean} {
		b.Run(locale, func(b *testing.B) {
			for b.Loop() {
				if _, err := Render(evs, Options{Locale: locale}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func mustLayout(t *testing.T, evs []*corpus.Event, opts Options) *layout {
	t.Helper()
	l, err := newLayout(evs, opts, font.HintingFull)
	if err != nil {
		t.Fatalf("layout: %v", err)
	}
	return l
}

// checkLayout checks that every card lies inside the image, clear of the
// title row and of every other card, that its texts fit in it, and that the
// markers are on the axis.
func checkLayout(t *testing.T, l *layout) {
	t.Helper()
	m := &l.m
	W, H := float64(l.W), float64(l.H)
	inside := rect{m.pad - 0.5, m.headerH() - 0.5, W - m.pad + 0.5, H - m.pad + 0.5}
	if w := m.title.width(l.title); m.pad+w > W-m.pad {
		t.Errorf("title %q is %.0f px wide, runs off the image", l.title, w)
	}
	for i, a := range l.labels {
		b := a.box
		if b.x0 < inside.x0 || b.x1 > inside.x1 || b.y0 < inside.y0 || b.y1 > inside.y1 {
			t.Errorf("%s: card %+v outside %+v", a.ev.ID, b, inside)
		}
		if a.x < l.axisX0 || a.x > l.axisX1 {
			t.Errorf("%s: marker x=%.0f off the axis", a.ev.ID, a.x)
		}
		textW := b.w() - 2*m.cardPadX + 0.5
		for _, n := range a.name {
			if m.name.width(n) > textW {
				t.Errorf("%s: name line %q wider than its card", a.ev.ID, n)
			}
		}
		if m.date.width(a.dates) > textW || m.place.width(a.place) > textW {
			t.Errorf("%s: dates %q or place %q wider than its card", a.ev.ID, a.dates, a.place)
		}
		if l.contentH(a) > b.h() {
			t.Errorf("%s: text taller than its card", a.ev.ID)
		}
		for _, o := range l.labels[i+1:] {
			if a.box.overlaps(o.box) {
				t.Errorf("cards of %s %+v and %s %+v overlap", a.ev.ID, a.box, o.ev.ID, o.box)
			}
		}
		for _, tk := range l.ticks {
			if tk.x < l.axisX0 || tk.x > l.axisX1 {
				t.Errorf("tick %q at %.0f is off the axis", tk.text, tk.x)
			}
		}
	}
	for i := 1; i < len(l.ticks); i++ {
		if l.ticks[i].x-l.ticks[i-1].x < m.tickBold.width(l.ticks[i-1].text)/2+m.tickBold.width(l.ticks[i].text)/2+8*m.s {
			t.Errorf("tick labels %q and %q collide", l.ticks[i-1].text, l.ticks[i].text)
		}
	}
}
