package corpus

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// article builds an Article the way the parser does (setBody decides
// whether single newlines separate paragraphs).
func article(path, title, body string) Article {
	a := Article{Path: path, Title: title, Date: day(2019, time.February, 28), URL: "https://example.org/" + path}
	setBody(&a, body)
	return a
}

func TestSplitParagraphs(t *testing.T) {
	p1 := paragraph(300, 60)
	p2 := paragraph(200, 40)
	p3 := paragraph(150, 50)
	// Hard-wrapped lines and runs of white space inside a paragraph are
	// joined with single spaces.
	wrapped := strings.Replace(p2, " ", "\n   ", 3)
	a := article("dir/story.md", "Story", p1+"\n\n"+wrapped+"\n \t\n\n"+p3+"\n")
	ps := split(a)
	if got, want := texts(ps), []string{p1, p2, p3}; !slices.Equal(got, want) {
		t.Fatalf("texts:\n%q\nwant\n%q", got, want)
	}
	for i, p := range ps {
		want := Passage{
			ID: "dir/story.md#" + string(rune('0'+i)), Source: "dir/story.md", Title: "Story",
			Date: day(2019, time.February, 28), URL: "https://example.org/dir/story.md", Text: p.Text, Position: i,
		}
		if !equalPassage(p, want) {
			t.Errorf("passage %d = %+v, want %+v", i, p, want)
		}
	}
}

func equalPassage(a, b Passage) bool {
	return a.ID == b.ID && a.Source == b.Source && a.Title == b.Title && a.Date.Equal(b.Date) &&
		a.URL == b.URL && a.Text == b.Text && a.Position == b.Position && slices.Equal(a.Events, b.Events)
}

func TestSplitLongParagraphAtSentences(t *testing.T) {
	long := paragraph(3000, 80)
	if n := utf8.RuneCountInString(long); n < 2900 || n > 3200 {
		t.Fatalf("fixture paragraph has %d runes", n)
	}
	ps := split(article("long.md", "Long", long))
	if len(ps) < 3 || len(ps) > 4 {
		t.Fatalf("got %d passages, want 3 or 4", len(ps))
	}
	checkPassages(t, ps)
	for i, p := range ps {
		if !strings.HasPrefix(p.Text, "Round ") || !strings.HasSuffix(p.Text, ".") {
			t.Errorf("passage %d cut mid-sentence: %q ... %q", i, p.Text[:20], p.Text[len(p.Text)-20:])
		}
		// Cut at the last sentence that fits: the next sentence would not.
		if i+1 < len(ps) {
			next := sentences(ps[i+1].Text)[0]
			if utf8.RuneCountInString(p.Text)+1+utf8.RuneCountInString(next) <= maxPassageRunes {
				t.Errorf("passage %d (%d runes) cut early: next sentence of %d runes fits", i, utf8.RuneCountInString(p.Text), utf8.RuneCountInString(next))
			}
		}
	}
	if got := strings.Join(texts(ps), " "); got != long {
		t.Error("passages joined do not give back the paragraph")
	}
}

func TestSplitEnormousSentenceAtWords(t *testing.T) {
	var words []string
	for i := 0; len(strings.Join(words, " ")) < 3500; i++ {
		words = append(words, []string{"and", "the", "delegations", "kept", "talking", "through", "the", "night"}[i%8])
	}
	huge := "Then " + strings.Join(words, " ") + "."
	ps := split(article("huge.txt", "Huge", huge))
	if len(ps) < 4 {
		t.Fatalf("got %d passages, want >= 4", len(ps))
	}
	checkPassages(t, ps)
	if got := strings.Join(texts(ps), " "); got != huge {
		t.Error("passages joined with spaces do not give back the sentence: a word was cut")
	}
	for i, p := range ps[:len(ps)-1] {
		if n := utf8.RuneCountInString(p.Text); n < maxPassageRunes-len("delegations") {
			t.Errorf("passage %d has %d runes: cut too early", i, n)
		}
	}
}

func TestSplitHardCutsOverlongWord(t *testing.T) {
	word := strings.Repeat("🇰🇵", 1300) // 2,600 runes, no space
	text := "Flags follow. " + word + " end."
	ps := split(article("flags.txt", "Flags", text))
	checkPassages(t, ps)
	var all strings.Builder
	for _, p := range ps {
		all.WriteString(strings.ReplaceAll(p.Text, " ", ""))
	}
	if all.String() != strings.ReplaceAll(text, " ", "") {
		t.Error("hard cut lost or changed runes")
	}
}

