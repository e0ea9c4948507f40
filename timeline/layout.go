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
	name := fs.clean(lb.ev.Name)
	if name == "" {
		name = fs.clean(lb.ev.ID)
	}
	if name == "" {
		name = "Unnamed event"
	}
	lb.name = m.name.wrap(name, textMax, st.nameLines)
	lb.dates = m.date.fit(dateText(lb.ev, lb.prospective), textMax)
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
	m := &l.m
	minX, maxX := m.pad, float64(l.W)-m.pad
	edge := m.markerR + m.haloW
	maxH := 0.0
	for _, lb := range l.labels {
		maxH = max(maxH, lb.h)
	}
	pitch := maxH + m.laneGap
	maxW := 0.0
	for _, lb := range l.labels {
		maxW = max(maxW, lb.w)
	}
	lanePenalty := 1.5 * maxW
	sidePenalty := 30 * m.s
	inset := m.cardR + 4*m.s // a leader meets its card this far from a corner
	sep := 8 * m.s           // between two leaders
	clear := 5 * m.s         // between a leader and a card it passes

	p := &plan{at: make([]placement, len(l.labels))}
	var sides [2]sideState
	for i := range sides {
		sides[i].lo, sides[i].hi = math.Inf(1), math.Inf(-1)
	}
	// The lanes' positions do not depend on the gap between axis and cards:
	// plan with no gap and move the cards out once the gaps are known.
	yOf := func(side, lane int, h float64) float64 {
		if side < 0 {
			return -float64(lane)*pitch - h
		}
		return float64(lane) * pitch
	}
	pref := -1
	for i, lb := range append(slices.Clone(right), left...) {
		toRight := i < len(right)
		x, w := lb.x, lb.w
		var best placement
		bestScore, found := math.Inf(1), false
		for _, side := range []int{pref, -pref} {
			st := &sides[(side+1)/2]
			// The bend must lie beyond every earlier one in the sweep's
			// direction.
			lo, hi := math.Inf(-1), math.Inf(1)
			if toRight && len(st.cards) > 0 {
				lo = st.hi + sep
			} else if !toRight && len(st.cards) > 0 {
				hi = st.lo - sep
			}
			for lane := 0; lane <= st.lanes; lane++ {
				y0 := yOf(side, lane, lb.h)
				// Where a leader may not pass the lanes below this one.
				var blocked [][2]float64
				for _, c := range st.cards {
					if c.lane < lane {
						blocked = append(blocked, [2]float64{c.box.x0 - clear, c.box.x1 + clear})
					}
				}
				xs := []float64{x - w/2, x - inset, x - w + inset, lo - inset, lo - w/2, hi - w + inset, hi - w/2}
				for _, c := range st.cards {
					if c.lane == lane {
						xs = append(xs, c.box.x1+m.cardGapX, c.box.x0-m.cardGapX-w)
					}
				}
				for _, b := range blocked {
					for _, e := range b {
						xs = append(xs, e-inset, e-w/2, e-w+inset)
					}
				}
				for _, x0 := range xs {
					if math.IsInf(x0, 0) {
						continue
					}
					x0 = math.Round(max(minX, min(x0, maxX-w)))
					box := rect{x0, y0, x0 + w, y0 + lb.h}
					if slices.ContainsFunc(st.cards, func(c placement) bool {
						// Another card, or a leader passing this lane.
						return c.box.inset(1-m.cardGapX).overlaps(box) ||
							c.lane > lane && c.leader[1].x > box.x0-clear && c.leader[1].x < box.x1+clear
					}) {
						continue
					}
					ax, ok := nearest(x, max(lo, x0+inset), min(hi, x0+w-inset), blocked)
					if !ok {
						continue
					}
					score := float64(lane)*lanePenalty + math.Abs(x0+w/2-x) + 0.5*math.Abs(ax-x)
					if side != pref {
						score += sidePenalty
					}
					if score < bestScore {
						bestScore, found = score, true
						best = placement{side: side, lane: lane, box: box, leader: [3]pt{{x, 0}, {ax, 0}, {ax, 0}}}
					}
				}
			}
		}
		if !found {
			// No position keeps the rules: a new lane, centred.
			st := &sides[(pref+1)/2]
			x0 := math.Round(max(minX, min(x-w/2, maxX-w)))
			ax := max(x0+inset, min(x, x0+w-inset))
			y0 := yOf(pref, st.lanes, lb.h)
			best = placement{side: pref, lane: st.lanes, box: rect{x0, y0, x0 + w, y0 + lb.h}, leader: [3]pt{{x, 0}, {ax, 0}, {ax, 0}}}
			bestScore = float64(st.lanes) * lanePenalty
			p.crossings++
		}
		st := &sides[(best.side+1)/2]
		st.cards = append(st.cards, best)
		st.lanes = max(st.lanes, best.lane+1)
		st.lo, st.hi = min(st.lo, best.leader[1].x), max(st.hi, best.leader[1].x)
		p.at[lb.idx] = best
		p.score += bestScore
		pref = -best.side
	}

	// Gaps wide enough that no diagonal is flatter than about 30°, then the
	// final coordinates.
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
	return p
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
