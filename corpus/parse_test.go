package corpus

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseFileMarkdownFrontMatter(t *testing.T) {
	const doc = `---
title: "Handshake on Sentosa"
date: 2018-06-12
source: https://example.org/news/handshake
events: [Singapore, HANOI]
tags: [diplomacy, asia]
author: Jane Roe
draft: false
rating: 4
---
# A first meeting

The two leaders shook hands in front of a row of flags, a picture ![flag](img/flag.png) seen around the world.

Aides then joined them for **expanded talks** described in [the statement](https://example.org/statement).
`
	a := mustParse(t, "news/handshake.md", doc)
	if a.Path != "news/handshake.md" {
		t.Errorf("Path = %q", a.Path)
	}
	if a.Title != "Handshake on Sentosa" {
		t.Errorf("Title = %q", a.Title)
	}
	if !a.Date.Equal(day(2018, time.June, 12)) {
		t.Errorf("Date = %v", a.Date)
	}
	if a.URL != "https://example.org/news/handshake" {
		t.Errorf("URL = %q", a.URL)
	}
	if want := []string{"singapore", "hanoi"}; !slices.Equal(a.Events, want) {
		t.Errorf("Events = %q, want %q (lower-cased)", a.Events, want)
	}
	if want := []string{"diplomacy", "asia"}; !slices.Equal(a.Tags, want) {
		t.Errorf("Tags = %q, want %q", a.Tags, want)
	}
	wantMeta := map[string]any{"author": "Jane Roe", "draft": false, "rating": 4}
	if !reflect.DeepEqual(a.Meta, wantMeta) {
		t.Errorf("Meta = %#v, want %#v", a.Meta, wantMeta)
	}
	for _, gone := range []string{"---", "title:", "![", "img/flag.png", "**", "](", "# A first"} {
		if strings.Contains(a.Body, gone) {
			t.Errorf("Body still holds %q:\n%s", gone, a.Body)
		}
	}
	for _, kept := range []string{"A first meeting", "expanded talks", "the statement", "shook hands"} {
		if !strings.Contains(a.Body, kept) {
			t.Errorf("Body lost %q:\n%s", kept, a.Body)
		}
	}
}

func TestParseFileFrontMatterKeys(t *testing.T) {
	tests := []struct {
		name      string
		fm        string
		wantTitle string
		wantURL   string
		wantDate  time.Time
		wantEv    []string
	}{
		{"url key", "url: https://a.example/x", "", "https://a.example/x", time.Time{}, nil},
		{"link key", "link: https://a.example/l", "", "https://a.example/l", time.Time{}, nil},
		{"url beats source", "source: https://a.example/s\nurl: https://a.example/u", "", "https://a.example/u", time.Time{}, nil},
		{"link beats source", "source: https://a.example/s\nlink: https://a.example/l", "", "https://a.example/l", time.Time{}, nil},
		{"url with spaces", "url: '  https://a.example/u  '", "", "https://a.example/u", time.Time{}, nil},
		{"published", "published: 2019-02-28", "", "", day(2019, time.February, 28), nil},
		{"pubdate", "pubdate: 28 February 2019", "", "", day(2019, time.February, 28), nil},
		{"date beats published", "published: 2019-01-01\ndate: 2019-02-28", "", "", day(2019, time.February, 28), nil},
		{"empty date", "date:", "", "", time.Time{}, nil},
		{"empty date falls back to published", "date: ''\npublished: 2019-02-28", "", "", day(2019, time.February, 28), nil},
		{"integer date", "date: 20190228", "", "", day(2019, time.February, 28), nil},
		{"year only", "date: 2019", "", "", day(2019, time.January, 1), nil},
		{"event singular", "event: dmz", "", "", time.Time{}, []string{"dmz"}},
		{"events as comma string", "events: Hanoi, dmz ,", "", "", time.Time{}, []string{"hanoi", "dmz"}},
		{"events as block list", "events:\n  - Hanoi\n  - DMZ", "", "", time.Time{}, []string{"hanoi", "dmz"}},
		{"events beat event", "event: dmz\nevents: [hanoi]", "", "", time.Time{}, []string{"hanoi"}},
		{"empty title is empty, not <nil>", "title:", "", "", time.Time{}, nil},
		{"numeric title", "title: 2018", "2018", "", time.Time{}, nil},
		{"title white space collapsed", "title: \"  Kim \\n and   Trump \"", "Kim and Trump", "", time.Time{}, nil},
		{"capitalised keys", "Title: Upper\nDate: 2018-06-12\nURL: https://a.example/U", "Upper", "https://a.example/U", day(2018, time.June, 12), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := "---\n" + tt.fm + "\n---\nThe body is a complete sentence about the talks.\n"
			// Parse several times: map iteration order must not matter.
			for range 10 {
				a := mustParse(t, "k.md", doc)
				if a.Title != tt.wantTitle || a.URL != tt.wantURL || !a.Date.Equal(tt.wantDate) || !slices.Equal(a.Events, tt.wantEv) {
					t.Fatalf("got title %q url %q date %v events %q; want %q %q %v %q",
						a.Title, a.URL, a.Date, a.Events, tt.wantTitle, tt.wantURL, tt.wantDate, tt.wantEv)
				}
			}
		})
	}
}