func TestSplitCountsRunesNotBytes(t *testing.T) {
	tests := []struct {
		name string
		sent string
	}{
		// Korean has no capital letters: sentence starts are Hangul.
		{"korean", "북한과 미국의 정상들이 싱가포르에서 처음으로 만나 공동성명에 서명했습니다."},
		{"emoji", "Leaders met 🤝 and smiled 😀 for the cameras 📸 at the hotel 🏨 again."},
		{"accents", "Négociations à Hanoï: les délégués ont quitté la salle très tôt."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var parts []string
			for utf8.RuneCountInString(strings.Join(parts, " ")) < 2500 {
				parts = append(parts, tt.sent)
			}
			para := strings.Join(parts, " ")
			ps := split(article(tt.name+".txt", "", para))
			checkPassages(t, ps)
			sentRunes := utf8.RuneCountInString(tt.sent) + 1
			perChunk := (maxPassageRunes + 1) / sentRunes
			want := (len(parts) + perChunk - 1) / perChunk
			if len(ps) != want {
				t.Errorf("got %d passages, want %d (%d sentences of %d runes, %d per passage)", len(ps), want, len(parts), sentRunes, perChunk)
			}
			var bigBytes bool
			for i, p := range ps {
				if len(p.Text) > maxPassageRunes {
					bigBytes = true
				}
				if !strings.HasPrefix(p.Text, tt.sent[:10]) || !strings.HasSuffix(p.Text, ".") {
					t.Errorf("passage %d not cut at a sentence boundary", i)
				}
			}
			if !bigBytes {
				t.Error("no passage is longer than MaxPassageRunes in bytes: limit applied to bytes?")
			}
		})
	}
}

func TestSplitDropsFragments(t *testing.T) {
	body := strings.Join([]string{
		"Scroll down for video",
		"Kim Jong-un waves from the train at Dong Dang station (Photo: Reuters)",
		paragraph(200, 60),
		"Advertisement",
		"Image credit: Example Agency.",
		"Share or comment on this article:",
		"READ MORE",
		"The talks ran late into the evening, and both delegations said the mood in the room had been warm and constructive throughout the day " +
			"although nobody would say what had been agreed on the question of sanctions or on the timing of the next round of talks in the region",
		paragraph(150, 50),
		"Follow us on Twitter @example",
	}, "\n\n")
	ps := split(article("frag.md", "Frag", body))
	joined := strings.Join(texts(ps), "\n")
	for _, gone := range []string{"Scroll down", "Photo: Reuters", "Advertisement", "Image credit", "Share or comment", "READ MORE", "Follow us"} {
		if strings.Contains(joined, gone) {
			t.Errorf("fragment %q kept:\n%s", gone, joined)
		}
	}
	// A long line without final punctuation is text, not a caption.
	if !strings.Contains(joined, "timing of the next round of talks in the region") {
		t.Error("long unpunctuated paragraph dropped")
	}
	if len(ps) != 3 {
		t.Errorf("got %d passages, want 3:\n%s", len(ps), joined)
	}
}

func TestSplitMergesShortParagraphs(t *testing.T) {
	long := paragraph(400, 60)
	long2 := paragraph(300, 50)
	nearMax := paragraphUpTo(maxPassageRunes-40, 70)
	nearMax += " Then" + strings.Repeat(" so", (maxPassageRunes-5-utf8.RuneCountInString(nearMax)-6)/3) + "."
	if n := utf8.RuneCountInString(nearMax); n < maxPassageRunes-8 || n > maxPassageRunes {
		t.Fatalf("fixture: nearMax has %d runes", n)
	}
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"short then long", "He left early.\n\n" + long, []string{"He left early. " + long}},
		{"two shorts then long", "He left early.\n\nShe stayed.\n\n" + long, []string{"He left early. She stayed. " + long}},
		{"short at the end joins the last passage", long + "\n\nThat was all.", []string{long + " That was all."}},
		{"short between", long + "\n\nThen a pause.\n\n" + long2, []string{long, "Then a pause. " + long2}},
		{"short only", "Just one line.", []string{"Just one line."}},
		{"short then fragment then long", "He left early.\n\nA caption here\n\n" + long, []string{"He left early. " + long}},
		{"short before a paragraph too long to merge", "He left early.\n\n" + nearMax, []string{"He left early.", nearMax}},
		{"short after a paragraph too long to merge", nearMax + "\n\nHe left early.", []string{nearMax, "He left early."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := split(article("m.md", "M", tt.body))
			if got := texts(ps); !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
			checkPassages(t, ps)
			for i, p := range ps {
				if p.Position != i || p.ID != "m.md#"+string(rune('0'+i)) {
					t.Errorf("passage %d: position %d id %q", i, p.Position, p.ID)
				}
			}
		})
	}
}

