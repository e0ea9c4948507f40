package index

import "strings"

// The highlighter wraps matches in these control characters, which never
// occur in passage text, so escaping can tell matches from corpus text.
const (
	markOpen      = "\x02"
	markClose     = "\x03"
	markOpenRune  = '\x02'
	markCloseRune = '\x03'
)

// markdownEscaper escapes the characters Discord Markdown gives a meaning to.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, `*`, `\*`, `_`, `\_`, "`", "\\`", `~`, `\~`, `|`, `\|`,
	`>`, `\>`, `#`, `\#`, `[`, `\[`, `]`, `\]`, `(`, `\(`, `)`, `\)`,
	`@`, "@\u200b", `<`, `\<`,
)

// EscapeMarkdown makes text show literally in Discord: Markdown characters
// are escaped and "@" is followed by a zero-width space so mentions never
// form, even where a client ignores allowed_mentions.
func EscapeMarkdown(s string) string {
	s = markdownEscaper.Replace(s)
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		s = `\` + s // a list marker at the start of a line
	}
	return s
}

// renderFragment turns a highlighter fragment into Discord Markdown.
func renderFragment(frag string) string {
	var b strings.Builder
	for {
		i := strings.Index(frag, markOpen)
		if i < 0 {
			b.WriteString(EscapeMarkdown(strings.ReplaceAll(frag, markClose, "")))
			return b.String()
		}
		b.WriteString(EscapeMarkdown(strings.ReplaceAll(frag[:i], markClose, "")))
		frag = frag[i+len(markOpen):]
		j := strings.Index(frag, markClose)
		if j < 0 {
			j = len(frag)
		}
		if word := strings.ReplaceAll(frag[:j], markOpen, ""); word != "" {
			b.WriteString("**" + EscapeMarkdown(word) + "**")
		}
		frag = frag[min(j+len(markClose), len(frag)):]
	}
}