func TestParseFileMarkdownWithoutFrontMatter(t *testing.T) {
	a := mustParse(t, "plain.md", "# Talks resume\n\nNegotiators met in Stockholm on a Saturday.\n\nThe talks broke down the same evening.\n")
	if a.Title != "" || !a.Date.IsZero() || a.URL != "" || a.Events != nil || a.Meta != nil {
		t.Errorf("unexpected metadata: %+v", a)
	}
	if want := "Talks resume\n\nNegotiators met in Stockholm on a Saturday.\n\nThe talks broke down the same evening."; a.Body != want {
		t.Errorf("Body = %q, want %q", a.Body, want)
	}
	if a.lineParagraphs {
		t.Error("body with blank lines taken as one paragraph per line")
	}
	// A horizontal rule further down is not front matter.
	a = mustParse(t, "rule.md", "Intro sentence here.\n\n---\n\nMore text follows the rule.\n")
	if !strings.Contains(a.Body, "Intro sentence here.") || !strings.Contains(a.Body, "More text follows") {
		t.Errorf("Body = %q", a.Body)
	}
}

func TestParseFileText(t *testing.T) {
	tests := []struct {
		name      string
		data      string
		wantBody  string
		lineParas bool
	}{
		{"paragraphs", "First paragraph line one\nline two.\n\nSecond paragraph.\n", "First paragraph line one\nline two.\n\nSecond paragraph.", false},
		{"one per line", "First line.\nSecond line.\nThird line.\n", "First line.\nSecond line.\nThird line.", true},
		{"crlf", "First line.\r\nSecond line.\r\n\r\nThird.\r\n", "First line.\nSecond line.\n\nThird.", false},
		{"bom and outer space", "\ufeff\n\n  Only line.  \n\n", "Only line.", true},
		{"blank line with spaces", "One.\n \t \nTwo.", "One.\n \t \nTwo.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, ext := range []string{".txt", ".text", ".TXT"} {
				a := mustParse(t, "a"+ext, tt.data)
				if a.Body != tt.wantBody || a.lineParagraphs != tt.lineParas {
					t.Errorf("%s: body %q lineParagraphs %v; want %q %v", ext, a.Body, a.lineParagraphs, tt.wantBody, tt.lineParas)
				}
				if a.Title != "" || a.Path != "a"+ext {
					t.Errorf("%s: title %q path %q", ext, a.Title, a.Path)
				}
			}
		})
	}
}

func TestParseFileJSONObject(t *testing.T) {
	tests := []struct {
		name string
		data string
		want Article
	}{
		{
			name: "all fields",
			data: `{"title":" Hanoi  walk-out ","date":"2019-02-28T14:00:00+07:00","url":"https://example.org/h","body":"The talks ended early.\n\nNo statement was signed.","events":["Hanoi"],"tags":["sanctions","yongbyon"],"extra":1}`,
			want: Article{Title: "Hanoi walk-out", Date: time.Date(2019, 2, 28, 7, 0, 0, 0, time.UTC), URL: "https://example.org/h",
				Events: []string{"hanoi"}, Tags: []string{"sanctions", "yongbyon"}, Body: "The talks ended early.\n\nNo statement was signed."},
		},
		{
			name: "text field, source as url, numeric date, comma events",
			data: `{"text":"Body in text.","source":"https://example.org/s","date":20190630,"events":"dmz, hanoi"}`,
			want: Article{URL: "https://example.org/s", Date: day(2019, time.June, 30), Events: []string{"dmz", "hanoi"}, Body: "Body in text.", lineParagraphs: true},
		},
		{
			name: "content field, null date, url beats source",
			data: "{\"content\":\"Body in content.\\r\\nSecond line.\",\"date\":null,\"url\":\"https://example.org/u\",\"source\":\"https://example.org/s\"}",
			want: Article{URL: "https://example.org/u", Body: "Body in content.\nSecond line.", lineParagraphs: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := mustParse(t, "one.json", tt.data)
			tt.want.Path = "one.json"
			if tt.want.Body != "" && !tt.want.lineParagraphs && !strings.Contains(tt.want.Body, "\n\n") {
				tt.want.lineParagraphs = true
			}
			if !reflect.DeepEqual(a, tt.want) {
				t.Errorf("got  %+v\nwant %+v", a, tt.want)
			}
		})
	}
}

