package bot

import (
	"strings"
	"testing"
)

func TestPageStateRoundTrip(t *testing.T) {
	for _, p := range []pageState{
		{Command: cmdSearch, Page: 1, Query: "sanctions relief"},
		{Command: cmdSummit, Page: 3, Hide: true, Event: "hanoi", Query: "a|b|c"},
		{Command: cmdSummit, Page: 0, Event: "dmz"},
		{Command: cmdSearch, Page: maxPage, Query: "한국어 질문 🙂"},
	} {
		id, ok := p.encode()
		if !ok {
			t.Fatalf("%+v does not fit", p)
		}
		got, err := decodePage(id)
		if err != nil || got != p {
			t.Errorf("%q: got %+v, %v", id, got, err)
		}
	}
	if _, ok := (pageState{Command: cmdSearch, Query: strings.Repeat("🙂", 50)}).encode(); ok {
		t.Error("a state over 100 UTF-16 units must not encode")
	}
}

func FuzzDecodePage(f *testing.F) {
	for _, s := range []string{"pg1|s|1|0||sanctions", "pg1|m|2|1|hanoi|", "pg1|s|01|0||x", "pg-none-next", "pg1|s|1|0||a|b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		p, err := decodePage(id)
		if err != nil {
			return
		}
		again, ok := p.encode()
		if !ok || again != id {
			t.Fatalf("%q decodes to %+v which encodes to %q", id, p, again)
		}
	})
}
