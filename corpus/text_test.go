package corpus

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
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
		// format characters go without a trace: the text as it looks
		{"CleanText", CleanText, "Hanoi \u202esnoitcnas\u202c talks", 50, "Hanoi snoitcnas talks"},
		{"CleanText", CleanText, "\u2066\u2067x\u2068\u2069 \u202a\u202b\u202dy\u200e\u200f", 50, "x y"},
		{"CleanText", CleanText, "denu\u00adclearisation", 50, "denuclearisation"},
		{"CleanText", CleanText, "zero\u200bwidth", 50, "zerowidth"},
		{"CleanText", CleanText, "\ufeffKim\u200d \u2060Trump\u200c", 50, "Kim Trump"},
		{"CleanText", CleanText, "a \u200b b", 50, "a b"},
		{"CleanText", CleanText, "\u200b\u00ad", 50, ""},
		{"CleanText", CleanText, "한\u200b국", 50, "한국"},
		// the cut counts the runes kept, not the dropped ones
		{"CleanText", CleanText, "\u200b\u200b\u200babcd", 3, "abc"},
	} {
		if got := tt.fn(tt.in, tt.n); got != tt.want {
			t.Errorf("%s(%q, %d) = %q, want %q", tt.name, tt.in, tt.n, got, tt.want)
		}
	}
}

// Whatever is typed, CleanText leaves valid UTF-8 with no control or
// format character, no space at either end or twice in a row, at most n
// runes, and cleaning it again changes nothing.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"", "  hanoi\tsummit\n", "Hanoi \u202esnoitcnas\u202c talks", "denu\u00adclear", "\xff\u200b\ufeff", "a\u0085b\u2028c"} {
		f.Add(s, uint8(20))
	}
	f.Fuzz(func(t *testing.T, s string, n uint8) {
		got := CleanText(s, int(n))
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > int(n) {
			t.Fatalf("CleanText(%q, %d) = %q: invalid or too long", s, n, got)
		}
		if strings.ContainsFunc(got, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) {
			t.Fatalf("CleanText(%q, %d) = %q: control or format characters left", s, n, got)
		}
		if got != strings.TrimSpace(got) || strings.Contains(got, "  ") {
			t.Fatalf("CleanText(%q, %d) = %q: spaces not folded", s, n, got)
		}
		if again := CleanText(got, int(n)); again != got {
			t.Fatalf("CleanText(%q, %d) = %q, cleaned again %q", s, n, got, again)
		}
	})
}