func TestParseFileJSONArray(t *testing.T) {
	data := `[
  {"title": "One", "body": "First article body."},
  {"title": "No body"},
  42,
  {"title": "Bad date", "date": "someday", "body": "Text."},
  {"title": "Four", "body": "Fourth article body.", "date": "2019-06-30"}
]`
	arts, warns, err := parseFile("list.json", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, a := range arts {
		paths = append(paths, a.Path)
	}
	// A bad date costs the date, not the article (see TestUnreadableDateKeepsArticle).
	if want := []string{"list.json:1", "list.json:4", "list.json:5"}; !slices.Equal(paths, want) {
		t.Errorf("article paths %q, want %q", paths, want)
	}
	wantWarn := map[string]string{"list.json:2": "no body", "list.json:3": "invalid JSON", "list.json:4": "unrecognised date"}
	if len(warns) != len(wantWarn) {
		t.Errorf("warnings %v, want %d", warns, len(wantWarn))
	}
	for p, reason := range wantWarn {
		w, ok := warningFor(warns, p)
		if !ok || !strings.Contains(w.Reason, reason) {
			t.Errorf("warning for %s = %v (found %v), want reason containing %q", p, w, ok, reason)
		}
	}
	if !arts[2].Date.Equal(day(2019, time.June, 30)) || arts[2].Title != "Four" {
		t.Errorf("last article %+v", arts[2])
	}
}

func TestParseFileJSONLines(t *testing.T) {
	data := "{\"title\":\"A\",\"body\":\"Alpha body text.\",\"date\":\"2018-06-12\"}\n" +
		"{\"title\":\"B\",\"body\":\"Beta body\n" + // line 2: broken JSON
		"\n" + // line 3: blank, ignored
		"{\"title\":\"C\",\"text\":\"Gamma body text.\"}\r\n" + // line 4, CRLF
		"{\"title\":\"D\"}\n" // line 5: no body
	for _, name := range []string{"feed.jsonl", "feed.ndjson"} {
		t.Run(name, func(t *testing.T) {
			arts, warns, err := parseFile(name, []byte(data))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range arts {
				got = append(got, a.Path+"="+a.Title)
			}
			if want := []string{name + ":1=A", name + ":4=C"}; !slices.Equal(got, want) {
				t.Errorf("articles %q, want %q", got, want)
			}
			if len(warns) != 2 {
				t.Fatalf("warnings %v, want 2", warns)
			}
			if warns[0].Path != name+":2" || !strings.HasPrefix(warns[0].Reason, "invalid JSON") {
				t.Errorf("warning 0 = %v", warns[0])
			}
			if warns[1].Path != name+":5" || warns[1].Reason != "no body" {
				t.Errorf("warning 1 = %v", warns[1])
			}
		})
	}
}

func TestParseFileErrors(t *testing.T) {
	tests := []struct {
		name, file, data, want string
	}{
		{"binary", "a.md", "title\x00\x01\x02 body.", "binary"},
		{"binary after bom", "a.txt", "\ufeff\x00", "binary"},
		{"empty", "a.md", "", "empty file"},
		{"bom only", "a.txt", "\ufeff", "empty file"},
		{"white space only", "a.txt", " \n\t\r\n  \n", "empty file"},
		{"latin-1", "a.txt", "Caf\xe9 in Hanoi.", "not UTF-8"},
		{"front matter not yaml", "a.md", "---\ntitle: [unclosed\n---\nBody text here.\n", "front matter"},
		{"front matter is a list", "a.md", "---\n- a\n- b\n---\nBody text here.\n", "front matter"},
		{"front matter not closed", "a.md", "---\ntitle: Open\n\nBody text here.\n", "no closing ---"},
		{"front matter only", "a.md", "---\ntitle: Nothing else\n---\n\n", "no text after the front matter"},
		{"json broken", "a.json", `{"title": "x", "body": `, "invalid JSON"},
		{"json wrong type", "a.json", `{"title": 5, "body": "x."}`, "invalid JSON"},
		{"json no body", "a.json", `{"title": "x"}`, "no body"},
		{"json empty array", "a.json", `[]`, "no articles"},
		{"jsonl blank lines only", "a.jsonl", "\n\n", "empty file"},
		{"unknown extension", "a.pdf", "Some text.", "unsupported"},
		{"no extension", "README", "Some text.", "unsupported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, _, err := parseFile(tt.file, []byte(tt.data))
			if err == nil {
				t.Fatalf("no error; articles %+v", arts)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
			if len(arts) != 0 {
				t.Errorf("articles returned with error: %+v", arts)
			}
		})
	}
}

// TestParseFileMessyMarkdown covers what hand-made and scraped files do to
// front matter: stray spaces, Windows line ends, BOMs, unquoted colons.
func TestParseFileMessyMarkdown(t *testing.T) {
	const body = "Kim Jong-un arrived by train after a long journey.\n"
	tests := []struct {
		name      string
		data      string
		wantTitle string
		wantDate  time.Time
		wantURL   string
		wantEv    []string
	}{
		{
			name:      "trailing spaces after fences and values",
			data:      "---   \ntitle: Arrival in Hanoi   \ndate: 2019-02-26   \nurl: https://example.org/a \t\n--- \t\n" + body,
			wantTitle: "Arrival in Hanoi", wantDate: day(2019, time.February, 26), wantURL: "https://example.org/a",
		},
		{
			name:      "crlf everywhere",
			data:      "---\r\ntitle: Arrival in Hanoi\r\ndate: 2019-02-26\r\nevents: [hanoi]\r\n---\r\n" + strings.ReplaceAll(body, "\n", "\r\n"),
			wantTitle: "Arrival in Hanoi", wantDate: day(2019, time.February, 26), wantEv: []string{"hanoi"},
		},
		{
			name:      "bom",
			data:      "\ufeff---\ntitle: Arrival in Hanoi\n---\n" + body,
			wantTitle: "Arrival in Hanoi",
		},
		{
			name:      "bom, crlf and trailing spaces",
			data:      "\ufeff--- \r\ntitle: Arrival in Hanoi  \r\ndate: 2019-02-26 \r\n---  \r\n" + body,
			wantTitle: "Arrival in Hanoi", wantDate: day(2019, time.February, 26),
		},
		{
			name:      "dots close the front matter",
			data:      "---\ntitle: Arrival in Hanoi\n...\n" + body,
			wantTitle: "Arrival in Hanoi",
		},
		{
			name:      "unquoted title with colon",
			data:      "---\ntitle: Hanoi: the summit that ended early\ndate: 2019-03-06\nevents: [hanoi]\n---\n" + body,
			wantTitle: "Hanoi: the summit that ended early", wantDate: day(2019, time.March, 6), wantEv: []string{"hanoi"},
		},
		{
			name:      "unquoted title with colon and quotes, crlf, trailing spaces",
			data:      "---\r\ntitle: Trump: \"We fell in love\"  \r\nsource: https://example.org/love\r\n---\r\n" + body,
			wantTitle: `Trump: "We fell in love"`, wantURL: "https://example.org/love",
		},
		{
			name:      "unquoted colon with block list kept",
			data:      "---\ntitle: DMZ: across the line\nevents:\n  - dmz\n---\n" + body,
			wantTitle: "DMZ: across the line", wantEv: []string{"dmz"},
		},
		{
			name:      "scraper date with dashes",
			data:      "---\ntitle: Scraped\ndate: 2020-09-20-20-54-47\n---\n" + body,
			wantTitle: "Scraped", wantDate: time.Date(2020, 9, 20, 20, 54, 47, 0, time.UTC),
		},
		{
			name:      "ordinal date",
			data:      "---\ntitle: Ordinal\ndate: June 12th, 2018\n---\n" + body,
			wantTitle: "Ordinal", wantDate: day(2018, time.June, 12),
		},
		{
			name:      "rfc 1123 date",
			data:      "---\ntitle: Feed\ndate: Tue, 12 Jun 2018 09:30:00 GMT\n---\n" + body,
			wantTitle: "Feed", wantDate: time.Date(2018, 6, 12, 9, 30, 0, 0, time.UTC),
		},
		{
			name:      "rfc 3339 date with offset",
			data:      "---\ntitle: Feed\ndate: 2018-06-12T09:30:00+08:00\n---\n" + body,
			wantTitle: "Feed", wantDate: time.Date(2018, 6, 12, 1, 30, 0, 0, time.UTC),
		},
		{
			name:      "empty front matter",
			data:      "---\n---\n" + body,
			wantTitle: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := mustParse(t, "messy file.md", tt.data)
			if a.Title != tt.wantTitle {
				t.Errorf("Title = %q, want %q", a.Title, tt.wantTitle)
			}
			if !a.Date.Equal(tt.wantDate) {
				t.Errorf("Date = %v, want %v", a.Date, tt.wantDate)
			}
			if a.URL != tt.wantURL {
				t.Errorf("URL = %q, want %q", a.URL, tt.wantURL)
			}
			if !slices.Equal(a.Events, tt.wantEv) {
				t.Errorf("Events = %q, want %q", a.Events, tt.wantEv)
			}
			if a.Body != strings.TrimSpace(body) {
				t.Errorf("Body = %q", a.Body)
			}
			if strings.ContainsAny(a.Body, "\r\ufeff") {
				t.Errorf("Body keeps CR or BOM: %q", a.Body)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2020-09-20-20-54-47", time.Date(2020, 9, 20, 20, 54, 47, 0, time.UTC)},
		{"2020-09-20-20-54", time.Date(2020, 9, 20, 20, 54, 0, 0, time.UTC)},
		{"2018-06-12", day(2018, time.June, 12)},
		{"  2018-06-12 \t", day(2018, time.June, 12)},
		{`"2018-06-12"`, day(2018, time.June, 12)},
		{"'2018-06-12'", day(2018, time.June, 12)},
		{"June 12th, 2018", day(2018, time.June, 12)},
		{"June 1st 2018", day(2018, time.June, 1)},
		{"February 22nd, 2019", day(2019, time.February, 22)},
		{"march 3rd, 2019", day(2019, time.March, 3)},
		{"June  12,   2018", day(2018, time.June, 12)},
		{"12 June 2018", day(2018, time.June, 12)},
		{"12th June 2018", day(2018, time.June, 12)},
		{"Jun 12, 2018", day(2018, time.June, 12)},
		{"Tuesday, June 12, 2018", day(2018, time.June, 12)},
		{"June 2018", day(2018, time.June, 1)},
		{"2018", day(2018, time.January, 1)},
		{"2018-06", day(2018, time.June, 1)},
		{"2018/06/12", day(2018, time.June, 12)},
		{"2018.06.12", day(2018, time.June, 12)},
		{"20180612", day(2018, time.June, 12)},
		{"12-Jun-2018", day(2018, time.June, 12)},
		{"2018-06-12 09:30", time.Date(2018, 6, 12, 9, 30, 0, 0, time.UTC)},
		{"2018-06-12 09:30:15", time.Date(2018, 6, 12, 9, 30, 15, 0, time.UTC)},
		{"2018-06-12T09:30:15", time.Date(2018, 6, 12, 9, 30, 15, 0, time.UTC)},
		{"2018-06-12 09:30:15 +0800", time.Date(2018, 6, 12, 1, 30, 15, 0, time.UTC)},
		{"2018-06-12T09:30:15Z", time.Date(2018, 6, 12, 9, 30, 15, 0, time.UTC)},
		{"2018-06-12T09:30:15+08:00", time.Date(2018, 6, 12, 1, 30, 15, 0, time.UTC)},
		{"2018-06-12T09:30:15.123456789-04:00", time.Date(2018, 6, 12, 13, 30, 15, 123456789, time.UTC)},
		{"Tue, 12 Jun 2018 09:30:15 GMT", time.Date(2018, 6, 12, 9, 30, 15, 0, time.UTC)},
		{"Tue, 12 Jun 2018 09:30:15 +0800", time.Date(2018, 6, 12, 1, 30, 15, 0, time.UTC)},
		{"Tue, 5 Jun 2018 09:30:15 +0000", time.Date(2018, 6, 5, 9, 30, 15, 0, time.UTC)},
		{"Mon Jun 11 22:00:00 2018", time.Date(2018, 6, 11, 22, 0, 0, 0, time.UTC)},
		{"6/12/2018", day(2018, time.June, 12)},     // month first when both readings work
		{"13/6/2018", day(2018, time.June, 13)},     // only the day-first reading works
		{"12/06/2018", day(2018, time.December, 6)}, // ambiguous: month first
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseDate(tt.in)
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tt.in, err)
			}
			if !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("ParseDate(%q) = %v, want %v (UTC)", tt.in, got, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "   ", `""`, "yesterday", "2018-13-45", "32/13/2018", "June 31st, 2018", "12th", "2018-06-12 later"} {
		if got, err := parseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", bad, got)
		}
	}
}
