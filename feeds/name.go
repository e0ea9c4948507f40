package feeds

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
)

// slugRunes is the longest readable part of an article's file name.
const slugRunes = 60

// normalizeURL is the form of an article URL its file name is made from:
// scheme and host in lower case, without the default port, the fragment or
// the utm_* tracking parameters, the remaining query sorted, and "/" for an
// empty path. Only absolute http and https URLs are articles.
func normalizeURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("parse url: %w", err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("parse url %q: not an http or https URL", raw)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("parse url %q: no host", raw)
	}
	u.Host = strings.ToLower(u.Host)
	if p := u.Port(); (u.Scheme == "http" && p == "80") || (u.Scheme == "https" && p == "443") {
		u.Host = u.Hostname()
		if strings.Contains(u.Host, ":") { // an IPv6 literal keeps its brackets
			u.Host = "[" + u.Host + "]"
		}
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			if strings.HasPrefix(strings.ToLower(k), "utm_") {
				delete(q, k)
			}
		}
		u.RawQuery = q.Encode() // sorted by key
	}
	u.ForceQuery = false
	return u, nil
}

// fileName is the stable name of the article at raw: a readable slug of its
// host and path, cut to slugRunes, then the first 12 hex digits of the
// SHA-256 of its normalised URL, and ".md". Only a-z, 0-9 and '-' appear
// before the extension, so the name is safe on every file system and is
// never hidden (it never starts with a dot).
func fileName(raw string) (string, error) {
	u, err := normalizeURL(raw)
	if err != nil {
		return "", err
	}
	return nameOf(u), nil
}

// nameOf is fileName of the normalised URL u.
func nameOf(u *url.URL) string {
	sum := sha256.Sum256([]byte(u.String()))
	hash := hex.EncodeToString(sum[:])[:12]
	slug := slugOf(u.Hostname() + u.EscapedPath())
	if slug == "" {
		return hash + ".md"
	}
	return slug + "-" + hash + ".md"
}

// slugOf keeps s's ASCII letters and digits, in lower case, with one '-'
// for each run of anything else, trimmed and cut to slugRunes.
func slugOf(s string) string {
	s = strings.TrimPrefix(strings.ToLower(s), "www.")
	var b strings.Builder
	dash := false
	for _, r := range s {
		if b.Len() >= slugRunes {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > slugRunes {
		out = out[:slugRunes]
	}
	return strings.Trim(out, "-")
}
