package timeline

import (
	"math"
	"slices"
)

// cardStyle is one way to size the cards: a fraction of the widest card,
// whether to drop the place, and how many lines the name may take. The
// layout takes the style whose plan costs least, counting the style's own
// penalty.
type cardStyle struct {
	width     float64 // fraction of metrics.cardMaxW
	noPlace   bool
	nameLines int
	penalty   float64 // in pixels at scale 1
}

// cardStyles lists the styles in order of penalty.
func cardStyles() []cardStyle {
	return []cardStyle{
		{1, false, 2, 0}, {0.82, false, 2, 90}, {0.68, false, 2, 160},
		{0.82, true, 2, 240}, {0.68, true, 2, 300}, {0.55, true, 2, 380}, {0.55, true, 3, 440}, {0.68, true, 1, 600},
	}
}

// measure fits an event's texts into a card of the given style and sizes
// the card.
func (l *layout) measure(fs *fonts, lb *label, st cardStyle) {
	m := &l.m
	textMax := math.Round(m.cardMaxW*st.width) - 2*m.cardPadX
	name := fs.clean(lb.ev.NameIn(l.words.locale))
	if name == "" {
		name = fs.clean(lb.ev.ID)
	}
	if name == "" {
		name = l.words.unnamed
	}
	lb.name = m.name.wrap(name, textMax, st.nameLines)
	lb.dates = m.date.fit(l.words.dateText(lb.ev, lb.prospective), textMax)
	lb.place = ""
	if !st.noPlace {
		lb.place = m.place.shortenPlace(fs.clean(lb.ev.Place), textMax)
	}

	w := m.date.width(lb.dates)
	for _, n := range lb.name {
		w = max(w, m.name.width(n))
	}
	if lb.place != "" {
		w = max(w, m.place.width(lb.place))
	}
	lb.w = max(m.cardMinW, math.Ceil(w+2*m.cardPadX))
	lb.h = math.Ceil(m.cardAccent + m.cardEdge + 2*m.cardPadY + l.contentH(lb))
}

// contentH is the height of a card's text block.
func (l *layout) contentH(lb *label) float64 {
	m := &l.m
	h := float64(len(lb.name))*m.name.lineH() + float64(len(lb.name)-1)*m.lineGap
	h += 2*m.lineGap + m.date.lineH()
	if lb.place != "" {
		h += m.lineGap + m.place.lineH()
	}
	return h
}

// placement is where one card goes, relative to the axis (y = 0 on it,
// negative above).
type placement struct {
	side   int // -1 above the axis, +1 below
	lane   int // 0 is nearest the axis
	box    rect
	leader [3]pt // marker edge, bend at the first lane's edge, card edge
}

// plan places every card; at is indexed like layout.labels.
type plan struct {
	at        []placement
	crossings int     // leaders that had to cross a card or another leader
	score     float64 // lower is better
	above     float64 // gap between the axis and the first lane above
	below     float64 // and below
	height    float64 // from the top of the highest card to the bottom of the lowest
}

// arrange fits the cards around the axis. It tries the card styles in turn
// and keeps the plan that costs least: a leader that cannot avoid crossing
// a card or another leader costs very much, every pixel the image must grow
// beyond its usual height costs one, and so does each pixel of a style's
// penalty. It stops as soon as no later style could do better.
func (l *layout) arrange(fs *fonts) {
	m := &l.m
	room := float64(l.H) - m.headerH() - m.pad // height available without growing
	var best *plan
	var bestStyle cardStyle
	bestCost := math.Inf(1)
	styles := cardStyles()
	for i, st := range styles {
		for _, lb := range l.labels {
			l.measure(fs, lb, st)
		}
		p := l.bestPlan()
		cost := float64(p.crossings)*1e6 + max(0, p.height-room) + st.penalty*m.s
		if cost < bestCost {
			best, bestStyle, bestCost = p, st, cost
		}
		if i+1 < len(styles) && bestCost <= styles[i+1].penalty*m.s {
			break
		}
	}
	for _, lb := range l.labels {
		l.measure(fs, lb, bestStyle)
	}
	for i, lb := range l.labels {
		a := best.at[i]
		lb.side, lb.lane, lb.box, lb.leader = a.side, a.lane, a.box, a.leader
	}
	l.gapAbove, l.gapBelow = best.above, best.below
}

