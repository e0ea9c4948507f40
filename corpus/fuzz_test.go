package corpus

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// fuzzExts are the file names FuzzParseFile picks from.
var fuzzExts = []string{"a.md", "b.txt", "c.json", "d.jsonl"}

func FuzzParseFile(f *testing.F) {
	seeds := []struct {
		ext  uint8
		data string
	}{
		{0, goodMD},
		{0, "---\ntitle: Hanoi: the summit that ended early\ndate: 2019-03-06\n---\nBody.\n"},
		{0, "\ufeff--- \r\ntitle: x  \r\n--- \r\nText.\r\n"},
		{0, "---\ntitle: [\n---\nx"},
		{0, "---\ndate: sometime soon\npubdate: [2019]\n---\nKept undated.\n"},
		{0, "---\n"},
		{0, "# Heading\n\n![img](x.png) [link](http://x) **bold** text.\n"},
		{1, "One line.\nTwo line.\nThree"},
		{1, "Scroll down for video\n\nA caption\n\n" + paragraph(1500, 90)},
		{1, strings.Repeat("word ", 700)},
		{1, strings.Repeat("한국어 문장입니다. ", 200)},
		{2, `{"title":"t","body":"b.","date":20190228,"events":"hanoi, dmz"}`},
		{2, `[{"body":"x."}, 1, null, {"title":"no body"}]`},
		{2, `{"date": 1e999, "body": "x"}`},
		{2, `[{"date": "later", "body": "x."}, {"date": "2019-02-28", "body": "y."}]`},
		{3, "{\"body\":\"a.\"}\nnot json\n\n{\"text\":\"b.\"}\r\n"},
		{3, "\x00"},
		{3, "\xff\xfe"},
	}
	for _, s := range seeds {
		f.Add(s.ext, []byte(s.data))
	}
	f.Fuzz(func(t *testing.T, ext uint8, data []byte) {
		name := fuzzExts[int(ext)%len(fuzzExts)]
		arts, warns, err := parseFile(name, data)
		if err != nil && len(arts) > 0 && !strings.HasSuffix(name, ".jsonl") {
			t.Fatalf("%s: articles returned with error %v", name, err)
		}
		for _, w := range warns {
			// A warning names a part of a multi-article file, or is about
			// an article that was kept (a date that could not be read).
			if !(strings.HasPrefix(w.Path, name+":") || w.Kept && w.Path == name) || w.Reason == "" {
				t.Errorf("bad warning %+v", w)
			}
			if w.Kept && !slices.ContainsFunc(arts, func(a Article) bool { return a.Path == w.Path }) {
				t.Errorf("kept warning %+v without its article", w)
			}
		}
		for _, a := range arts {
			if !utf8.ValidString(a.Body) || strings.TrimSpace(a.Body) == "" {
				t.Errorf("%s: empty or invalid body %q", a.Path, a.Body)
			}
			if a.Date.Location() != time.UTC {
				t.Errorf("%s: date %v not in UTC", a.Path, a.Date)
			}
			ps := split(a)
			for i, p := range ps {
				n := utf8.RuneCountInString(p.Text)
				if n == 0 || n > maxPassageRunes {
					t.Errorf("%s: %d runes", p.ID, n)
				}
				if !utf8.ValidString(p.Text) || !utf8.ValidString(p.Title) {
					t.Errorf("%s: invalid UTF-8", p.ID)
				}
				if p.Text != strings.TrimSpace(p.Text) {
					t.Errorf("%s: untrimmed text %q", p.ID, p.Text)
				}
				if a.Title == "" && utf8.RuneCountInString(p.Title) > titleRunes {
					t.Errorf("%s: fallback title of %d runes", p.ID, utf8.RuneCountInString(p.Title))
				}
				if p.Position != i || p.Source != name {
					t.Errorf("%s: position %d source %q", p.ID, p.Position, p.Source)
				}
			}
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2020-09-20-20-54-47", "2018-06-12", "June 12th, 2018", "2018-06-12T09:30:15+08:00",
		"Tue, 12 Jun 2018 09:30:15 GMT", "13/6/2018", "", "2018", "31st", "\"'", "99999999",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDate(s)
		if err != nil {
			if !d.IsZero() {
				t.Errorf("ParseDate(%q) = %v with error %v", s, d, err)
			}
			return
		}
		if d.Location() != time.UTC {
			t.Errorf("ParseDate(%q) = %v, not UTC", s, d)
		}
		// A date that parsed parses the same after a round trip.
		again, err := parseDate(d.Format(time.RFC3339Nano))
		if err != nil || !again.Equal(d) {
			t.Errorf("round trip of %v: %v, %v", d, again, err)
		}
	})
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"", "Short.", "Scroll down for video", paragraph(3000, 80), strings.Repeat("x", 2500),
		strings.Repeat("🇰🇵", 1200), "Mr. Kim met Mr. Trump. It ended.\n\nNext para.",
		"line one\nline two continues.\nLine three.", "ab\xffc. D\xff. E", "\"No.\" Then.",
		strings.Repeat("북한과 미국. ", 300),
	} {
		f.Add(s, "")
		f.Add(s, "Title")
	}
	f.Fuzz(func(t *testing.T, body, title string) {
		a := Article{Path: "f.txt:3", Title: title}
		setBody(&a, body)
		ps := split(a)
		for i, p := range ps {
			n := utf8.RuneCountInString(p.Text)
			if n == 0 || n > maxPassageRunes {
				t.Errorf("passage %d: %d runes", i, n)
			}
			if utf8.ValidString(body) && !utf8.ValidString(p.Text) {
				t.Errorf("passage %d: invalid UTF-8 from valid input", i)
			}
			if p.Source != "f.txt" || p.Position != i {
				t.Errorf("passage %d: source %q position %d", i, p.Source, p.Position)
			}
			if strings.TrimSpace(title) == "" && utf8.RuneCountInString(p.Title) > titleRunes {
				t.Errorf("fallback title of %d runes", utf8.RuneCountInString(p.Title))
			}
		}
	})
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{
		"One. Two! Three? Four", "Mr. Kim met Mr. Trump.", `He said "No." Then.`, "a.b. C", "…", ". . .",
		"정상회담이 열렸습니다. 회담은 끝났습니다.", "ab\xffc. D\xff. E", "x.\u00a0Y", "\xc3. A",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got := sentences(text)
		for _, s := range got {
			if s == "" || s != strings.TrimSpace(s) {
				t.Errorf("empty or untrimmed sentence %q", s)
			}
		}
		// Cutting only removes white space between sentences.
		if a, b := strings.Fields(strings.Join(got, " ")), strings.Fields(text); strings.Join(a, " ") != strings.Join(b, " ") {
			t.Errorf("sentences(%q) = %q lost text", text, got)
		}
		para := clean(text)
		if !utf8.ValidString(text) || para == "" { // split never cuts an empty paragraph
			return
		}
		for _, max := range []int{1, 7, 40} {
			chunks := cutSentences(para, max)
			var all strings.Builder
			for _, c := range chunks {
				if n := utf8.RuneCountInString(c); n == 0 || n > max {
					t.Errorf("cutSentences(%q, %d): chunk %q of %d runes", para, max, c, n)
				}
				all.WriteString(strings.Join(strings.Fields(c), ""))
			}
			if want := strings.Join(strings.Fields(para), ""); all.String() != want {
				t.Errorf("cutSentences(%q, %d) = %q lost text", para, max, chunks)
			}
		}
	})
}