func TestSplitLineParagraphs(t *testing.T) {
	lines := []string{paragraph(150, 50), paragraph(180, 60), paragraph(130, 40)}
	t.Run("one paragraph per line", func(t *testing.T) {
		ps := split(article("lines.txt", "", strings.Join(lines, "\n")+"\n"))
		if got := texts(ps); !slices.Equal(got, lines) {
			t.Errorf("got %q\nwant %q", got, lines)
		}
	})
	t.Run("hard-wrapped paragraph is joined", func(t *testing.T) {
		body := "The two leaders met for a second time at a hotel in the old quarter\nof the city, where the talks went on until late in the evening.\n" + lines[0]
		ps := split(article("wrapped.txt", "", body))
		want := []string{"The two leaders met for a second time at a hotel in the old quarter of the city, where the talks went on until late in the evening.", lines[0]}
		if got := texts(ps); !slices.Equal(got, want) {
			t.Errorf("got %q\nwant %q", got, want)
		}
	})
	t.Run("caption line before a capitalised line is still dropped", func(t *testing.T) {
		body := "Kim Jong-un at the station\n" + lines[0] + "\n" + lines[1]
		ps := split(article("cap.txt", "", body))
		if got := texts(ps); !slices.Equal(got, lines[:2]) {
			t.Errorf("got %q\nwant %q", got, lines[:2])
		}
	})
}

func TestSplitTitleFallback(t *testing.T) {
	longSentence := "In a surprise move that few diplomats in Seoul or Washington had expected the two leaders agreed to meet once more at the border village."
	tests := []struct {
		name  string
		title string
		body  string
		want  string
	}{
		{"own title kept", "Given title", "First sentence here. Second one.", "Given title"},
		{"first sentence", "", "Talks resumed in Stockholm. Both sides sent envoys.\n\n" + paragraph(200, 50), "Talks resumed in Stockholm."},
		{"white space title", "   ", "Talks resumed in Stockholm. Both sides sent envoys.", "Talks resumed in Stockholm."},
		{"boilerplate skipped", "", "Scroll down for video\n\nTalks resumed in Stockholm. Both sides sent envoys.", "Talks resumed in Stockholm."},
		{"heading line", "", "Talks resume in Stockholm\n\n" + paragraph(200, 50), "Talks resume in Stockholm"},
		{"abbreviation is not an end", "", "Mr. Kim met Mr. Trump at the border. It was brief.", "Mr. Kim met Mr. Trump at the border."},
		{"long sentence cut at a word", "", longSentence + " More.", "In a surprise move that few diplomats in Seoul or Washington had expected the two leaders agreed to…"},
		{"one long word", "", strings.Repeat("x", 150) + ".", strings.Repeat("x", titleRunes-1) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := split(article("t.txt", tt.title, tt.body))
			if len(ps) == 0 {
				t.Fatal("no passages")
			}
			for _, p := range ps {
				if p.Title != tt.want {
					t.Errorf("Title = %q, want %q", p.Title, tt.want)
				}
				if n := utf8.RuneCountInString(p.Title); n > titleRunes && tt.title == "" {
					t.Errorf("fallback title has %d runes, want <= %d", n, titleRunes)
				}
			}
		})
	}
}

func TestShorten(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"one two three four", 10, "one two…"},
		{"one two, three four", 12, "one two…"},
		{"한국어 문장을 짧게 줄입니다", 8, "한국어 문장을…"},
		{"abcdefghijkl", 5, "abcd…"},
	}
	for _, tt := range tests {
		got := shorten(tt.in, tt.max)
		if got != tt.want {
			t.Errorf("shorten(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n > tt.max {
			t.Errorf("shorten(%q, %d) has %d runes", tt.in, tt.max, n)
		}
	}
}