// bestPlan plans the cards for a few pivots and returns the best plan: the
// events right of the pivot are placed from left to right, their cards
// fanning out to the right, then the ones left of it from right to left,
// fanning out to the left. The pivot at the far left (a plain left-to-right
// sweep) wins ties.
func (l *layout) bestPlan() *plan {
	order := slices.Clone(l.labels)
	slices.SortStableFunc(order, func(a, b *label) int {
		switch {
		case a.x < b.x:
			return -1
		case a.x > b.x:
			return 1
		}
		return 0
	})
	n := len(order)
	var pivots []int
	for i := range 9 {
		if k := i * n / 8; len(pivots) == 0 || pivots[len(pivots)-1] != k {
			pivots = append(pivots, k)
		}
	}
	var best *plan
	for _, k := range pivots {
		left := slices.Clone(order[:k])
		slices.Reverse(left)
		p := l.plan(order[k:], left)
		if best == nil || p.crossings < best.crossings || p.crossings == best.crossings && p.score < best.score-1e-9 {
			best = p
		}
	}
	return best
}

// sideState is what plan knows about one side of the axis.
type sideState struct {
	cards  []placement
	lanes  int
	lo, hi float64 // the leftmost and rightmost leader bends so far
}

// bends is where the next bend on this side may lie: beyond every earlier
// one in the sweep's direction, so that the diagonals never cross.
func (st *sideState) bends(toRight bool, sep float64) (lo, hi float64) {
	lo, hi = math.Inf(-1), math.Inf(1)
	if toRight && len(st.cards) > 0 {
		lo = st.hi + sep
	} else if !toRight && len(st.cards) > 0 {
		hi = st.lo - sep
	}
	return lo, hi
}

// blocked is where a leader may not pass the lanes nearer the axis than
// lane: across their cards, with some clearance.
func (st *sideState) blocked(lane int, clear float64) [][2]float64 {
	var out [][2]float64
	for _, c := range st.cards {
		if c.lane < lane {
			out = append(out, [2]float64{c.box.x0 - clear, c.box.x1 + clear})
		}
	}
	return out
}

// add records a card placed on this side.
func (st *sideState) add(a placement) {
	st.cards = append(st.cards, a)
	st.lanes = max(st.lanes, a.lane+1)
	st.lo, st.hi = min(st.lo, a.leader[1].x), max(st.hi, a.leader[1].x)
}

// planner is one sweep of plan: the sizes every card's placement is
// weighed by, and what is placed so far on each side.
type planner struct {
	m           *metrics
	minX, maxX  float64 // the cards stay between these
	pitch       float64 // from one lane to the next
	lanePenalty float64 // a lane further out
	sidePenalty float64 // the side not preferred
	inset       float64 // a leader meets its card this far from a corner
	sep         float64 // between two leaders
	clear       float64 // between a leader and a card it passes
	sides       [2]sideState
}

// newPlanner sizes the lanes to the tallest card and weighs a lane further
// out as more than a shift by the widest card.
func (l *layout) newPlanner() *planner {
	m := &l.m
	maxH := 0.0
	for _, lb := range l.labels {
		maxH = max(maxH, lb.h)
	}
	maxW := 0.0
	for _, lb := range l.labels {
		maxW = max(maxW, lb.w)
	}
	pl := &planner{
		m:    m,
		minX: m.pad, maxX: float64(l.W) - m.pad,
		pitch:       maxH + m.laneGap,
		lanePenalty: 1.5 * maxW,
		sidePenalty: 30 * m.s,
		inset:       m.cardR + 4*m.s,
		sep:         8 * m.s,
		clear:       5 * m.s,
	}
	for i := range pl.sides {
		pl.sides[i].lo, pl.sides[i].hi = math.Inf(1), math.Inf(-1)
	}
	return pl
}

// side is the state of side -1 (above) or +1 (below).
func (pl *planner) side(side int) *sideState { return &pl.sides[(side+1)/2] }

// y is the top of a card of height h in a lane. The lanes' positions do not
// depend on the gap between axis and cards: plan with no gap and move the
// cards out once the gaps are known.
func (pl *planner) y(side, lane int, h float64) float64 {
	if side < 0 {
		return -float64(lane)*pl.pitch - h
	}
	return float64(lane) * pl.pitch
}

// candidate is the cheapest placement found so far for one card.
type candidate struct {
	at    placement
	score float64
	found bool
}

