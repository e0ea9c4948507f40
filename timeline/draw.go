package timeline

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/vector"
)

// pt is a point in image pixels (y grows downwards).
type pt struct{ x, y float64 }

// rect is an axis-aligned rectangle in image pixels.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) w() float64 { return r.x1 - r.x0 }
func (r rect) h() float64 { return r.y1 - r.y0 }

// inset shrinks r by d on every side (grows it for a negative d).
func (r rect) inset(d float64) rect { return rect{r.x0 + d, r.y0 + d, r.x1 - d, r.y1 - d} }

// overlaps reports whether r and o share an area.
func (r rect) overlaps(o rect) bool {
	return r.x0 < o.x1 && o.x0 < r.x1 && r.y0 < o.y1 && o.y0 < r.y1
}

// canvas is an RGBA image with one reusable rasterizer and coverage mask.
type canvas struct {
	img  *image.RGBA
	z    vector.Rasterizer
	mask []uint8
	text []string // every string drawn, in order: what the tests check for "?"
}

func newCanvas(w, h int) *canvas {
	return &canvas{img: image.NewRGBA(image.Rect(0, 0, w, h))}
}

// area returns the signed area of a polygon (positive when its points go
// clockwise on screen).
func area(p []pt) float64 {
	var a float64
	for i := range p {
		q := p[(i+1)%len(p)]
		a += p[i].x*q.y - q.x*p[i].y
	}
	return a / 2
}

// oriented returns p going clockwise on screen when cw is true, else
// counter-clockwise.
func oriented(p []pt, cw bool) []pt {
	if (area(p) >= 0) == cw {
		return p
	}
	out := make([]pt, len(p))
	for i := range p {
		out[i] = p[len(p)-1-i]
	}
	return out
}

// fill paints the union of the solid polygons minus the holes in col. The
// rasterizer adds signed coverage and clamps its absolute value, so solids
// (all clockwise) merge without darkening their overlaps and holes
// (counter-clockwise) cut them out.
func (c *canvas) fill(col color.RGBA, solids, holes [][]pt) {
	r, ok := c.cover(solids)
	if !ok {
		return
	}
	w, h := r.Dx(), r.Dy()
	c.z.Reset(w, h)
	c.z.DrawOp = draw.Src
	for _, p := range solids {
		c.trace(oriented(p, true), r.Min)
	}
	for _, p := range holes {
		c.trace(oriented(p, false), r.Min)
	}
	// Rasterize into an 8-bit coverage mask (the rasterizer's fast path),
	// then blend: most pixels are either untouched or fully covered.
	if cap(c.mask) < w*h {
		c.mask = make([]uint8, w*h)
	}
	mask := &image.Alpha{Pix: c.mask[:w*h], Stride: w, Rect: image.Rect(0, 0, w, h)}
	c.z.Draw(mask, mask.Rect, image.Opaque, image.Point{})
	c.blend(col, mask, r.Min)
}

// cover is the part of the image the solids' bounding box covers, in whole
// pixels; ok is false when that is nothing, so there is nothing to paint.
func (c *canvas) cover(solids [][]pt) (r image.Rectangle, ok bool) {
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, p := range solids {
		for _, q := range p {
			minX, minY = math.Min(minX, q.x), math.Min(minY, q.y)
			maxX, maxY = math.Max(maxX, q.x), math.Max(maxY, q.y)
		}
	}
	if minX > maxX {
		return image.Rectangle{}, false
	}
	r = image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX)), int(math.Ceil(maxY))).
		Intersect(c.img.Bounds())
	return r, !r.Empty()
}

// trace adds one closed polygon to the rasterizer, whose origin is at o in
// the image; one of fewer than three points encloses nothing and is passed
// over.
func (c *canvas) trace(p []pt, o image.Point) {
	if len(p) < 3 {
		return
	}
	ox, oy := float64(o.X), float64(o.Y)
	c.z.MoveTo(float32(p[0].x-ox), float32(p[0].y-oy))
	for _, q := range p[1:] {
		c.z.LineTo(float32(q.x-ox), float32(q.y-oy))
	}
	c.z.ClosePath()
}

// blend paints col through the coverage mask, whose top left is at o in the
// image, source over: fully covered pixels of an opaque colour are simply
// set, as most are, and partly covered ones mixed with what is there.
func (c *canvas) blend(col color.RGBA, mask *image.Alpha, o image.Point) {
	w, h := mask.Rect.Dx(), mask.Rect.Dy()
	sr, sg, sb, sa := uint32(col.R), uint32(col.G), uint32(col.B), uint32(col.A)
	for y := range h {
		row := c.img.Pix[c.img.PixOffset(o.X, o.Y+y):]
		for x, m := range mask.Pix[y*w : y*w+w] {
			if m == 0 {
				continue
			}
			p := row[4*x : 4*x+4 : 4*x+4]
			if m == 0xff && sa == 0xff {
				p[0], p[1], p[2], p[3] = col.R, col.G, col.B, 0xff
				continue
			}
			// Source over, premultiplied: the source's alpha is sa*m.
			ca := uint32(m) * sa / 0xff
			k := 0xff - ca
			p[0] = uint8((sr*ca + uint32(p[0])*k + 0x7f) / 0xff)
			p[1] = uint8((sg*ca + uint32(p[1])*k + 0x7f) / 0xff)
			p[2] = uint8((sb*ca + uint32(p[2])*k + 0x7f) / 0xff)
			p[3] = uint8((0xff*ca + uint32(p[3])*k + 0x7f) / 0xff)
		}
	}
}

