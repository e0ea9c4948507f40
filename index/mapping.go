package index

import (
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Field names of a passage document.
const (
	fieldText   = "text"
	fieldTitle  = "title"
	fieldDate   = "date"
	fieldEvents = "events"
)

const (
	synonymSource     = "summit_synonyms"
	synonymCollection = "summit"
)

// doc is the shape a passage takes in the index. Only the text and the
// events are stored: an article's title, source, URL and date are the same
// for each of its passages, so they are kept once per article beside the
// index (see articles.go) — stored on every passage they took a quarter of
// the index.
type doc struct {
	Text   string   `json:"text"`
	Title  string   `json:"title"`
	Date   *string  `json:"date,omitempty"` // day, see dayTerm; nil when undated (Bleve would index "")
	Events []string `json:"events,omitempty"`
}

// dayTerm is t's day as the date field indexes it: the day in UTC, one
// keyword term, so a date filter is a range of terms. Bleve's date field
// indexes 16 numeric prefix terms per passage instead, and took a sixth of
// the news build for a filter nothing needs finer than a day. The year is
// kept to four digits so that the terms sort as the days do.
func dayTerm(t time.Time) string {
	t = t.UTC()
	switch {
	case t.Year() < 0:
		return "0000-01-01"
	case t.Year() > 9999:
		return "9999-12-31"
	}
	return t.Format(time.DateOnly)
}

// newMapping is the explicit index mapping: nothing is indexed dynamically,
// doc values are off (nothing sorts or facets on text), only the text field
// keeps term vectors, which phrase queries need, and the date is a keyword
// (see dayTerm).
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = en.AnalyzerName
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.ScoringModel = "bm25"
	if err := m.AddSynonymSource(synonymSource, map[string]any{
		"collection": synonymCollection,
		"analyzer":   en.AnalyzerName,
	}); err != nil {
		return nil, err
	}

	text := bleve.NewTextFieldMapping()
	text.Analyzer = en.AnalyzerName
	text.Store = true
	text.IncludeTermVectors = true
	text.IncludeInAll = false
	text.DocValues = false
	text.SynonymSource = synonymSource

	title := bleve.NewTextFieldMapping()
	title.Analyzer = en.AnalyzerName
	title.Store = false
	title.IncludeTermVectors = false
	title.IncludeInAll = false
	title.DocValues = false
	title.SynonymSource = synonymSource

	kw := func(store, index bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.Index = index
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}

	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldText, text)
	dm.AddFieldMappingsAt(fieldTitle, title)
	dm.AddFieldMappingsAt(fieldDate, kw(false, true))
	dm.AddFieldMappingsAt(fieldEvents, kw(true, true))
	m.DefaultMapping = dm
	return m, nil
}
