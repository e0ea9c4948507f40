package answer

import "testing"

func TestFocus(t *testing.T) {
	cases := []struct {
		name, msg string
		want      string
		more      bool
	}{
		{"plain", "When was the Singapore summit?", "When was the Singapore summit?", false},
		{"greeting and laughter go", "hey bot lol when was the singapore summit", "when was the singapore summit", false},
		{"slang is read as words", "wat hotel was it at", "what hotel was it at", false},
		{"no question mark", "is there gonna be a 4th summit", "is there going to be a 4th summit", false},
		{"the first of two questions, and a note", "when was hanoi? and who was there?", "when was hanoi?", true},
		{"wanna know is not what is asked", "wanna know what exports the un sanctions banned", "what exports the un sanctions banned", false},
		{"a question buried in a story is read from its question word", "my roommate says hanoi fell apart. why did it fail?",
			"why hanoi fell apart. why did it fail?", false},
		{"a short question takes the story's words, without who told it", "my dad and i were arguing about hanoi. who's right?",
			"who and were about hanoi. who is", false},
		{"a clause that tells is not a question", "i was reading reddit that kim flew to singapore. how did he get there?",
			"how was that kim flew to singapore. how did he get there?", false},
		{"two questions in one sentence", "where did kim switch to a car, and how long was the train ride",
			"where did kim switch to a car", true},
		{"never mind takes back what came before", "where did the sixth test… nvm, where did lee young-guk go after his escape",
			"where did lee young-guk go after his escape", false},
		{"what is remembered after the comma tells, the rest stays", "what did trump show kim, i remember something about a car",
			"what did trump show kim, something about a car", false},
		{"a question after the comma is kept whole", "what did trump show kim, i mean was it a car?", "what did trump show kim, i mean was it a car?", false},
		{"who was in the room asks who was there", "who was in the room with trump n kim", "who was there with trump and kim", false},
		{"a question that says it all is kept alone", "i was reading about the summits. how did kim travel to hanoi?", "how did kim travel to hanoi?", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _, more := focus(c.msg, nil)
			if got != c.want || more != c.more {
				t.Errorf("focus(%q) = %q, %v; want %q, %v", c.msg, got, more, c.want, c.more)
			}
		})
	}
}

func TestFocusCore(t *testing.T) {
	a := defaultAnswerer(t, nil)
	msg := "so my roommate says hanoi fell apart bc bolton sabotaged it. why did it actually fail?"
	focused, core, _ := focus(msg, nil)
	if core != "why did it actually fail?" {
		t.Fatalf("core = %q", core)
	}
	q := a.parse(focused)
	q.core = stemSet(core)
	p := a.newProbe(q)
	for _, w := range p.words {
		if story := w.stem != "fail"; w.story != story || w.must {
			t.Errorf("%s: story %v must %v; only 'fail' is the question's own", w.stem, w.story, w.must)
		}
	}
	if _, core, _ := focus("where was the dmz meeting?", nil); core != "" {
		t.Errorf("a question that says it all has core %q, want none", core)
	}
}

func TestAsking(t *testing.T) {
	cases := []struct {
		clause string
		want   bool
	}{
		{"was it sports or something", true},
		{"so was the dmz meeting longer", true},
		{"i was reading reddit", false},
		{"we were talking at work", false},
		{"my notes say the office blew up", false},
		{"the liaison office, when was it", true},
		{"북한이 왜 그랬어", true},
		{"sounds made up?", true},
	}
	for _, c := range cases {
		if got := asking(c.clause); got != c.want {
			t.Errorf("asking(%q) = %v, want %v", c.clause, got, c.want)
		}
	}
}
