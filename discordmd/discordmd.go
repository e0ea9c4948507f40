// Package discordmd writes text for Discord's Markdown: it escapes corpus
// and user text so it shows literally, and never forms a mention.
package discordmd

import "strings"

// escaper escapes the characters Discord Markdown gives a meaning to.
var escaper = strings.NewReplacer(
	`\`, `\\`, `*`, `\*`, `_`, `\_`, "`", "\\`", `~`, `\~`, `|`, `\|`,
	`>`, `\>`, `#`, `\#`, `[`, `\[`, `]`, `\]`, `(`, `\(`, `)`, `\)`,
	`@`, "@\u200b", `<`, `\<`,
)

// unescaper undoes escaper: every escape it writes is read back.
var unescaper = strings.NewReplacer(
	`\\`, `\`, `\*`, `*`, `\_`, `_`, "\\`", "`", `\~`, `~`, `\|`, `|`,
	`\>`, `>`, `\#`, `#`, `\[`, `[`, `\]`, `]`, `\(`, `(`, `\)`, `)`,
	"@\u200b", `@`, `\<`, `<`,
)

// Escape makes text show literally in Discord: Markdown characters are
// escaped and "@" is followed by a zero-width space so mentions never form,
// even where a client ignores allowed_mentions.
func Escape(s string) string {
	s = escaper.Replace(s)
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		s = `\` + s // a list marker at the start of a line
	}
	return s
}

// Unescape returns the text that Escape turned into s: Unescape(Escape(t))
// is t. Text that Escape did not write comes back with its escapes read.
func Unescape(s string) string {
	if strings.HasPrefix(s, `\-`) || strings.HasPrefix(s, `\+`) {
		s = s[1:]
	}
	return unescaper.Replace(s)
}
