package timeline

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"
	"math"
	"slices"
	"strings"
	"time"

	"golang.org/x/image/font"

	"github.com/summitbot/summitbot/corpus"
)

// Defaults and limits of Options.
const (
	// DefaultTitle is the title drawn when Options.Title is empty.
	DefaultTitle = "Timeline"
	// DefaultWidth is the image width when Options.Width is zero.
	DefaultWidth = 1200
	// MinWidth and MaxWidth bound Options.Width.
	MinWidth, MaxWidth = 400, 4000
	// MaxEvents is the most events one image holds.
	MaxEvents = 32
)

// Options tunes Render. The zero value draws the default title at the
// default width, in English.
type Options struct {
	// Title is drawn at the top left; empty means DefaultTitle
	// (DefaultTitleKorean in Korean). It is cut with an ellipsis when too
	// long for the image.
	Title string
	// Width is the image width in pixels, between MinWidth and MaxWidth; 0
	// means DefaultWidth. The height is derived: at least two fifths of the
	// width (480 px by default), more when the label cards need it (525 px
	// for the default catalogue).
	Width int
	// Locale is the picture's language: Korean ("ko", or "ko-KR") draws
	// the events' Korean names (corpus.Event.NameIn, which falls back on
	// English), Korean dates ("2019년 2월 27–28일") and ticks, and Korean
	// words, all in Noto Sans CJK KR, with the Go fonts for the characters
	// it lacks ("ğ", "ł", Cyrillic, Greek); anything else, "" included, is
	// English with the Go fonts. Places stay as the catalogue gives them
	// (it has them in English only), drawn in the language's font.
	Locale string
}

// Render draws events on a date axis and returns the picture as a PNG.
//
// Dated events sit at their dates (the middle of a multi-day meeting), in
// the colour of their id (see eventColour); undated events follow past the
// last dated one, in the order given, on a dashed stretch of the axis.
// Prospective events are drawn with a hollow, dashed marker and a dashed
// label card; undated ones are labelled "not yet held". Each card holds the
// event's name (up to two lines), its dates ("12 Jun 2018",
// "27–28 Feb 2019") and its place, shortened to fit; opts.Locale chooses
// the language of names, dates and words, and the fonts. Nil events are
// skipped. With no events the image is a card saying there is nothing to
// show.
//
// The output depends only on the arguments. Render fails only for a width
// outside [MinWidth, MaxWidth] or more than MaxEvents events.
func Render(events []*corpus.Event, opts Options) ([]byte, error) {
	return render(events, opts, font.HintingFull)
}

