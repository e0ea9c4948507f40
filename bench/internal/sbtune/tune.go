// Package sbtune is a copy of summitbot's index package (mapping, search,
// highlights) with knobs, for tuning experiments from the bench module
// only: summitbot's own code is not changed. Its Search must behave like
// index.Search when every knob is off.
package sbtune

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/util"

	"github.com/summitbot/summitbot/corpus"
)

// BuildKnobs change how the index is built.
type BuildKnobs struct {
	Batch         int  // passages per batch (default 2000)
	NoWords       bool // no "words" field: typo corrections come from the stemmed text dictionary
	NoTermVectors bool // no term vectors on text: no phrase queries, no location highlights
	// Builder uses Bleve's offline scorch builder (segments built in
	// memory, merged once at the end) instead of online batches.
	Builder    bool
	BuilderMax int // the builder's mergeMax (default 10)
	// LazyMerge lets scorch keep more segments per tier and merge more at
	// once while building, so fewer bytes are rewritten by merges.
	LazyMerge bool
}

// QueryKnobs turn parts of summitbot's query off.
type QueryKnobs struct {
	NoPhrase         bool // no whole-query phrase bonus
	NoPreferSummits  bool // no lift for passages tagged with any event
	NoTitle          bool // no title clause
	NoSynonymPhrases bool // no multi-word synonym phrases
	TypoOnlyMissing  bool // corrections only for words the corpus lacks (not for rare ones)
	Reanalyze        bool // highlight by analysing the hit's text, no second search for locations
	NoWords          bool // the index has no words field
}

// Index is the copy's searchable index.
type Index struct {
	bl       bleve.Index
	cat      *corpus.Catalogue
	analyzer analysis.Analyzer
	K        QueryKnobs

	lastTerms map[string]bool // the last query's terms, for Reanalyze
}

// Build indexes passages into dir (which must not exist) with knobs.
func Build(ctx context.Context, dir string, ps []corpus.Passage, k BuildKnobs) (time.Duration, error) {
	start := time.Now()
	m, err := newMapping(k)
	if err != nil {
		return 0, err
	}
	if k.Batch <= 0 {
		k.Batch = 2000
	}
	if k.Builder {
		err := buildOffline(dir, m, ps, k)
		return time.Since(start), err
	}
	var cfg map[string]any
	if k.LazyMerge {
		cfg = map[string]any{"scorchMergePlanOptions": map[string]any{"MaxSegmentsPerTier": 40, "SegmentsPerMergeTask": 20}}
	}
	bl, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, cfg)
	if err != nil {
		return 0, err
	}
	b := bl.NewBatch()
	for i, group := range synonymGroups {
		if single := singles(group); len(single) >= 2 {
			if err := b.IndexSynonym(fmt.Sprintf("syn-%d", i), synonymCollection, &bleve.SynonymDefinition{Synonyms: single}); err != nil {
				return 0, err
			}
		}
	}
	for i := range ps {
		if err := b.Index(ps[i].ID, toDoc(&ps[i])); err != nil {
			return 0, err
		}
		if b.Size() >= k.Batch {
			if err := bl.Batch(b); err != nil {
				return 0, err
			}
			b.Reset()
		}
	}
	if err := bl.Batch(b); err != nil {
		return 0, err
	}
	err = bl.Close()
	return time.Since(start), err
}

func singles(group []string) []string {
	var single []string
	for _, s := range group {
		if len(strings.Fields(s)) == 1 && !strings.ContainsAny(s, "-'") {
			single = append(single, s)
		}
	}
	return single
}

func toDoc(p *corpus.Passage) doc {
	d := doc{Text: p.Text, Title: p.Title, Words: p.Text, Source: p.Source, URL: p.URL, Events: p.Events, Position: float64(p.Position)}
	if !p.Date.IsZero() {
		d.Date = p.Date.Format(time.RFC3339)
	}
	return d
}

// buildOffline uses scorch's Builder directly (as bleve.NewBuilder does),
// so that synonym documents can go in too.
func buildOffline(dir string, m *mapping.IndexMappingImpl, ps []corpus.Passage, k BuildKnobs) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	mb, err := util.MarshalJSON(m)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "index_meta.json"), []byte(`{"storage":"scorch","index_type":"scorch"}`), 0o644); err != nil {
		return err
	}
	cfg := map[string]any{
		"path":            filepath.Join(dir, "store"),
		"buildPathPrefix": dir,
		"batchSize":       k.Batch,
		"internal":        map[string][]byte{string(util.MappingInternalKey): mb},
	}
	if k.BuilderMax > 0 {
		cfg["mergeMax"] = k.BuilderMax
	}
	b, err := scorch.NewBuilder(cfg)
	if err != nil {
		return err
	}
	for i, group := range synonymGroups {
		if single := singles(group); len(single) >= 2 {
			d := document.NewSynonymDocument(fmt.Sprintf("syn-%d", i))
			if err := m.MapSynonymDocument(d, synonymCollection, nil, single); err != nil {
				return err
			}
			if err := b.Index(d); err != nil {
				return err
			}
		}
	}
	for i := range ps {
		d := document.NewDocument(ps[i].ID)
		if err := m.MapDocument(d, toDoc(&ps[i])); err != nil {
			return err
		}
		if err := b.Index(d); err != nil {
			return err
		}
	}
	return b.Close()
}

// Open opens an index built by Build, or the generation an index.Open
// folder's CURRENT names, read-only.
func Open(dir string, cat *corpus.Catalogue, k QueryKnobs) (*Index, error) {
	if cur, err := os.ReadFile(filepath.Join(dir, "CURRENT")); err == nil {
		dir = filepath.Join(dir, strings.TrimSpace(string(cur)))
	}
	bl, err := bleve.OpenUsing(dir, map[string]any{"read_only": true})
	if err != nil {
		return nil, err
	}
	return &Index{bl: bl, cat: cat, analyzer: bl.Mapping().AnalyzerNamed(en.AnalyzerName), K: k}, nil
}

func (x *Index) Close() error { return x.bl.Close() }

// reanalyzeFragment highlights the query's terms in text without term
// locations: it analyses the text, marks tokens whose term the query
// holds, and keeps a window of about fragmentRunes around the first
// densest run of matches.
func (x *Index) reanalyzeFragment(text string) string {
	terms := x.lastTerms
	toks := x.analyzer.Analyze([]byte(text))
	var hits []*analysis.Token
	for _, t := range toks {
		if terms[string(t.Term)] {
			hits = append(hits, t)
		}
	}
	if len(hits) == 0 {
		return truncateRunes(text, fragmentRunes)
	}
	// The window (in bytes, close enough to runes for English) that
	// starts at the match covering most matches after it.
	best, bestN := 0, 0
	for i, h := range hits {
		n := 0
		for _, g := range hits[i:] {
			if g.End-h.Start > fragmentRunes {
				break
			}
			n++
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	start := max(0, hits[best].Start-40)
	end := min(len(text), start+fragmentRunes)
	for start > 0 && start < len(text) && text[start]&0xC0 == 0x80 {
		start--
	}
	for end < len(text) && text[end]&0xC0 == 0x80 {
		end++
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString(fragmentSep)
	}
	pos := start
	for _, h := range hits {
		if h.Start < start || h.End > end {
			continue
		}
		b.WriteString(text[pos:h.Start])
		b.WriteString(markOpen + text[h.Start:h.End] + markClose)
		pos = h.End
	}
	b.WriteString(text[pos:end])
	if end < len(text) {
		b.WriteString(fragmentSep)
	}
	return b.String()
}
