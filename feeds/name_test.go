package feeds

import (
	"strings"
	"testing"
)

func TestFileName(t *testing.T) {
	tests := []struct{ a, b string }{
		{"https://Example.com/news/a", "https://example.com/news/a"},
		{"https://example.com:443/news/a", "https://example.com/news/a"},
		{"http://example.com:80", "http://example.com/"},
		{"https://example.com/news/a#top", "https://example.com/news/a"},
		{"https://example.com/a?utm_source=x&b=2&a=1", "https://example.com/a?a=1&b=2"},
	}
	for _, tt := range tests {
		na, err := fileName(tt.a)
		if err != nil {
			t.Fatal(err)
		}
		nb, err := fileName(tt.b)
		if err != nil {
			t.Fatal(err)
		}
		if na != nb {
			t.Errorf("fileName(%q) = %q, fileName(%q) = %q: want the same", tt.a, na, tt.b, nb)
		}
	}
	for _, tt := range []struct{ a, b string }{
		{"https://example.com/a", "https://example.com/b"},
		{"https://example.com/a", "http://example.com/a"},
		{"https://example.com/a?id=1", "https://example.com/a?id=2"},
		{"https://example.com/news-a", "https://example.com/news/a"},
	} {
		na, _ := fileName(tt.a)
		nb, _ := fileName(tt.b)
		if na == nb {
			t.Errorf("fileName(%q) = fileName(%q) = %q", tt.a, tt.b, na)
		}
	}
	name, _ := fileName("https://www.example.com/2019/02/28/hanoi-summit-ends-without-a-deal-as-talks-collapse-over-sanctions.html")
	if !strings.HasPrefix(name, "example-com-2019-02-28-hanoi-summit-ends-without-a-deal-as-t-") || len(name) != 60+1+12+3 {
		t.Errorf("readable name: %q", name)
	}
	for _, bad := range []string{"", "/relative", "ftp://example.com/a", "mailto:kim@example.com", "http://"} {
		if n, err := fileName(bad); err == nil {
			t.Errorf("fileName(%q) = %q, want an error", bad, n)
		}
	}
}

// checkName fails unless name is a safe, bounded, visible article name.
func checkName(t *testing.T, raw, name string) {
	t.Helper()
	if len(name) > slugRunes+1+12+len(".md") || !strings.HasSuffix(name, ".md") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "-") {
		t.Fatalf("fileName(%q) = %q: bad shape", raw, name)
	}
	for _, r := range strings.TrimSuffix(name, ".md") {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			t.Fatalf("fileName(%q) = %q: unsafe character %q", raw, name, r)
		}
	}
}

func FuzzFileName(f *testing.F) {
	for _, s := range []string{"https://example.com/a", "http://例え.jp/ニュース?q=1#x", "https://[::1]:8080/a/../b", "https://example.com/" + strings.Repeat("x/", 100), "https://a.b/%2F%00"} {
		f.Add(s, s+"2")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		na, errA := fileName(a)
		if errA != nil {
			return
		}
		checkName(t, a, na)
		if again, _ := fileName(a); again != na {
			t.Fatalf("fileName(%q) is not stable: %q then %q", a, na, again)
		}
		nb, errB := fileName(b)
		if errB != nil {
			return
		}
		ua, _ := normalizeURL(a)
		ub, _ := normalizeURL(b)
		if (ua.String() == ub.String()) != (na == nb) {
			t.Fatalf("%q (%s) and %q (%s) give %q and %q", a, ua, b, ub, na, nb)
		}
	})
}
