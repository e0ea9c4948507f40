package sbtune

import (
	"strings"

	"github.com/summitbot/summitbot/discordmd"
)

// The highlighter wraps matches in these control characters, which never
// occur in passage text, so escaping can tell matches from corpus text.
const (
	markOpen      = "\x02"
	markClose     = "\x03"
	markOpenRune  = '\x02'
	markCloseRune = '\x03'
)

// renderFragment turns a highlighter fragment into Discord Markdown.
func renderFragment(frag string) string {
	var b strings.Builder
	for {
		i := strings.Index(frag, markOpen)
		if i < 0 {
			b.WriteString(discordmd.Escape(strings.ReplaceAll(frag, markClose, "")))
			return b.String()
		}
		b.WriteString(discordmd.Escape(strings.ReplaceAll(frag[:i], markClose, "")))
		frag = frag[i+len(markOpen):]
		j := strings.Index(frag, markClose)
		if j < 0 {
			j = len(frag)
		}
		if word := strings.ReplaceAll(frag[:j], markOpen, ""); word != "" {
			b.WriteString("**" + discordmd.Escape(word) + "**")
		}
		frag = frag[min(j+len(markClose), len(frag)):]
	}
}
