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
// the index. The date is not indexed: no search filters on it.
type doc struct {
	Text   string   `json:"text"`
	Title  string   `json:"title"`
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

	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldText, textField(true))
	dm.AddFieldMappingsAt(fieldTitle, textField(false))
	// the events: keywords, stored
	dm.AddFieldMappingsAt(fieldEvents, &mapping.FieldMapping{Type: "text", Analyzer: keyword.Name, Store: true, Index: true})
	m.DefaultMapping = dm
	return m, nil
}

// textField is a field of English text with the catalogue's synonyms; the
// text field is stored, with term vectors, the title neither.
func textField(stored bool) *mapping.FieldMapping {
	return &mapping.FieldMapping{Type: "text", Analyzer: en.AnalyzerName, Store: stored, Index: true,
		IncludeTermVectors: stored, SynonymSource: synonymSource}
}
