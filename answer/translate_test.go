package answer

import (
	"strings"
	"testing"

	"github.com/summitbot/summitbot/corpus"
)

func TestTranslate(t *testing.T) {
	a := New(&corpus.Catalogue{Terms: []corpus.Term{
		{"en": {"Bolton"}, "ko": {"볼턴"}},
		{"en": {"memoir"}, "ko": {"회고록"}},
		{"en": {"book"}, "ko": {"책"}},
		{"en": {"liaison office"}, "ko": {"연락사무소", "연락 사무소"}},
		{"en": {"joint liaison office"}, "ko": {"공동연락사무소"}},
	}}, nil)
	tests := []struct {
		question string
		want     string // the tokens' words after translation
		ok       bool
	}{
		{"볼턴 회고록 제목이 뭐야?", "bolton memoir 제목이 뭐야", true},
		{"볼턴의 책이 뭐야", "bolton book 뭐야", true},
		{"책임은 누구야", "책임은 누구야", false},                     // 책 with no particle after it
		{"연락 사무소는 왜 폭파됐어", "liaison office 왜 폭파됐어", true}, // two words
		{"공동연락사무소는 어디", "joint liaison office 어디", true},  // the longest form
		{"who wrote bolton's book", "who write bolton s book", false},
	}
	for _, tt := range tests {
		toks, ok := a.translate(tokenize(sanitize(tt.question)))
		var got []string
		for _, tok := range toks {
			got = append(got, tok.raw)
		}
		if strings.Join(got, " ") != tt.want || ok != tt.ok {
			t.Errorf("translate(%q) = %q, %v; want %q, %v", tt.question, strings.Join(got, " "), ok, tt.want, tt.ok)
		}
	}
}

func TestTranslatedQuestionAsksAsItsWordsSay(t *testing.T) {
	a := New(&corpus.Catalogue{Terms: []corpus.Term{{"en": {"title"}, "ko": {"제목"}}}}, nil)
	q := a.parse("회고록 제목이 뭐야?")
	if got := askedOf(q.toks); got != askName {
		t.Errorf("asked = %s, want %s: 제목 is the title asked for", got, askName)
	}
	if !q.translated {
		t.Error("translated = false")
	}
}
