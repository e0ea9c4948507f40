package answer

import (
	"slices"
	"strings"
	"testing"
)

// An answer's sentences are cut as the corpus cuts passages: after an
// abbreviation or an initial no sentence ends, and a closing quote after
// the full stop ends one (the answerer's own splitter, before it called
// corpus.Sentences, cut "Mr." off and kept a quoted sentence whole).
func TestSentencesAsPassagesAreCut(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Mr. Moon met Kim. They talked.", []string{"Mr. Moon met Kim.", "They talked."}},
		{"Kim met the U.S. President in June.", []string{"Kim met the U.S. President in June."}},
		{`He said "No." Then he left.`, []string{`He said "No."`, "Then he left."}},
		{"One. Two? Three 12.5 and U.S. four. 다섯. 여섯", []string{"One.", "Two?", "Three 12.5 and U.S. four.", "다섯.", "여섯"}},
	}
	for _, tt := range tests {
		if got := sentences(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("sentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A question is cleaned as corpus.CleanText cleans typed text (format
// characters dropped), with colour codes and mentions turned into spaces
// too; where the cut at maxQuestionRunes falls after a space, no space is
// left at the end (before corpus.CleanText, one was).
func TestSanitize(t *testing.T) {
	head := strings.Repeat("x", maxQuestionRunes-6) + " when"
	tests := []struct{ in, want string }{
		{"  when\tdid they <@123> me\u200bet\x1b[31m?\n", "when did they meet ?"},
		{"why did \u202eimmuS ionaH\u202c fail", "why did immuS ionaH fail"},
		{"when <t:1551312000:R> did </ask:1> they meet <:kim:2> @everyone", "when did they meet"},
		{"when did they meet <@\u200b123> <@\u2060&4>", "when did they meet"},
		{string([]byte{'a', 0xff, 'b'}), "a b"},
		{head + " did they meet", head},
	}
	for _, tt := range tests {
		if got := sanitize(tt.in); got != tt.want {
			t.Errorf("sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
