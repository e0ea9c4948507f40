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
// UTF-8, control characters turned into spaces, runs of white space folded
// into single spaces, at most n runes, and no space at either end (not even
// where the cut fell).
func CleanText(s string, n int) string {
	s = strings.ToValidUTF8(s, " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.TrimRight(CutRunes(clean(s), n), " ")
}