// offer keeps a if it is cheaper than every earlier offer; the first of
// equals wins.
func (c *candidate) offer(a placement, score float64) {
	if score < c.score {
		c.at, c.score, c.found = a, score, true
	}
}

// cheapest is the cheapest position for lb that keeps plan's rules, trying
// the preferred side first and on each side the lanes from the axis out;
// found is false when there is none.
func (pl *planner) cheapest(lb *label, toRight bool, pref int) candidate {
	c := candidate{score: math.Inf(1)}
	for _, side := range []int{pref, -pref} {
		extra := 0.0
		if side != pref {
			extra = pl.sidePenalty
		}
		lo, hi := pl.side(side).bends(toRight, pl.sep)
		for lane := 0; lane <= pl.side(side).lanes; lane++ {
			pl.tryLane(&c, lb, side, lane, lo, hi, extra)
		}
	}
	return c
}

// tryLane offers c every position of lb in one lane that overlaps no card,
// lets no leader pass through it, and has a bend in [lo, hi] that its
// leader can reach through the gaps of the lanes nearer the axis.
func (pl *planner) tryLane(c *candidate, lb *label, side, lane int, lo, hi, extra float64) {
	st := pl.side(side)
	x, w := lb.x, lb.w
	y0 := pl.y(side, lane, lb.h)
	blocked := st.blocked(lane, pl.clear)
	for _, x0 := range pl.positions(st, lb, lane, lo, hi, blocked) {
		x0 = math.Round(max(pl.minX, min(x0, pl.maxX-w)))
		box := rect{x0, y0, x0 + w, y0 + lb.h}
		if pl.taken(st, lane, box) {
			continue
		}
		ax, ok := nearest(x, max(lo, x0+pl.inset), min(hi, x0+w-pl.inset), blocked)
		if !ok {
			continue
		}
		score := float64(lane)*pl.lanePenalty + math.Abs(x0+w/2-x) + 0.5*math.Abs(ax-x)
		c.offer(placement{side: side, lane: lane, box: box, leader: [3]pt{{x, 0}, {ax, 0}, {ax, 0}}}, score+extra)
	}
}

// positions lists the left edges worth trying for lb in a lane: centred on
// its marker, with a leader at either end, against the bend limits, beside
// the lane's cards and beside the gaps in the lanes nearer the axis. Those
// an infinite limit makes infinite are left out.
func (pl *planner) positions(st *sideState, lb *label, lane int, lo, hi float64, blocked [][2]float64) []float64 {
	x, w, inset := lb.x, lb.w, pl.inset
	xs := []float64{x - w/2, x - inset, x - w + inset, lo - inset, lo - w/2, hi - w + inset, hi - w/2}
	for _, c := range st.cards {
		if c.lane == lane {
			xs = append(xs, c.box.x1+pl.m.cardGapX, c.box.x0-pl.m.cardGapX-w)
		}
	}
	for _, b := range blocked {
		for _, e := range b {
			xs = append(xs, e-inset, e-w/2, e-w+inset)
		}
	}
	return slices.DeleteFunc(xs, func(x0 float64) bool { return math.IsInf(x0, 0) })
}

// taken reports whether box overlaps another card, or a leader from a lane
// further out passes through it.
func (pl *planner) taken(st *sideState, lane int, box rect) bool {
	return slices.ContainsFunc(st.cards, func(c placement) bool {
		return c.box.inset(1-pl.m.cardGapX).overlaps(box) ||
			c.lane > lane && c.leader[1].x > box.x0-pl.clear && c.leader[1].x < box.x1+pl.clear
	})
}

// newLane is where lb goes when no position keeps plan's rules: a new lane
// on the preferred side, centred on its marker.
func (pl *planner) newLane(lb *label, pref int) candidate {
	st := pl.side(pref)
	x, w := lb.x, lb.w
	x0 := math.Round(max(pl.minX, min(x-w/2, pl.maxX-w)))
	ax := max(x0+pl.inset, min(x, x0+w-pl.inset))
	y0 := pl.y(pref, st.lanes, lb.h)
	return candidate{
		at:    placement{side: pref, lane: st.lanes, box: rect{x0, y0, x0 + w, y0 + lb.h}, leader: [3]pt{{x, 0}, {ax, 0}, {ax, 0}}},
		score: float64(st.lanes) * pl.lanePenalty,
	}
}

