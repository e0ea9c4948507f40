package index

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/summitbot/summitbot/corpus"
)

// articlesFile holds a generation's article table, beside Bleve's files.
const articlesFile = "articles.json"

// article is what the passages of one article share.
type article struct {
	Source string    `json:"source"`
	Title  string    `json:"title"`
	URL    string    `json:"url,omitempty"`
	Date   time.Time `json:"date,omitzero"`
}

// articleKey is the part of a passage ID that names its article: the ID is
// the article's path (with a line number for multi-article files), "#" and
// the passage's position.
func articleKey(passageID string) string {
	if i := strings.LastIndexByte(passageID, '#'); i >= 0 {
		return passageID[:i]
	}
	return passageID
}

// articleTable collects the articles of passages by key.
func articleTable(passages []corpus.Passage) map[string]article {
	out := make(map[string]article)
	for i := range passages {
		p := &passages[i]
		k := articleKey(p.ID)
		if _, ok := out[k]; !ok {
			// whole seconds, as hits have always given it
			out[k] = article{Source: p.Source, Title: p.Title, URL: p.URL, Date: p.Date.Truncate(time.Second)}
		}
	}
	return out
}

// Article describes an indexed article.
type Article struct {
	Title  string
	Source string // its file, relative to the corpus folder
	URL    string
	Date   time.Time
}

// newest is the article of the table with the latest date, the first by
// key among equals; zero when no article has a date.
func newest(t map[string]article) Article {
	var best Article
	bestKey := ""
	for k, a := range t {
		if a.Date.IsZero() {
			continue
		}
		if c := a.Date.Compare(best.Date); c > 0 || (c == 0 && k < bestKey) {
			best, bestKey = Article{Title: a.Title, Source: a.Source, URL: a.URL, Date: a.Date}, k
		}
	}
	return best
}

type articleEntry struct {
	Key string `json:"key"`
	article
}

// encodeArticles writes the table as JSON, sorted by key.
func encodeArticles(t map[string]article) ([]byte, error) {
	entries := make([]articleEntry, 0, len(t))
	for k, a := range t {
		entries = append(entries, articleEntry{k, a})
	}
	slices.SortFunc(entries, func(a, b articleEntry) int { return cmp.Compare(a.Key, b.Key) })
	data, err := json.Marshal(entries)
	if err != nil {
		return nil, fmt.Errorf("write article table: %w", err)
	}
	return data, nil
}

func decodeArticles(data []byte) (map[string]article, error) {
	var entries []articleEntry
	if err := json.Unmarshal(data, &entries); err != nil {
		return nil, fmt.Errorf("read %s: %w", articlesFile, err)
	}
	out := make(map[string]article, len(entries))
	for _, e := range entries {
		out[e.Key] = e.article
	}
	return out, nil
}
