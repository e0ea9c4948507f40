package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CutRunes returns the first n runes of s, or s when it has no more.
func CutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// CleanText makes text someone typed safe to look at and to keep: valid
// UTF-8, control characters (Cc) turned into spaces, format characters
// (Cf: bidi overrides and isolates, zero-width spaces and joiners, soft
// hyphens, BOMs) dropped, runs of white space folded into single spaces,
// at most n runes, and no space at either end (not even where the cut
// fell).
//
// Format characters are invisible, so the text kept is the text as it
// looks: a bidi override cannot show it reversed, and a soft hyphen or a
// zero-width space inside a word (a wrapping hint from a web page, or a
// trick to dodge a filter) does not split it. Even a zero-width space
// between words goes rather than becoming a space: the words show joined,
// and the bot's languages, English and Korean, separate words with spaces.
func CleanText(s string, n int) string {
	s = strings.ToValidUTF8(s, " ")
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r):
			return ' '
		case unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
	return strings.TrimRight(CutRunes(clean(s), n), " ")
}