// plan puts every card in a lane above or below the axis, taking first the
// events of right (left to right), then those of left (right to left), each
// preferring the side opposite the previous one.
//
// A leader runs from the marker diagonally to a bend at the edge of the lane
// nearest the axis, then straight out to its card. On each side the bends
// keep the order of their markers (each new bend of right lies right of all
// earlier ones, each of left left of them), so the diagonals never cross, and
// a leader's straight part passes lanes only through gaps between their
// cards, so it never crosses a card. Among the positions that keep those rules
// and do not overlap another card, the cheapest is taken: each lane further
// out costs more than a shift by a card's width, and shifting the card or its
// bend away from the marker costs by the pixel. An event with no such
// position goes into a new lane anyway, which counts as a crossing.
func (l *layout) plan(right, left []*label) *plan {
	pl := l.newPlanner()
	p := &plan{at: make([]placement, len(l.labels))}
	pref := -1
	for i, lb := range append(slices.Clone(right), left...) {
		c := pl.cheapest(lb, i < len(right), pref)
		if !c.found {
			c = pl.newLane(lb, pref)
			p.crossings++
		}
		pl.side(c.at.side).add(c.at)
		p.at[lb.idx] = c.at
		p.score += c.score
		pref = -c.at.side
	}
	l.settle(p)
	return p
}

// settle moves the planned cards out from the axis by gaps wide enough that
// no diagonal is flatter than about 30°, gives the leaders their final
// coordinates, and measures the plan's height.
func (l *layout) settle(p *plan) {
	m := &l.m
	edge := m.markerR + m.haloW
	p.above, p.below = m.gapAbove, m.gapBelow
	for _, a := range p.at {
		need := min(edge+0.6*math.Abs(a.leader[1].x-a.leader[0].x), 170*m.s)
		if a.side < 0 {
			p.above = max(p.above, math.Ceil(need))
		} else {
			p.below = max(p.below, math.Ceil(need))
		}
	}
	for i, a := range p.at {
		gap := p.above
		if a.side > 0 {
			gap = p.below
		}
		sd := float64(a.side)
		a.box.y0 += sd * gap
		a.box.y1 += sd * gap
		cardEdge := a.box.y0
		if a.side < 0 {
			cardEdge = a.box.y1
		}
		a.leader = [3]pt{{a.leader[0].x, sd * edge}, {a.leader[1].x, sd * gap}, {a.leader[1].x, cardEdge}}
		p.at[i] = a
	}
	top, bottom := l.axisExtent()
	for _, a := range p.at {
		top, bottom = min(top, a.box.y0), max(bottom, a.box.y1)
	}
	p.height = bottom - top
}

// nearest returns the point of [lo, hi] outside every blocked interval that
// is closest to x.
func nearest(x, lo, hi float64, blocked [][2]float64) (float64, bool) {
	best, ok := 0.0, false
	try := func(v float64) {
		if v < lo || v > hi {
			return
		}
		for _, b := range blocked {
			if v > b[0] && v < b[1] {
				return
			}
		}
		if !ok || math.Abs(v-x) < math.Abs(best-x) {
			best, ok = v, true
		}
	}
	try(max(lo, min(x, hi)))
	try(lo)
	try(hi)
	for _, b := range blocked {
		try(b[0])
		try(b[1])
	}
	return best, ok
}

// finish sizes the image to the lanes in use and moves everything from
// axis-relative to image coordinates, centring the timeline vertically.
func (l *layout) finish() {
	m := &l.m
	top, bottom := l.axisExtent()
	for _, lb := range l.labels {
		top = min(top, lb.box.y0)
		bottom = max(bottom, lb.box.y1)
	}
	header := m.headerH()
	needed := header + (bottom - top) + m.pad
	l.H = max(l.H, int(math.Ceil(needed)))
	l.axisY = math.Round(header + (float64(l.H)-needed)/2 - top)
	for _, lb := range l.labels {
		lb.box.y0 += l.axisY
		lb.box.y1 += l.axisY
		for i := range lb.leader {
			lb.leader[i].y += l.axisY
		}
	}
}

// axisExtent is how far the axis with its markers and tick labels reaches
// above (negative) and below it.
func (l *layout) axisExtent() (top, bottom float64) {
	m := &l.m
	return -(m.markerR + m.haloW), max(m.markerR+m.haloW, m.tickLabelTop+m.tickBold.lineH())
}
