package timeline

import (
	"image/color"
	"math"
)

// paint draws the layout.
func (l *layout) paint() *canvas {
	m := &l.m
	c := newCanvas(l.W, l.H)
	W, H := float64(l.W), float64(l.H)

	// The opaque card, with a thin darker edge that sets it off from a white
	// page; the corners outside it stay transparent.
	outer := rect{0, 0, W, H}
	c.fillPoly(hex(colCardEdge), roundRect(outer, m.radius))
	c.fillPoly(hex(colCard), roundRect(outer.inset(1.5*m.s), m.radius-1.5*m.s))

	baseline := math.Round(m.pad + m.title.ascent)
	m.title.draw(c, hex(colTitle), m.pad, baseline, l.title)
	if l.hasPros {
		l.paintLegend(c, baseline)
	}

	if l.empty {
		w := W - 2*m.pad
		msg := m.empty.fit(l.words.empty, w)
		y := (m.headerH() + H - m.pad) / 2
		m.empty.draw(c, hex(colMuted), (W-m.empty.width(msg))/2, math.Round(y+m.empty.ascent/2), msg)
		return c
	}

	l.paintAxis(c)
	for _, lb := range l.labels {
		line := []pt{lb.leader[0], lb.leader[1], lb.leader[2]}
		if lb.prospective {
			c.stroke(lb.col, line, 2.5*m.s, false, 6*m.s, 5*m.s)
		} else {
			c.stroke(lb.col, line, 2.5*m.s, false, 0, 0)
		}
	}
	l.paintTicks(c)
	for _, lb := range l.labels {
		l.paintMarker(c, lb.x, l.axisY, m.markerR, lb.col, lb.prospective)
	}
	for _, lb := range l.labels {
		l.paintCard(c, lb)
	}
	return c
}

// paintAxis draws the axis: solid across the dated stretch, dashed across the
// undated one, with an arrowhead pointing to the future.
func (l *layout) paintAxis(c *canvas) {
	m := &l.m
	y, w := l.axisY, 4*m.s
	tip := l.axisX1
	end := tip - 10*m.s
	if l.hasDated {
		c.stroke(hex(colAxis), []pt{{l.axisX0, y}, {min(l.datedEnd, end), y}}, w, true, 0, 0)
	}
	if l.datedEnd < end {
		c.stroke(hex(colAxis), []pt{{l.datedEnd + 8*m.s, y}, {end, y}}, w, false, 10*m.s, 8*m.s)
	}
	a := 9 * m.s
	c.fillPoly(hex(colAxis), []pt{{tip, y}, {tip - 1.6*a, y - a}, {tip - 1.6*a, y + a}})
}

// paintTicks draws the ticks and their labels under the axis; a label sits
// on a patch of the card's colour so a leader line passing behind it does
// not cross its letters.
func (l *layout) paintTicks(c *canvas) {
	m := &l.m
	for _, t := range l.ticks {
		f, h := m.tckF, 5*m.s
		if t.major {
			f, h = m.tickBold, 9*m.s
		}
		w := f.width(t.text)
		x := max(m.pad, min(t.x-w/2, float64(l.W)-m.pad-w))
		base := math.Round(l.axisY + m.tickLabelTop + f.ascent)
		c.fillPoly(hex(colCard), roundRect(rect{x - 4*m.s, base - f.ascent - 2*m.s, x + w + 4*m.s, base + f.descent + 2*m.s}, 4*m.s))
		f.draw(c, hex(colTick), x, base, t.text)
		c.stroke(hex(colTick), []pt{{t.x, l.axisY - h}, {t.x, l.axisY + h}}, 2*m.s, false, 0, 0)
	}
}

// paintMarker draws an event's marker at (x, y) on a white halo: a disc for
// a held event, a dashed ring for a prospective one.
func (l *layout) paintMarker(c *canvas, x, y, r float64, col color.RGBA, hollow bool) {
	m := &l.m
	c.fillPoly(hex(colHalo), circle(x, y, r+m.haloW))
	if !hollow {
		c.fillPoly(col, circle(x, y, r))
		return
	}
	ring := 4 * m.s
	rr := r - ring/2
	n := 8.0 // dashes around the ring
	dash := 2 * math.Pi * rr / n
	c.stroke(col, closed(circle(x, y, rr)), ring, false, dash*0.6, dash*0.4)
}

// paintLegend explains the two kinds of marker at the right of the title row.
func (l *layout) paintLegend(c *canvas, baseline float64) {
	m := &l.m
	f := m.legend
	r := m.markerR * 0.75
	x := float64(l.W) - m.pad - l.legendWidth()
	cy := baseline - m.title.ascent/2 + 2*m.s
	fy := math.Round(cy + f.ascent*0.36)
	l.paintMarker(c, x+r, cy, r, hex(colMuted), false)
	x += 2*r + 8*m.s
	f.draw(c, hex(colMuted), x, fy, l.words.held)
	x += f.width(l.words.held) + 20*m.s
	l.paintMarker(c, x+r, cy, r, hex(colMuted), true)
	x += 2*r + 8*m.s
	f.draw(c, hex(colMuted), x, fy, l.words.notYetHeld)
}

// paintCard draws an event's label card and its text. A held event's card
// has a coloured frame, thicker on the side facing the axis; a prospective
// event's card is tinted and framed with a dashed line.
func (l *layout) paintCard(c *canvas, lb *label) {
	m := &l.m
	b := lb.box
	inner := b
	if lb.prospective {
		c.fillPoly(hex(colLabelPros), roundRect(b, m.cardR))
		c.stroke(lb.col, closed(roundRect(b.inset(m.cardEdge/2), m.cardR-m.cardEdge/2)), 1.5*m.cardEdge, false, 7*m.s, 5*m.s)
		inner = b.inset(m.cardEdge)
		if lb.side < 0 {
			inner.y1 -= m.cardAccent - m.cardEdge
		} else {
			inner.y0 += m.cardAccent - m.cardEdge
		}
	} else {
		c.fillPoly(lb.col, roundRect(b, m.cardR))
		inner = b.inset(m.cardEdge)
		if lb.side < 0 {
			inner.y1 = b.y1 - m.cardAccent
		} else {
			inner.y0 = b.y0 + m.cardAccent
		}
		c.fillPoly(hex(colLabel), roundRect(inner, m.cardR-m.cardEdge))
	}

	// The text block, centred in the card's inside.
	y := inner.y0 + (inner.h()-l.contentH(lb))/2
	cx := (b.x0 + b.x1) / 2
	line := func(f *face, col color.RGBA, s string) {
		f.draw(c, col, cx-f.width(s)/2, math.Round(y+f.ascent), s)
		y += f.lineH()
	}
	for i, n := range lb.name {
		if i > 0 {
			y += m.lineGap
		}
		line(m.name, hex(colName), n)
	}
	y += 2 * m.lineGap
	line(m.date, hex(colDates), lb.dates)
	if lb.place != "" {
		y += m.lineGap
		line(m.place, hex(colPlace), lb.place)
	}
}
