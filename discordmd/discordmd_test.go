package discordmd

import (
	"regexp"
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"**bold** _it_ `code` ~~s~~ ||spoiler||", `\*\*bold\*\* \_it\_ \` + "`" + `code\` + "`" + ` \~\~s\~\~ \|\|spoiler\|\|`},
		{"@everyone @here", "@\u200beveryone @\u200bhere"},
		{"<@123> <@&456> <#789>", "\\<@\u200b123\\> \\<@\u200b&456\\> \\<\\#789\\>"},
		{"[x](https://evil)", `\[x\]\(https://evil\)`},
		{"# heading", `\# heading`},
		{"> quote", `\> quote`},
		{"- item", `\- item`},
		{`back\slash`, `back\\slash`},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

var mention = regexp.MustCompile(`<@[!&]?[0-9]`)

func FuzzEscape(f *testing.F) {
	f.Add("@everyone *x* <@1>")
	f.Fuzz(func(t *testing.T, s string) {
		out := Escape(s)
		if strings.Contains(out, "@everyone") || strings.Contains(out, "@here") || mention.MatchString(out) {
			t.Fatalf("mention survived: %q -> %q", s, out)
		}
	})
}

func TestUnescape(t *testing.T) {
	for _, s := range []string{"", "plain", `a\b`, `\-x`, "-x", "+@", "@\u200b", "**bold** _i_ `c` ~~s~~ ||sp|| > # [l](u) <@1>", `\\*`, "한국어 질문?"} {
		if got := Unescape(Escape(s)); got != s {
			t.Errorf("Unescape(Escape(%q)) = %q", s, got)
		}
	}
}

func FuzzUnescape(f *testing.F) {
	for _, s := range []string{"@everyone *x* <@1>", `-\-`, "+@\u200b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := Unescape(Escape(s)); got != s {
			t.Fatalf("Unescape(Escape(%q)) = %q", s, got)
		}
	})
}
