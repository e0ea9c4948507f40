// Package timeline draws the summit timeline as a PNG image for the bot's
// /timeline command.
//
// Render places every dated event on a date axis with month and year ticks,
// puts prospective events that have no date yet past the last dated one on a
// dashed "future" stretch of the axis, and labels each event with a card
// holding its name, its dates and its place, joined to its marker by a
// leader line. The cards go into lanes above and below the axis, alternating
// sides, so that they never overlap one another and never leave the image;
// leader lines keep the order of their markers and pass outer lanes only
// through gaps, so that, wherever the space allows it, they cross neither
// cards nor each other. Crowded dates
// fan the cards out sideways, then stack them in more lanes (the image
// grows taller), and, where that is still not enough, make the cards
// narrower and drop the place line.
//
// The picture is an opaque, light, rounded card with dark text, so it reads
// the same on Discord's dark (#313338) and light (#FFFFFF) themes, and its
// font sizes are chosen for Discord's preview (about 550 px wide for the
// default 1200 px image).
//
// # Drawing library
//
// The package draws with golang.org/x/image alone: vector (an anti-aliasing
// path rasterizer), font/opentype and font (text shaping and drawing), and the
// Go fonts of font/gofont (goregular, gomedium, gobold). It was chosen over
// the other candidates because:
//
//   - It is maintained by the Go team, released in step with the Go toolchain
//     (v0.47.0 here), BSD-3-Clause like Go itself, pure Go without cgo, and
//     brings no dependency beyond golang.org/x/text.
//   - The Go fonts are compiled into the binary, so no system font is ever
//     looked up and the image renders the same on every machine.
//   - github.com/fogleman/gg has had no release since v1.3.0 (2019) and rests
//     on github.com/golang/freetype, which is unmaintained too.
//   - github.com/tdewolff/canvas is maintained but published only as
//     pseudo-versions and pulls in a large dependency tree (PDF, SVG, font
//     subsetting, HarfBuzz port) for what is a single raster image here.
//   - gonum.org/v1/plot is built for data plots; a labelled timeline with
//     collision-free cards would fight its axis and legend model, and it adds
//     its own dependency tree on top of golang.org/x/image.
//
// The few shapes the timeline needs (rounded rectangles, discs, rings, solid
// and dashed strokes) are built as polygons and filled with vector.Rasterizer.
//
// # Determinism
//
// Rendering uses no clock, no randomness, no map iteration and no global
// state, and image/png writes no timestamp, so the same input yields
// byte-identical PNG output within one build. Fonts are parsed on every call
// (parsing is lazy and takes microseconds), so the package holds no state.
package timeline
