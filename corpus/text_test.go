package corpus

import (
	"strings"
	"testing"
)

func TestCutRunes(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exact", 5, "exact"},
		{"héllo wörld", 7, "héllo w"},
		{"cut after a space ", 6, "cut af"},
		{"a b", 2, "a "}, // the cut keeps what it finds
		{"", 3, ""},
	}
	for _, tt := range tests {
		if got := CutRunes(tt.in, tt.n); got != tt.want {
			t.Errorf("CutRunes(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"  hanoi\tsummit\n", 50, "hanoi summit"},
		{"a\x00b\x1bc\u0085d\x7fe", 50, "a b c d e"},
		{string([]byte{'a', 0xff, 'b'}), 50, "a b"},
		{strings.Repeat("é", 60), 50, strings.Repeat("é", 50)},
		// no space left where the cut fell
		{"abc def", 4, "abc"},
		{"abc   def", 4, "abc"},
		// format characters are not control characters: they stay
		{"zero\u200bwidth", 50, "zero\u200bwidth"},
	}
	for _, tt := range tests {
		if got := CleanText(tt.in, tt.n); got != tt.want {
			t.Errorf("CleanText(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
