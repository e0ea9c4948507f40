package answer

import (
	"context"
	"testing"
	"unicode/utf8"
)

// FuzzAnswer: any text, however hostile, never panics, and a Found answer
// is short valid UTF-8 with a passage tagged with its event.
func FuzzAnswer(f *testing.F) {
	for _, s := range []string{
		"When was the Singapore summit?",
		"how long did trump and kim talk at the dmz",
		"What did North Korea want at Hanoi?",
		"Will they meet again?",
		"싱가포르 정상회담은 언제 열렸나요?",
		"2019",
		"the first the second the third the fourth the fifth summit",
		"june 30 30 june 2019 feb 28th 12th",
		"\xff\xfe\x00@everyone **hanoi** ||x||",
		"Singapur Hanoy Panmunjon Vietnma sentossa",
		"",
	} {
		f.Add(s)
	}
	a := defaultAnswerer(f, fakeSearch(nil))
	f.Fuzz(func(t *testing.T, q string) {
		ans, err := a.Answer(context.Background(), q)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if !utf8.ValidString(ans.Question) || utf8.RuneCountInString(ans.Question) > maxQuestionRunes {
			t.Errorf("%q: question %q", q, ans.Question)
		}
		if !ans.Found {
			if ans.Text != "" {
				t.Errorf("%q: not found but text %q", q, ans.Text)
			}
			return
		}
		if ans.Text == "" || !utf8.ValidString(ans.Text) || utf8.RuneCountInString(ans.Text) > maxTextRunes {
			t.Errorf("%q: text %q", q, ans.Text)
		}
		if len(ans.Events) == 0 || !anyTagged(ans.Passages, ans.Events) {
			t.Errorf("%q: events %v passages %+v", q, ans.Events, ans.Passages)
		}
	})
}