func TestSplitMultiArticlePaths(t *testing.T) {
	tests := []struct {
		path, wantSource string
	}{
		{"feed.jsonl:2", "feed.jsonl"},
		{"sub/list.json:13", "sub/list.json"},
		{"notes:3.txt", "notes:3.txt"},
		{"a:b/c.md", "a:b/c.md"},
		{"odd:12x.md", "odd:12x.md"},
		{"plain.md", "plain.md"},
		{"ends-with-colon:", "ends-with-colon:"},
	}
	for _, tt := range tests {
		ps := split(article(tt.path, "T", paragraph(150, 50)+"\n\n"+paragraph(150, 50)))
		if len(ps) != 2 {
			t.Fatalf("%s: %d passages", tt.path, len(ps))
		}
		for i, p := range ps {
			if p.Source != tt.wantSource || p.ID != tt.path+"#"+string(rune('0'+i)) {
				t.Errorf("%s: passage %d source %q id %q", tt.path, i, p.Source, p.ID)
			}
		}
	}
}

func TestSplitEmpty(t *testing.T) {
	for _, body := range []string{"", "   ", "Scroll down for video", "A caption\n\nAnother caption"} {
		if ps := split(article("e.md", "E", body)); len(ps) != 0 {
			t.Errorf("split(%q) = %q, want none", body, texts(ps))
		}
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One. Two! Three? Four", []string{"One.", "Two!", "Three?", "Four"}},
		{"Mr. Trump met Mr. Kim. They talked.", []string{"Mr. Trump met Mr. Kim.", "They talked."}},
		{"U.S. officials spoke. Others did not.", []string{"U.S. officials spoke.", "Others did not."}},
		{"John F. Kennedy was not there. Nor was Gen. Smith.", []string{"John F. Kennedy was not there.", "Nor was Gen. Smith."}},
		{`He said "No." Then he left.`, []string{`He said "No."`, "Then he left."}},
		{"See No. 5 on the list. Done.", []string{"See No. 5 on the list.", "Done."}},
		{`They praised the "U.S." Then left.`, []string{`They praised the "U.S."`, "Then left."}},
		{"It ended (abruptly.) Talks stopped.", []string{"It ended (abruptly.)", "Talks stopped."}},
		{"See e.g. the statement. Done.", []string{"See e.g. the statement.", "Done."}},
		{"The count was 3.5 million. 2019 began.", []string{"The count was 3.5 million.", "2019 began."}},
		{"lower. case does not split.", []string{"lower. case does not split."}},
		{"Wait… What now?", []string{"Wait…", "What now?"}},
		{"정상회담이 열렸습니다. 회담은 일찍 끝났습니다.", []string{"정상회담이 열렸습니다.", "회담은 일찍 끝났습니다."}},
		{"Ended.   \n  Next one.", []string{"Ended.", "Next one."}},
		{"Trailing space. ", []string{"Trailing space."}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := sentences(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("sentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSentencesInvalidUTF8 guards the byte offsets: invalid bytes decode as
// the three-byte U+FFFD and used to shift every later cut.
func TestSentencesInvalidUTF8(t *testing.T) {
	in := "Bad \xff\xfe byte. Next \xc3 one. Last."
	got := sentences(in)
	want := []string{"Bad \xff\xfe byte.", "Next \xc3 one.", "Last."}
	if !slices.Equal(got, want) {
		t.Errorf("sentences(%q) = %q, want %q", in, got, want)
	}
}

func TestCutWords(t *testing.T) {
	in := "alpha beta gamma delta epsilon"
	got := cutWords(in, 11)
	want := []string{"alpha beta", "gamma delta", "epsilon"}
	if !slices.Equal(got, want) {
		t.Errorf("cutWords = %q, want %q", got, want)
	}
	got = cutWords("ab abcdefghij c", 4)
	want = []string{"ab", "abcd", "efgh", "ij c"}
	if !slices.Equal(got, want) {
		t.Errorf("cutWords hard cut = %q, want %q", got, want)
	}
	for _, c := range got {
		if strings.IndexFunc(c, unicode.IsSpace) == 0 || utf8.RuneCountInString(c) > 4 {
			t.Errorf("bad chunk %q", c)
		}
	}
}
