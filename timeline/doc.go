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
// Go fonts of font/gofont (goregular, gomedium, gobold), plus, for Korean, the
// embedded Noto Sans CJK KR (see Korean). It was chosen over
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
// # Korean
//
// With Options.Locale "ko" the picture is Korean: the events' Korean names,
// dates as "2019년 2월 27–28일", ticks as "2019년" and "7월", and Korean
// words, all drawn in Noto Sans CJK KR, Regular and Bold, since the Go fonts
// have no Hangul. The Latin of places and titles is drawn in Noto Sans too,
// so the two scripts match; a character the Noto subset lacks (Latin beyond
// Latin-1, such as "ğ" or "ł", which the font itself lacks too, Greek,
// Cyrillic) is drawn, rune by rune, with the Go font of the same weight,
// and measured with it too, so the Korean picture draws whatever the
// English one does. A character neither has (Hanja, Thai, emoji) becomes
// "?" in both.
//
// The fonts are embedded under fonts/ as subsets made by
// scripts/subset-hangul-font.sh from Debian's fonts-noto-cjk
// 1:20220127+repack1-1: all 11,172 Hangul syllables, the Hangul Jamo and
// compatibility Jamo, Basic Latin, Latin-1, general punctuation, CJK
// symbols and punctuation and fullwidth forms, without hints, which
// golang.org/x/image does not use for CFF outlines, and without the layout
// tables but GPOS's kern pairs, which it reads. Its opentype.Face.Kern
// ignores the size (golang/go#46727), so the Korean faces scale the kern
// themselves. That cuts each 19–20 MB collection to 1.2 MB (1,186,116 and
// 1,206,932 bytes), and the binary grows by 2.4 MB.
//
// Noto Sans CJK KR was chosen over NanumGothic (fonts-nanum), the other
// SIL OFL 1.1 Hangul font Debian packages, because:
//
//   - Its only Reserved Font Name is "Source", which its name does not use,
//     so the subset, a Modified Version under the OFL, keeps every record
//     of its name table (English and Korean) and its notices unchanged.
//     NanumGothic reserves "Nanum", "NanumGothic" and more, so a subset
//     would have to be renamed.
//   - Its Latin is Source Sans, which sets English places cleanly beside the
//     Hangul; golang.org/x/image/font/opentype reads its CID-keyed CFF
//     outlines.
//   - Its subsets are a little smaller: 1.18 MB for Regular against
//     1.34 MB for NanumGothic cut the same way (both without kerning).
//
// The fonts are licensed under the SIL Open Font License 1.1, copyright
// Adobe; fonts/OFL.txt holds the licence and the copyright notice and must
// go with them. The fonts' own name tables, embedded in the binary, keep
// the copyright line, a licence notice and the licence's address (name IDs
// 0, 13 and 14), but not the licence's full text: whoever ships the binary
// alone (the Docker image) should ship fonts/OFL.txt beside it.
//
// # Determinism
//
// Rendering uses no clock, no randomness, no map iteration and no global
// state, and image/png writes no timestamp, so the same input yields
// byte-identical PNG output within one build, in either language. Fonts are
// parsed on every call (parsing is lazy: microseconds for the Go fonts,
// which Korean parses too, as fallback, and about 0.13 ms for the two
// Hangul fonts, against some 90 ms for a render), so the package holds no
// state; the embedded font files are read only.
package timeline
