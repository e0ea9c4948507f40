package feeds

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"github.com/mmcdole/gofeed"
	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"

	"github.com/summitbot/summitbot/corpus"
)

// minArticleRunes is the least text the extraction must give to be used
// before the item's own description.
const minArticleRunes = 200

// maxTitleRunes is the longest title, and feed name, an article keeps.
const maxTitleRunes = 300

// frontMatter is the YAML front matter of a written article; the corpus
// parser reads title, date and url, and keeps the other keys as they are.
type frontMatter struct {
	Title string `yaml:"title,omitempty"`
	Date  string `yaml:"date,omitempty"` // RFC 3339, UTC; none when neither item nor page gives one
	URL   string `yaml:"url"`
	// Feed is the feed's title, or its host when it has none. It is not
	// "source": the corpus reads that key as the article's URL.
	Feed    string `yaml:"feed,omitempty"`
	Fetched string `yaml:"fetched"` // RFC 3339, UTC
}

// article is the Markdown file of the item whose page, at u, is page: its
// front matter and the page's article text, or the item's description when
// the page gives too little.
func (p *pass) article(u *url.URL, source string, it *gofeed.Item, page response) ([]byte, error) {
	text, pageTitle, pageDate := extract(page.body, u)
	if utf8.RuneCountInString(text) < minArticleRunes {
		desc := htmlText(it.Content)
		if desc == "" {
			desc = htmlText(it.Description)
		}
		if desc != "" {
			text = desc
		}
	}
	if text == "" {
		return nil, errNoText
	}
	fm := frontMatter{
		Title:   corpus.CleanText(htmlText(it.Title), maxTitleRunes),
		URL:     u.String(),
		Feed:    source,
		Fetched: p.opts.Now().UTC().Format(time.RFC3339),
	}
	if fm.Title == "" {
		fm.Title = corpus.CleanText(pageTitle, maxTitleRunes)
	}
	switch {
	case it.PublishedParsed != nil:
		fm.Date = it.PublishedParsed.UTC().Format(time.RFC3339)
	case it.UpdatedParsed != nil:
		fm.Date = it.UpdatedParsed.UTC().Format(time.RFC3339)
	case !pageDate.IsZero():
		fm.Date = pageDate.UTC().Format(time.RFC3339)
	}
	return markdown(fm, text)
}

// markdown is the article file: front matter, a blank line, the text.
func markdown(fm frontMatter, text string) ([]byte, error) {
	meta, err := yaml.Marshal(fm)
	if err != nil {
		return nil, fmt.Errorf("front matter: %w", err)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(meta)
	b.WriteString("---\n\n")
	b.WriteString(text)
	b.WriteString("\n")
	return b.Bytes(), nil
}

// extract finds the article in an HTML page: its text, paragraphs
// separated by blank lines, without navigation, scripts and other
// boilerplate; the page's title; and its publication date, zero when it
// gives none.
func extract(page []byte, u *url.URL) (text, title string, published time.Time) {
	art, err := readability.FromReader(bytes.NewReader(page), u)
	if err != nil || art.Node == nil {
		return "", "", time.Time{}
	}
	if t, err := art.PublishedTime(); err == nil {
		published = t
	}
	return paragraphs(render.InnerText(art.Node)), art.Title(), published
}

// htmlText is the text of an HTML fragment (a feed item's description),
// paragraphs separated by blank lines.
func htmlText(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return ""
	}
	return paragraphs(render.InnerText(doc))
}

var blankLines = regexp.MustCompile(`\n[ \t\p{Zs}]*\n`)

// paragraphs cleans rendered text: each paragraph cleaned as
// corpus.CleanText does (white space inside it collapsed to single
// spaces), empty paragraphs dropped, one blank line between paragraphs.
func paragraphs(s string) string {
	var out []string
	for _, p := range blankLines.Split(strings.ReplaceAll(s, "\r\n", "\n"), -1) {
		if p = corpus.CleanText(p, math.MaxInt); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

// aboutSubject reports whether the article file md is about the subject:
// whether the corpus, reading it as it will read the written file, tags one
// of its passages with an event of cat. A file the corpus would skip is an
// error.
func aboutSubject(ctx context.Context, cat *corpus.Catalogue, md []byte) (bool, error) {
	const name = "article.md"
	c, err := corpus.Load(ctx, fstest.MapFS{name: {Data: md}}, corpus.LoadOptions{Catalogue: cat})
	if err != nil {
		return false, fmt.Errorf("read the article back: %w", err)
	}
	if len(c.Skipped) > 0 {
		return false, fmt.Errorf("read the article back: %w: %s", errCorpusSkips, c.Skipped[0].Reason)
	}
	return slices.ContainsFunc(c.Passages, func(p corpus.Passage) bool { return len(p.Events) > 0 }), nil
}

// loadOffTopic reads the off-topic items the state remembers, forgetting
// them when they were judged by another catalogue.
func (p *pass) loadOffTopic() {
	digest := catalogueDigest(p.opts.Catalogue)
	if digest == "" || p.state.OffTopicFor != digest {
		p.state.OffTopic, p.state.OffTopicFor = nil, digest
	}
	p.offTopic = newMemory(&p.state.OffTopic)
}

// memory is a list of the state, the items of one kind it remembers
// (oldest first, the latest maxRemembered kept), and the set of them.
type memory struct {
	list *[]string
	has  map[string]bool
}

func newMemory(list *[]string) memory {
	m := memory{list: list, has: make(map[string]bool, len(*list))}
	for _, k := range *list {
		m.has[k] = true
	}
	return m
}

// add remembers k, which m does not hold, forgetting the oldest beyond
// maxRemembered.
func (m memory) add(k string) {
	m.has[k] = true
	*m.list = append(*m.list, k)
	if over := len(*m.list) - maxRemembered; over > 0 {
		for _, old := range (*m.list)[:over] {
			delete(m.has, old)
		}
		*m.list = slices.Clone((*m.list)[over:])
	}
}

// catalogueDigest identifies the catalogue an item was judged by; "" when
// it cannot be marshalled, and then nothing is remembered.
func catalogueDigest(cat *corpus.Catalogue) string {
	data, err := yaml.Marshal(cat)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:8])
}
