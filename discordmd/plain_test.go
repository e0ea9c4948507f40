package discordmd

import (
	"regexp"
	"strings"
	"testing"
)

// fields folds white space, as corpus.CleanText would, for comparing.
func fields(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestStripTokens(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"mentions", "ask <@123> <@!124> <@&456> in <#789>", "ask in"},
		{"custom emoji", "<:kim:111><a:dance:222> <:a~1:3>", ""},
		{"timestamp", "on <t:1551312000:R> and <t:1551312000>", "on and"},
		{"slash command and navigation", "try </search:999> or <id:home>", "try or"},
		{"mass mentions", "@everyone look @here", "look"},
		{"no word boundary after @here", "@heretic @everyones", "@heretic @everyones"},
		{"Markdown stays", "**bold** [x](https://y) @", "**bold** [x](https://y) @"},
		{"not a token", "<@abc> <#> <t:x> a<b>c", "<@abc> <#> <t:x> a<b>c"},
		{"Korean", "<@1>님, 하노이 회담은?", "님, 하노이 회담은?"},
		{"a token formed by a removal", "</a <@1> b:1> c", "c"},
		{"a token hidden by format characters", "did <@\u200b123456789012345678> or @\u2060everyone say", "did or say"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fields(StripTokens(tt.in)); got != tt.want {
				t.Errorf("StripTokens(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if got := StripTokens("a<@1>b"); got != "a b" {
		t.Errorf("StripTokens joined what it took apart: %q", got)
	}
}

func TestPlain(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"masked link keeps its label", "read [the report](https://evil.example/x) now", "read the report now"},
		{"link with a title and angle brackets", `[a](<https://b> "t")`, "a"},
		{"nested parentheses", "[a](javascript:alert(1)) b", "a b"},
		{"Wikipedia address", "[summit](https://en.wikipedia.org/wiki/Hanoi_(summit))", "summit"},
		{"deeper nesting is no link", "[a](x:(b(c)))", "[a](x:(b(c)))"},
		{"bare link", "see https://example.org/y and <https://z.example>", "see and"},
		{"block marks", "# h\n> q\n>>> qq\n- item\n-# small", "h q qq item small"},
		{"inline marks", "**b** __u__ ~~s~~ ||sp|| `c` \\*e\\*", "b u s sp c e"},
		{"tokens", "<@1> @everyone <:kim:1> <t:1:R> </a b:1>", ""},
		{"a mention joined by a removal", "<\\@123> <@*1> @every*one", "123 1 every one"},
		{"a link behind an underscore", "x_http://evil.example/y", "x"},
		{"Korean", "하노이 회담은 **왜** 결렬됐나?", "하노이 회담은 왜 결렬됐나?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fields(Plain(tt.in)); got != tt.want {
				t.Errorf("Plain(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

var (
	pings   = regexp.MustCompile(`<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b`)
	anyLink = regexp.MustCompile(`(?i)[a-z][a-z0-9+.\-]*://`)
)

// Whatever a user writes, StripTokens leaves nothing that pings or names
// a user (no token forms again out of what it leaves side by side), and
// Plain nothing that pings, links or formats.
func FuzzPlain(f *testing.F) {
	for _, s := range []string{"@everyone *x* <@1>", "<@<@1>1>", "[a](javascript:alert(1))", "@every<@1>one", "x_http://a", "</a:1>", "<t:1:R>", "[a](<https://b>)", "@heretic @here_", "</a <@1> b:1>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := StripTokens(s); pings.MatchString(got) || tokens.MatchString(got) {
			t.Fatalf("StripTokens(%q) = %q: a token left", s, got)
		}
		got := Plain(s)
		if strings.ContainsAny(got, "*_~|`\\<>@") || anyLink.MatchString(got) {
			t.Fatalf("Plain(%q) = %q: markup left", s, got)
		}
	})
}
