package bot

import (
	"testing"

	"github.com/summitbot/summitbot/corpus"
)

func TestEventMatchRanks(t *testing.T) {
	hanoi := &corpus.Event{ID: "hanoi", Name: "Hanoi summit", Names: corpus.Text{"en": "Hanoi summit", "ko": "하노이 정상회담"}, Aliases: []string{"vietnam"}}
	tests := []struct {
		typed string
		rank  int
		ok    bool
	}{
		{"", 0, true},
		{"han", 0, true},
		{"하노", 0, true},
		{"summ", 1, true},
		{"정상", 1, true},
		{"noi", 2, true},
		{"viet", 3, true},
		{"moscow", 0, false},
	}
	for _, tt := range tests {
		rank, ok := eventMatch(hanoi, tt.typed)
		if ok != tt.ok || ok && rank != tt.rank {
			t.Errorf("eventMatch(%q) = %d, %v; want %d, %v", tt.typed, rank, ok, tt.rank, tt.ok)
		}
	}
}