// fillPoly paints one polygon.
func (c *canvas) fillPoly(col color.RGBA, p []pt) { c.fill(col, [][]pt{p}, nil) }

// circle returns a polygon approximating the circle of radius r around (cx, cy)
// with segments about 1.5 px long.
func circle(cx, cy, r float64) []pt {
	n := int(math.Ceil(2 * math.Pi * r / 1.5))
	n = max(16, min(n, 256))
	p := make([]pt, n)
	for i := range p {
		a := 2 * math.Pi * float64(i) / float64(n)
		p[i] = pt{cx + r*math.Cos(a), cy + r*math.Sin(a)}
	}
	return p
}

// roundRect returns the outline of r with corners of radius rad.
func roundRect(r rect, rad float64) []pt {
	rad = max(0, min(rad, r.w()/2, r.h()/2))
	if rad == 0 {
		return []pt{{r.x0, r.y0}, {r.x1, r.y0}, {r.x1, r.y1}, {r.x0, r.y1}}
	}
	n := max(3, int(math.Ceil(rad/1.5)))
	corners := [4]struct{ cx, cy, a0 float64 }{
		{r.x1 - rad, r.y0 + rad, -math.Pi / 2}, // top right
		{r.x1 - rad, r.y1 - rad, 0},            // bottom right
		{r.x0 + rad, r.y1 - rad, math.Pi / 2},  // bottom left
		{r.x0 + rad, r.y0 + rad, math.Pi},      // top left
	}
	p := make([]pt, 0, 4*(n+1))
	for _, c := range corners {
		for i := 0; i <= n; i++ {
			a := c.a0 + math.Pi/2*float64(i)/float64(n)
			p = append(p, pt{c.cx + rad*math.Cos(a), c.cy + rad*math.Sin(a)})
		}
	}
	return p
}

// strokePolys returns polygons covering a polyline stroked with width w: a
// quadrilateral per segment, a disc at each inner point for a round join and,
// when round is set, a disc at each end for a round cap.
func strokePolys(line []pt, w float64, round bool) [][]pt {
	var out [][]pt
	h := w / 2
	for i := 0; i+1 < len(line); i++ {
		p, q := line[i], line[i+1]
		dx, dy := q.x-p.x, q.y-p.y
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*h, dx/l*h
		out = append(out, []pt{{p.x + nx, p.y + ny}, {q.x + nx, q.y + ny}, {q.x - nx, q.y - ny}, {p.x - nx, p.y - ny}})
	}
	for i, p := range line {
		// Interior points always get a round join; the ends get a round cap
		// only when asked for (else the stroke ends flat).
		if round || (i > 0 && i < len(line)-1) {
			out = append(out, circle(p.x, p.y, h))
		}
	}
	return out
}

// dashes cuts a polyline into its "on" pieces for a dash pattern of on and
// off lengths, starting with a dash at the polyline's first point. A closed
// polyline must repeat its first point at the end.
func dashes(line []pt, on, off float64) [][]pt {
	var out [][]pt
	var cur []pt
	drawing, left := true, on
	cur = append(cur, line[0])
	for i := 0; i+1 < len(line); i++ {
		p, q := line[i], line[i+1]
		l := math.Hypot(q.x-p.x, q.y-p.y)
		pos := 0.0
		for l-pos > left {
			pos += left
			t := pos / l
			m := pt{p.x + (q.x-p.x)*t, p.y + (q.y-p.y)*t}
			if drawing {
				cur = append(cur, m)
				out = append(out, cur)
				cur = nil
				left = off
			} else {
				cur = []pt{m}
				left = on
			}
			drawing = !drawing
		}
		left -= l - pos
		if drawing {
			cur = append(cur, q)
		}
	}
	if drawing && len(cur) > 1 {
		out = append(out, cur)
	}
	return out
}

// stroke paints a polyline of width w in col, dashed when on > 0.
func (c *canvas) stroke(col color.RGBA, line []pt, w float64, round bool, on, off float64) {
	pieces := [][]pt{line}
	if on > 0 {
		pieces = dashes(line, on, off)
	}
	var polys [][]pt
	for _, p := range pieces {
		polys = append(polys, strokePolys(p, w, round)...)
	}
	c.fill(col, polys, nil)
}

// closed returns p with its first point repeated at the end.
func closed(p []pt) []pt { return append(append([]pt(nil), p...), p[0]) }

// hex turns 0xRRGGBB into an opaque colour.
func hex(v uint32) color.RGBA {
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}
