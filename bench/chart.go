package main

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

var engineStyle = map[string]struct {
	color color.Color
	shape draw.GlyphDrawer
	label string
}{
	engSummitbot: {color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}, draw.CircleGlyph{}, "summitbot"},
	engBleve:     {color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}, draw.SquareGlyph{}, "Bleve, default mapping"},
	engFTS5:      {color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}, draw.TriangleGlyph{}, "SQLite FTS5"},
}

// drawChart writes two panels side by side: index build time and query
// p99 against corpus size, both axes logarithmic, one line per engine.
func drawChart(name string, runs []*RunResult) error {
	var sizes []float64
	for _, r := range runs {
		sizes = append(sizes, float64(r.Passages))
	}
	build := newPanel("Index build time (indexing only)", "seconds", sizes)
	lat := newPanel("Search p99 with highlights (32 queries)", "milliseconds", sizes)
	for _, eng := range allEngines {
		st := engineStyle[eng]
		var bp, lp, tp plotter.XYs
		for _, r := range runs {
			if e := r.engine(eng); e != nil {
				bp = append(bp, plotter.XY{X: float64(r.Passages), Y: e.BuildS})
				lp = append(lp, plotter.XY{X: float64(r.Passages), Y: e.P99Ms})
				if eng == engSummitbot {
					tp = append(tp, plotter.XY{X: float64(r.Passages), Y: e.BuildTotalS})
				}
			}
		}
		if len(bp) == 0 {
			continue
		}
		if err := addLine(build, bp, st.color, st.shape, st.label, false); err != nil {
			return err
		}
		if len(tp) > 0 {
			if err := addLine(build, tp, st.color, st.shape, st.label+" incl. load, split, tag", true); err != nil {
				return err
			}
		}
		if err := addLine(lat, lp, st.color, st.shape, st.label, false); err != nil {
			return err
		}
	}
	for _, p := range []*plot.Plot{build, lat} {
		p.Y.Tick.Marker = logTicks{}
		pad(p)
	}

	img := vgimg.NewWith(vgimg.UseWH(16*vg.Inch, 6.5*vg.Inch), vgimg.UseDPI(110))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Inch / 2, PadTop: vg.Inch / 5, PadBottom: vg.Inch / 5, PadLeft: vg.Inch / 5, PadRight: vg.Inch / 5}
	canvases := plot.Align([][]*plot.Plot{{build, lat}}, tiles, dc)
	build.Draw(canvases[0][0])
	lat.Draw(canvases[0][1])
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func newPanel(title, ylabel string, sizes []float64) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(17)
	p.Title.Padding = vg.Points(8)
	p.X.Label.Text = "corpus size (passages, log scale)"
	p.Y.Label.Text = ylabel + " (log scale)"
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = vg.Points(14)
		a.Tick.Label.Font.Size = vg.Points(13)
		a.Scale = plot.LogScale{}
	}
	var ticks []plot.Tick
	for _, s := range sizes {
		ticks = append(ticks, plot.Tick{Value: s, Label: shortCount(s)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.TextStyle.Font.Size = vg.Points(13)
	p.Legend.Padding = vg.Points(4)
	p.Legend.XOffs = vg.Points(8)
	p.Legend.YOffs = -vg.Points(8)
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 0xdd}
	grid.Horizontal.Color = color.Gray{Y: 0xdd}
	p.Add(grid)
	return p
}

func addLine(p *plot.Plot, xys plotter.XYs, c color.Color, shape draw.GlyphDrawer, label string, dashed bool) error {
	l, pts, err := plotter.NewLinePoints(xys)
	if err != nil {
		return err
	}
	l.Color = c
	l.Width = vg.Points(2.5)
	if dashed {
		l.Dashes = []vg.Length{vg.Points(7), vg.Points(5)}
		l.Width = vg.Points(1.8)
	}
	pts.Color = c
	pts.Shape = shape
	pts.Radius = vg.Points(5)
	if dashed {
		pts.Shape = draw.RingGlyph{}
	}
	p.Add(l, pts)
	p.Legend.Add(label, l, pts)
	return nil
}

// pad widens the axes a little so points are not drawn on the frame and
// the legend has room above the lines.
func pad(p *plot.Plot) {
	p.X.Min /= 1.4
	p.X.Max *= 1.4
	p.Y.Min /= 1.6
	p.Y.Max *= 4
}

// logTicks labels 1, 2 and 5 times each power of ten inside the range.
type logTicks struct{}

func (logTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		base := math.Pow(10, e)
		for _, m := range []float64{1, 2, 5} {
			v := m * base
			if v >= min && v <= max {
				ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)})
			}
		}
		for m := 1.0; m < 10; m++ {
			v := m * base
			if m != 1 && m != 2 && m != 5 && v >= min && v <= max {
				ticks = append(ticks, plot.Tick{Value: v}) // minor
			}
		}
	}
	return ticks
}

func shortCount(n float64) string {
	switch {
	case n >= 1e6 && math.Mod(n, 1e5) == 0:
		return strconv.FormatFloat(n/1e6, 'g', -1, 64) + "M"
	case n >= 1e3 && math.Mod(n, 100) == 0:
		return strconv.FormatFloat(n/1e3, 'g', -1, 64) + "k"
	}
	return fmt.Sprint(int(n))
}
