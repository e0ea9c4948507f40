package bot

import (
	"bytes"
	"context"
	"fmt"
	stdpng "image/png"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/timeline"
)

// A timeline of many events names every one of them in its text list
// (for screen readers and for when the picture does not load), however
// long their outcomes, within Discord's 4096 runes of a description.
func TestTimelineNamesEveryEvent(t *testing.T) {
	for _, tt := range []struct {
		events   int
		outcomes bool // whether the outcomes still fit, cut shorter
	}{{20, true}, {60, false}} {
		var b strings.Builder
		b.WriteString("events:\n")
		for i := range tt.events {
			fmt.Fprintf(&b, "  - {id: e%02d, name: Meeting number %02d, start: %d-01-01, place: %s, outcomes: [%s]}\n",
				i, i, 1950+i, strings.Repeat("Somewhere ", 12), strings.Repeat("an outcome worth telling ", 14))
		}
		cat, err := corpus.ParseCatalogue([]byte(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		f := newFake()
		f.cat = cat
		bt, _ := newTestBot(t, f)
		desc := simulate(t, bt, "/timeline", SimOptions{}).Data.Embeds[0].Description
		if n := utf8.RuneCountInString(desc); n > 4096 {
			t.Errorf("%d events: description of %d runes, over Discord's 4096", tt.events, n)
		}
		for i := range tt.events {
			if name := fmt.Sprintf("Meeting number %02d", i); !strings.Contains(desc, name) {
				t.Errorf("%d events: %q is not listed:\n%s", tt.events, name, desc)
			}
		}
		if got := strings.Contains(desc, "an outcome worth"); got != tt.outcomes {
			t.Errorf("%d events: outcomes listed %v, want %v:\n%s", tt.events, got, tt.outcomes, desc)
		}
	}
}

// /timeline with: shows one leader's meetings only, in the text and in the
// picture's title.
func TestTimelineWithOneLeader(t *testing.T) {
	b, _ := apolloBot(t)
	resp := simulate(t, b, "/timeline with:Brezhnev", SimOptions{})
	em := resp.Data.Embeds[0]
	if strings.Contains(em.Description, "Glassboro") || !strings.Contains(em.Description, "Moscow") || !strings.Contains(em.Description, "Vladivostok") {
		t.Errorf("Brezhnev's meetings are Moscow and Vladivostok only:\n%s", em.Description)
	}
	if em.Image == nil {
		t.Errorf("no picture")
	}
	all := simulate(t, b, "/timeline", SimOptions{})
	if !strings.Contains(all.Data.Embeds[0].Description, "Glassboro") {
		t.Errorf("the whole timeline lacks Glassboro:\n%s", all.Data.Embeds[0].Description)
	}
	// Each timeline is rendered for its own events.
	cat := b.search.Catalogue()
	one, err := b.timelinePNG(english, cat, "Leonid Brezhnev")
	if err != nil {
		t.Fatal(err)
	}
	whole, err := b.timelinePNG(english, cat, "")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(one, whole) {
		t.Errorf("one leader's picture is the whole timeline's")
	}
}

// /timeline draws its picture in the reader's language: Korean readers get
// the Korean picture (Korean names, dates and title, in a Hangul font),
// everyone else the English one, each rendered once and cached apart.
func TestTimelinePictureInKorean(t *testing.T) {
	b, _ := newTestBot(t, newFake())
	picture := func(locale string) []byte {
		t.Helper()
		i, err := ParseCommandLine("/timeline", SimOptions{Locale: locale})
		if err != nil {
			t.Fatal(err)
		}
		resp := b.Handle(context.Background(), i)
		if resp.Data == nil || len(resp.Data.Files) != 1 {
			t.Fatalf("locale %q: no picture attached: %+v", locale, resp.Data)
		}
		png, err := io.ReadAll(resp.Data.Files[0].Reader)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := stdpng.Decode(bytes.NewReader(png)); err != nil {
			t.Fatalf("locale %q: the attachment is no PNG: %v", locale, err)
		}
		return png
	}
	en, ko := picture("en-US"), picture("ko")
	if bytes.Equal(en, ko) {
		t.Fatal("the Korean picture is the English one")
	}
	if again := picture("ko"); !bytes.Equal(again, ko) {
		t.Error("a second Korean /timeline draws another picture")
	}
	if fr := picture("fr"); !bytes.Equal(fr, en) {
		t.Error("a French reader, answered in English, does not get the English picture")
	}
	// The Korean picture is the timeline package's Korean rendering with
	// the Korean title.
	cat := b.search.Catalogue()
	want, err := timeline.Render(cat.Chronological(), timeline.Options{Title: korean.timelineTitleWith(cat, ""), Locale: timeline.Korean})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ko, want) {
		t.Error("the Korean picture is not the Korean rendering of the catalogue")
	}
	b.pic.mu.Lock()
	n := len(b.pic.png)
	b.pic.mu.Unlock()
	if n != 2 {
		t.Errorf("%d cached pictures, want 2 (English and Korean)", n)
	}
}
