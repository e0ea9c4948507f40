package bot

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Discord's limits, counted in characters (runes).
const (
	maxContent     = 2000
	maxEmbedTitle  = 256
	maxEmbedDesc   = 4096
	maxEmbedFields = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxAuthorName  = 256
	maxEmbedsTotal = 6000
	maxEmbeds      = 10
	maxChoices     = 25
	maxChoiceRunes = 100
	maxCustomID    = 100
)

// truncate cuts s to at most n runes, ending with an ellipsis when cut. It
// never leaves a dangling backslash or an unclosed "**" from a highlight.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 1 {
		return string([]rune(s)[:max(n, 0)])
	}
	r := []rune(s)[:n-1]
	out := string(r)
	// An escape cut in half would escape the ellipsis.
	trailing := len(out) - len(strings.TrimRight(out, `\`))
	if trailing%2 == 1 {
		out = out[:len(out)-1]
	}
	if strings.Count(out, "**")%2 == 1 {
		i := strings.LastIndex(out, "**")
		out = out[:i] + strings.ReplaceAll(out[i+2:], "**", "")
	}
	return out + "…"
}

// fitEmbeds enforces every embed limit on embeds, in place: each part is cut
// to its own limit, then whole fields are dropped from the end, and finally
// descriptions shortened, until the total fits.
func fitEmbeds(embeds []*discordgo.MessageEmbed) []*discordgo.MessageEmbed {
	if len(embeds) > maxEmbeds {
		embeds = embeds[:maxEmbeds]
	}
	for _, e := range embeds {
		e.Title = truncate(e.Title, maxEmbedTitle)
		e.Description = truncate(e.Description, maxEmbedDesc)
		if len(e.Fields) > maxEmbedFields {
			e.Fields = e.Fields[:maxEmbedFields]
		}
		for _, f := range e.Fields {
			f.Name = truncate(f.Name, maxFieldName)
			f.Value = truncate(f.Value, maxFieldValue)
			if f.Name == "" {
				f.Name = "\u200b"
			}
			if f.Value == "" {
				f.Value = "\u200b"
			}
		}
		if e.Footer != nil {
			e.Footer.Text = truncate(e.Footer.Text, maxFooter)
		}
		if e.Author != nil {
			e.Author.Name = truncate(e.Author.Name, maxAuthorName)
		}
	}
	for embedsLength(embeds) > maxEmbedsTotal {
		// Drop the last field of the last embed that has fields.
		dropped := false
		for i := len(embeds) - 1; i >= 0 && !dropped; i-- {
			if n := len(embeds[i].Fields); n > 0 {
				embeds[i].Fields = embeds[i].Fields[:n-1]
				dropped = true
			}
		}
		if dropped {
			continue
		}
		// No fields left: shorten the longest description.
		longest := embeds[0]
		for _, e := range embeds {
			if utf8.RuneCountInString(e.Description) > utf8.RuneCountInString(longest.Description) {
				longest = e
			}
		}
		excess := embedsLength(embeds) - maxEmbedsTotal
		longest.Description = truncate(longest.Description, max(0, utf8.RuneCountInString(longest.Description)-excess-1))
	}
	return embeds
}

// embedsLength is what Discord counts against the 6000-character total.
func embedsLength(embeds []*discordgo.MessageEmbed) int {
	n := 0
	for _, e := range embeds {
		n += utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
		for _, f := range e.Fields {
			n += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
		}
		if e.Footer != nil {
			n += utf8.RuneCountInString(e.Footer.Text)
		}
		if e.Author != nil {
			n += utf8.RuneCountInString(e.Author.Name)
		}
	}
	return n
}

// utf16Len counts what JavaScript (and so Discord) counts for custom_id.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
