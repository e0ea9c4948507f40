package corpus

import (
	"strings"
	"testing"
)

// CutRunes cuts where it is told and keeps what it finds there; CleanText
// also makes the text safe and leaves no space at either end.
func TestCutRunesAndCleanText(t *testing.T) {
	for _, tt := range []struct {
		name string
		fn   func(string, int) string
		in   string
		n    int
		want string
	}{
		{"CutRunes", CutRunes, "short", 10, "short"},
		{"CutRunes", CutRunes, "exact", 5, "exact"},
		{"CutRunes", CutRunes, "héllo wörld", 7, "héllo w"},
		{"CutRunes", CutRunes, "a b", 2, "a "}, // the cut keeps what it finds
		{"CutRunes", CutRunes, "", 3, ""},
		{"CleanText", CleanText, "  hanoi\tsummit\n", 50, "hanoi summit"},
		{"CleanText", CleanText, "a\x00b\x1bc\u0085d\x7fe", 50, "a b c d e"},
		{"CleanText", CleanText, string([]byte{'a', 0xff, 'b'}), 50, "a b"},
		{"CleanText", CleanText, strings.Repeat("é", 60), 50, strings.Repeat("é", 50)},
		// no space left where the cut fell
		{"CleanText", CleanText, "abc def", 4, "abc"},
		{"CleanText", CleanText, "abc   def", 4, "abc"},
		// format characters are not control characters: they stay
		{"CleanText", CleanText, "zero\u200bwidth", 50, "zero\u200bwidth"},
	} {
		if got := tt.fn(tt.in, tt.n); got != tt.want {
			t.Errorf("%s(%q, %d) = %q, want %q", tt.name, tt.in, tt.n, got, tt.want)
		}
	}
}
