package discordmd

import (
	"regexp"
	"strings"
	"unicode"
)

var (
	// tokens are Discord's own markup: user, role and channel mentions,
	// custom emoji, timestamps, slash command mentions, guild navigation
	// (<id:home>), and @everyone and @here.
	tokens = regexp.MustCompile(`<(?:@[!&]?\d+|#\d+|a?:[\w~]*:\d+|t:-?\d+(?::\w)?|/[^<>\n]{1,100}:\d+|id:\w+)>|@(?:everyone|here)\b`)
	// maskedLinks are Markdown links, [label](url "title"); the label is
	// group 1. A URL may hold one level of parentheses, as
	// javascript:alert(1) or a Wikipedia address does.
	maskedLinks = regexp.MustCompile(`\[([^\[\]\n]*)\]\(\s*<?(?:[^()\s<>]|\([^()\s<>]*\))*>?(?:\s+"[^"\n]*")?\s*\)`)
	// bareURLs are links (and <links> that hide their preview).
	bareURLs = regexp.MustCompile(`<?[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s<>]*>?`)
	// lineMarks are Markdown's block marks at the start of a line:
	// headings, subtext, quotes and list bullets.
	lineMarks = regexp.MustCompile(`(?m)^[ \t]*(?:#{1,3}[ \t]|-#[ \t]|>>>[ \t]?|>[ \t]?|[-*+][ \t])`)
	// inlineMarks are Markdown's inline marks (bold, italics, underline,
	// strike-through, spoilers, code, escapes) and what is left of
	// Discord's markup: with "<", ">" and "@" gone no mention can form
	// again out of what the removals before left side by side.
	inlineMarks = strings.NewReplacer("*", " ", "_", " ", "~", " ", "|", " ", "`", " ", `\`, " ", "<", " ", ">", " ", "@", " ")
)

// StripTokens turns Discord's markup tokens into spaces: user, role and
// channel mentions (<@1>, <@!1>, <@&1>, <#1>), custom emoji (<:name:1>,
// <a:name:1>), timestamps (<t:1551312000:R>), slash command mentions
// (</search:1>), guild navigation (<id:home>), @everyone and @here. They
// are no words of the text, and an id kept would be a user's, in logs.
// Unicode format characters (Cf: zero-width spaces, bidi overrides) are
// dropped too, so none can hide a token. Everything else, Markdown
// included, stays as it is, and no token is left, not even one that a
// removal formed ("</a <@1> b:1>" leaves "</a   b:1>", itself a command's
// mention).
func StripTokens(s string) string {
	// Format characters first: invisible, they would hide a token from
	// the pattern (<@\u200b123>) and leave its id behind.
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	// Each pass makes s shorter (a token is longer than its space), so
	// the loop ends; a second pass is rare.
	for tokens.MatchString(s) {
		s = tokens.ReplaceAllString(s, " ")
	}
	return s
}

// Plain is what the text says without Discord's markup: StripTokens, then
// links (a masked link keeps its label) and Markdown's marks go, every
// removal leaving a space so that nothing joins up. Nothing that pings,
// links or formats is left: no "*_~|`\<>@" and no "scheme://". White
// space is not folded (corpus.CleanText does that).
func Plain(s string) string {
	s = StripTokens(s)
	s = maskedLinks.ReplaceAllString(s, " $1 ")
	s = bareURLs.ReplaceAllString(s, " ")
	s = lineMarks.ReplaceAllString(s, " ")
	return inlineMarks.Replace(s)
}