// render is Render with a choice of font hinting, which the golden-image test
// varies to show that its comparison tolerates font rendering differences.
func render(events []*corpus.Event, opts Options, hinting font.Hinting) ([]byte, error) {
	l, err := newLayout(events, opts, hinting)
	if err != nil {
		return nil, err
	}
	c := l.paint()
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, c.img); err != nil {
		return nil, fmt.Errorf("timeline: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// Palette, as 0xRRGGBB. The card is light and opaque so that the picture
// reads the same on Discord's dark and light themes; every text colour has a
// contrast ratio of at least 4.5:1 against the card and the label cards.
const (
	colCard      = 0xF6F7F9
	colCardEdge  = 0xC9CDD3
	colLabel     = 0xFFFFFF
	colLabelPros = 0xFBF7FD
	colTitle     = 0x1E1F22
	colName      = 0x1E1F22
	colDates     = 0x33363B
	colPlace     = 0x5A5F68
	colAxis      = 0x4E5058
	colTick      = 0x4E5058
	colMuted     = 0x5A5F68
	colHalo      = 0xFFFFFF
)

// eventColour returns the marker colour of an event: its catalogue
// colour, or Discord blurple (#5865F2) when it has none.
func eventColour(e *corpus.Event) color.RGBA {
	if c, ok := e.RGB(); ok {
		return hex(uint32(c))
	}
	return hex(0x5865F2)
}

// label is one event's marker and label card.
type label struct {
	idx         int // in layout.labels
	ev          *corpus.Event
	col         color.RGBA
	prospective bool // hollow, dashed marker and card
	dated       bool
	day         time.Time // marker date of a dated event
	x           float64   // marker centre
	name        []string  // one or two lines
	dates       string
	place       string
	w, h        float64 // card size
	side        int     // -1 above the axis, +1 below
	lane        int     // 0 is nearest the axis
	box         rect    // card, relative to the axis until the layout is final
	leader      [3]pt   // from the marker's edge via a bend to the card
}

// tick is one mark on the date axis.
type tick struct {
	t     time.Time
	x     float64
	text  string
	major bool // a year boundary
}

// metrics are the layout's sizes in pixels for the image's scale.
type metrics struct {
	s                              float64 // image width / 1200
	pad                            float64 // inner margin of the card
	radius                         float64 // card corner radius
	markerR, haloW                 float64
	cardPadX, cardPadY, lineGap    float64
	cardR, cardEdge, cardAccent    float64
	cardMaxW, cardMinW, cardGapX   float64
	laneGap, gapAbove, gapBelow    float64
	tickLabelTop                   float64
	title, name, date, place, tckF *face
	tickBold, legend, empty        *face
}

// layout is everything paint needs, in image pixels.
type layout struct {
	m        metrics
	W, H     int
	title    string
	labels   []*label
	ticks    []tick
	axisY    float64
	axisX0   float64 // left end of the axis
	axisX1   float64 // right end of the axis
	datedEnd float64 // where the solid axis ends and the dashed one starts
	gapAbove float64 // between the axis and the first lane above it
	gapBelow float64 // and below it
	hasDated bool
	hasPros  bool // some marker is hollow: show the legend
	empty    bool
	words    *words // the picture's language
}

// newLayout measures and places everything for Render.
func newLayout(events []*corpus.Event, opts Options, hinting font.Hinting) (*layout, error) {
	w, evs, err := checkInput(events, opts)
	if err != nil {
		return nil, err
	}
	wd := wordsFor(opts.Locale)
	fs, err := loadFonts(wd, hinting)
	if err != nil {
		return nil, err
	}
	l := &layout{W: w, H: int(math.Round(float64(w) * 0.4)), words: wd}
	if err := l.m.init(fs, float64(w)/1200); err != nil {
		return nil, err
	}
	for _, e := range evs {
		l.addLabel(e)
	}
	l.empty = len(l.labels) == 0
	l.fitTitle(fs, opts.Title)
	if l.empty {
		return l, nil
	}

	l.placeMarkers()
	l.arrange(fs)
	l.finish()
	return l, nil
}

// checkInput is Render's only failures: it returns the image width, with
// the default for 0, and the events that are not nil, or an error when the
// width is out of bounds or the events too many for one image.
func checkInput(events []*corpus.Event, opts Options) (int, []*corpus.Event, error) {
	w := opts.Width
	if w == 0 {
		w = DefaultWidth
	}
	if w < MinWidth || w > MaxWidth {
		return 0, nil, fmt.Errorf("timeline: width %d is outside [%d, %d]", w, MinWidth, MaxWidth)
	}
	var evs []*corpus.Event
	for _, e := range events {
		if e != nil {
			evs = append(evs, e)
		}
	}
	if len(evs) > MaxEvents {
		return 0, nil, fmt.Errorf("timeline: %d events are more than one image holds (%d)", len(evs), MaxEvents)
	}
	return w, evs, nil
}

// addLabel adds e's label: a dated event's marker sits in the middle of its
// days, and a prospective one calls for the legend.
func (l *layout) addLabel(e *corpus.Event) {
	pros := strings.EqualFold(strings.TrimSpace(e.Status), "prospective")
	lb := &label{idx: len(l.labels), ev: e, col: eventColour(e), prospective: pros, dated: !e.Start.IsZero()}
	l.hasPros = l.hasPros || pros
	l.hasDated = l.hasDated || lb.dated
	if lb.dated {
		lb.day = e.Start.Time
		if end := e.End.Time; !end.IsZero() && end.After(lb.day) {
			lb.day = lb.day.Add(end.Sub(lb.day) / 2)
		}
	}
	l.labels = append(l.labels, lb)
}

// fitTitle cuts the title (DefaultTitle, or DefaultTitleKorean, when
// empty) to the room it has: the title shares the top row with the legend.
func (l *layout) fitTitle(fs *fonts, title string) {
	m := &l.m
	title = fs.clean(title)
	if title == "" {
		title = l.words.defaultTitle
	}
	titleMax := float64(l.W) - 2*m.pad
	if l.hasPros {
		titleMax -= l.legendWidth() + 24*m.s
	}
	l.title = m.title.fit(title, titleMax)
}

// init derives every size from the scale s.
func (m *metrics) init(fs *fonts, s float64) error {
	*m = metrics{
		s: s, pad: 32 * s, radius: 22 * s,
		markerR: 12 * s, haloW: 4 * s,
		cardPadX: 14 * s, cardPadY: 10 * s, lineGap: 4 * s,
		cardR: 10 * s, cardEdge: 2 * s, cardAccent: 6 * s,
		cardMaxW: 360 * s, cardMinW: 150 * s, cardGapX: 14 * s,
		laneGap: 16 * s, gapAbove: 34 * s, gapBelow: 52 * s,
		tickLabelTop: 20 * s,
	}
	var err error
	for _, f := range []struct {
		dst    **face
		weight weight
		px     float64
	}{
		{&m.title, weightBold, 36}, {&m.name, weightBold, 25}, {&m.date, weightMedium, 22}, {&m.place, weightRegular, 22},
		{&m.tckF, weightRegular, 21}, {&m.tickBold, weightBold, 21}, {&m.legend, weightRegular, 21}, {&m.empty, weightRegular, 26},
	} {
		if *f.dst, err = fs.face(f.weight, f.px*s); err != nil {
			return err
		}
	}
	return nil
}

// headerH is the height of the title row, from the image's top edge.
func (m *metrics) headerH() float64 {
	return m.pad + m.title.lineH() + 20*m.s
}

// legendWidth is the width of the "● held  ◌ not yet held" legend.
func (l *layout) legendWidth() float64 {
	m := &l.m
	r := m.markerR * 0.75
	return 2*(2*r+8*m.s) + m.legend.width(l.words.held) + 20*m.s + m.legend.width(l.words.notYetHeld)
}

// placeMarkers puts each marker on the axis: dated ones by date, undated
// ones after them in the order given.
func (l *layout) placeMarkers() {
	m := &l.m
	l.axisX0 = m.pad
	l.axisX1 = float64(l.W) - m.pad
	x0, x1 := l.axisX0+28*m.s, l.axisX1-28*m.s // keep markers off the ends
	undated := l.placeUndated(x0, x1)
	if !l.hasDated {
		return
	}
	right := l.datedEnd
	if undated > 0 {
		right -= 24 * m.s
	} else {
		right = x1
	}
	l.placeDated(x0, right)
}

// placeUndated spreads the undated markers evenly, in the order given, over
// a zone at the right end of [x0, x1] that grows with their number (all of
// it when nothing is dated), and ends the solid, dated stretch of the axis
// where the zone starts. It returns how many there are.
func (l *layout) placeUndated(x0, x1 float64) int {
	var undated []*label
	for _, lb := range l.labels {
		if !lb.dated {
			undated = append(undated, lb)
		}
	}
	l.datedEnd = l.axisX1
	if len(undated) == 0 {
		return 0
	}
	frac := 1.0
	if l.hasDated {
		frac = min(0.5, 0.2+0.05*float64(len(undated)-1))
	}
	zone := (x1 - x0) * frac
	l.datedEnd = x1 - zone
	if !l.hasDated {
		l.datedEnd = l.axisX0
	}
	step := zone / float64(len(undated))
	for i, lb := range undated {
		lb.x = x1 - zone + step*(float64(i)+0.5)
	}
	return len(undated)
}

// placeDated maps the dated markers onto [x0, right] by date, over a domain
// from a little before the first dated event to a little after the last
// one, and ticks that domain.
func (l *layout) placeDated(x0, right float64) {
	first, last := l.dateRange()
	// In seconds, as time.Duration cannot span more than 292 years.
	secs := func(t time.Time) float64 { return float64(t.Unix()) }
	pad := max((secs(last)-secs(first))/12, 45*24*3600)
	s0, s1 := secs(first)-pad, secs(last)+pad
	d0 := time.Unix(int64(s0), 0).In(first.Location())
	d1 := time.Unix(int64(s1), 0).In(first.Location())
	xOf := func(t time.Time) float64 { return x0 + (secs(t)-s0)/(s1-s0)*(right-x0) }
	for _, lb := range l.labels {
		if lb.dated {
			lb.x = xOf(lb.day)
		}
	}
	l.ticks = l.makeTicks(d0, d1, xOf)
}

// dateRange is the earliest and the latest marker date of the dated events.
func (l *layout) dateRange() (first, last time.Time) {
	for _, lb := range l.labels {
		if !lb.dated {
			continue
		}
		if first.IsZero() || lb.day.Before(first) {
			first = lb.day
		}
		if last.IsZero() || lb.day.After(last) {
			last = lb.day
		}
	}
	return first, last
}

// makeTicks chooses the finest tick step (1, 2, 3 or 6 months, or a number of
// years) whose labels keep clear of each other, and labels January ticks with
// their year and the others with the month.
func (l *layout) makeTicks(d0, d1 time.Time, xOf func(time.Time) float64) []tick {
	m := &l.m
	pxPerMonth := xOf(d0.AddDate(0, 0, 3044)) - xOf(d0) // 100 average months
	pxPerMonth /= 100
	wd := l.words
	minGap := m.tickBold.width(wd.yearWidest) + 36*m.s
	if pxPerMonth <= 0 {
		return nil
	}
	step := 0
	for _, st := range []int{1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400, 6000, 12000, 24000} {
		gap := minGap
		if st < 12 {
			gap = m.tickBold.width(wd.monthYearWidest) + 36*m.s // the first tick may carry a year
		}
		if float64(st)*pxPerMonth >= gap {
			step = st
			break
		}
	}
	if step == 0 {
		return nil
	}
	loc := d0.Location()
	mi := d0.Year()*12 + int(d0.Month()) - 1
	mi += (step - mi%step) % step // first step-aligned month at or after d0
	var ticks []tick
	for ; ; mi += step {
		t := time.Date(mi/12, time.Month(mi%12+1), 1, 0, 0, 0, 0, loc)
		if t.Before(d0) {
			continue
		}
		if t.After(d1) {
			break
		}
		tk := tick{t: t, x: xOf(t), major: t.Month() == time.January}
		if tk.major {
			tk.text = wd.year(t)
		} else {
			tk.text = wd.month(t)
		}
		ticks = append(ticks, tk)
	}
	// With no year boundary in view the first tick names its year too.
	if len(ticks) > 0 && !slices.ContainsFunc(ticks, func(t tick) bool { return t.major }) {
		ticks[0].text = wd.monthYear(ticks[0].t)
	}
	return ticks
}
