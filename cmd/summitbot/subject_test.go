package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// builtinSubject are words of the built-in subject that must not reach a
// reply about another one.
var builtinSubject = regexp.MustCompile(`(?i)trump|kim|hanoi|singapore|dmz|korea|panmunjom|yongbyon|pyongyang|putin|xi jinping|트럼프|김정은|하노이|싱가포르|판문점|북미`)

// The whole bot (index, answerer, replies) over a corpus about another
// subject entirely: three Apollo-era US–Soviet summits with a standalone
// catalogue and articles of their own, and no code change. No word of the
// built-in subject reaches a reply, counts are right, and every quote is
// the articles' own.
func TestAnotherSubjectEndToEnd(t *testing.T) {
	dir, err := filepath.Abs("../../corpus/testdata/apollo")
	if err != nil {
		t.Fatal(err)
	}
	articles := readArticles(t, filepath.Join(dir, "articles"))
	t.Chdir(t.TempDir()) // no stray .env
	tests := []struct {
		line string
		want []string
	}{
		{"/help", []string{"the US–Soviet summits of the Apollo era", "glassboro (1967), moscow72 (1972), washington73 (1973), vladivostok (1974)"}},
		{"/ask question:how many times did nixon and brezhnev meet", []string{"Nixon and Brezhnev have met twice: the Moscow Summit of 1972 on 22–30 May 1972 and the Washington Summit of 1973 on 18–25 June 1973."}},
		{"/ask question:what did the soviets ask for at glassboro?", []string{"Kosygin pressed for the withdrawal of Israeli forces"}},
		{"/ask question:when did ford meet brezhnev", []string{"23–24 November 1974"}},
		{"/ask question:how many launchers did ford and brezhnev agree on?", []string{"2,400 strategic missile"}},
		{"/summit event:vladivostok", []string{"Vladivostok Summit", "23–24 November 1974", "articles/vladivostok.md"}},
		{"/search query:détente", []string{"**détente**", "articles/moscow72.md"}},
		{"/timeline", []string{"The US–Soviet summits of the Apollo era", "Glassboro Summit Conference", "Moscow Summit of 1972", "Vladivostok Summit"}},
		{"/timeline with:brezhnev", []string{"Moscow Summit of 1972", "Washington Summit of 1973", "Vladivostok Summit"}},
	}
	for _, tt := range tests {
		out, errOut, err := runCLI(t, nil, "simulate", "--corpus", dir, tt.line)
		if err != nil {
			t.Fatalf("%s: %v\n%s", tt.line, err, errOut)
		}
		if m := builtinSubject.FindString(out); m != "" {
			t.Errorf("%s: %q of the built-in subject leaked into the reply:\n%s", tt.line, m, out)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: reply lacks %q:\n%s", tt.line, w, out)
			}
		}
		if !strings.HasPrefix(tt.line, "/ask") {
			continue
		}
		qs := quotes(t, out)
		if len(qs) == 0 {
			t.Errorf("%s: the answer quotes no article", tt.line)
		}
		for _, q := range qs {
			if !strings.Contains(articles, q) {
				t.Errorf("%s: the quote %q is not in the articles", tt.line, q)
			}
		}
	}
}

// readArticles is the text of every article in dir, its lines joined.
func readArticles(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(strings.Join(strings.Fields(string(data)), " "))
		b.WriteString("\n")
	}
	return b.String()
}

// quotes are the quoted lines ("> …") of an answer's description, as plain
// text: bold marks and Markdown escapes removed.
func quotes(t *testing.T, out string) []string {
	t.Helper()
	var resp struct {
		Data struct {
			Embeds []struct {
				Description string `json:"description"`
			} `json:"embeds"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatalf("reply is not JSON: %v\n%s", err, out)
	}
	var qs []string
	for _, em := range resp.Data.Embeds {
		for _, line := range strings.Split(em.Description, "\n") {
			if q, ok := strings.CutPrefix(line, "> "); ok {
				q = strings.ReplaceAll(q, "**", "")
				q = regexp.MustCompile(`\\(.)`).ReplaceAllString(q, "$1")
				qs = append(qs, strings.Trim(q, "…"))
			}
		}
	}
	return qs
}
