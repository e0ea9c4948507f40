package index

import (
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
	Date   string   `json:"date,omitempty"`
	Events []string `json:"events,omitempty"`
}

// newMapping is the explicit index mapping: nothing is indexed dynamically,
// doc values are off (nothing sorts or facets on text), and only the text
// field keeps term vectors, which phrase queries need.
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

	date := bleve.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = false

	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldText, text)
	dm.AddFieldMappingsAt(fieldTitle, title)
	dm.AddFieldMappingsAt(fieldDate, date)
	dm.AddFieldMappingsAt(fieldEvents, kw(true, true))
	m.DefaultMapping = dm
	return m, nil
}
