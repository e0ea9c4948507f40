package answer

import (
	"context"
	"slices"
	"strings"

	"github.com/summitbot/summitbot/corpus"
)

const (
	searchLimit   = 8  // passages fetched per event, then re-ranked
	maxPassages   = 3  // passages cited
	maxQueryWords = 16 // the search engine looks at no more
	supportWords  = 10 // words searched for the passages that back an answer
)

// support finds the passages that back text: it searches, within each
// event, with the question's own words and the answer's, then prefers
// passages tagged with the event that share most words with the answer.
func (a *Answerer) support(ctx context.Context, q *question, text string, evs []*corpus.Event) ([]Passage, error) {
	keyText := text
	if hangulRunes(text) > 0 && len(evs) > 0 {
		keyText = brief(evs[0]) // the corpus is English
	}
	keys := stemSet(keyText)
	for w := range keys {
		if a.vocab.generic(w) || stopWords[w] {
			delete(keys, w)
		}
	}
	query := a.searchWords(q, keyText)

	type cand struct {
		p     Passage
		score int
		event int // position in evs
	}
	var cands []cand
	seen := map[string]bool{}
	for k, e := range evs[:min(len(evs), maxPassages)] {
		ps, err := a.search(ctx, query, e.ID, searchLimit)
		if err != nil {
			return nil, err
		}
		if !anyTagged(ps, []string{e.ID}) {
			// The words missed the event's passages: take its best ones.
			more, err := a.search(ctx, e.Name, e.ID, maxPassages)
			if err != nil {
				return nil, err
			}
			ps = append(ps, more...)
		}
		for rank, p := range ps {
			id := p.Source + "\x00" + p.Text
			if seen[id] {
				continue
			}
			seen[id] = true
			score := searchLimit - rank
			if slices.Contains(p.Events, e.ID) {
				score += 100
			}
			shared := map[string]bool{}
			for _, s := range stems(p.Text) {
				if keys[s] && !shared[s] {
					shared[s] = true
					score += 5
				}
			}
			cands = append(cands, cand{p: p, score: score, event: k})
		}
	}
	slices.SortStableFunc(cands, func(x, y cand) int { return y.score - x.score })
	// One passage per event first, so that an answer about two events
	// cites both, then the best of the rest.
	var out []Passage
	taken := make([]bool, len(cands))
	for k := range evs {
		for i, c := range cands {
			if !taken[i] && c.event == k && len(out) < maxPassages {
				out, taken[i] = append(out, c.p), true
				break
			}
		}
	}
	for i, c := range cands {
		if len(out) == maxPassages {
			break
		}
		// A third passage only when it is about the event.
		if !taken[i] && (len(out) < 2 || c.score >= 100) {
			out, taken[i] = append(out, c.p), true
		}
	}
	return out, nil
}

// searchWords builds the search text: the question's content words, then
// the answer's, at most maxQueryWords.
func (a *Answerer) searchWords(q *question, answer string) string {
	var out []string
	seen := map[string]bool{}
	add := func(w string, limit int) {
		st := stem(w)
		if len(out) >= limit || seen[st] || stopWords[w] || whWords[w] {
			return
		}
		seen[st] = true
		out = append(out, w)
	}
	for _, t := range q.toks {
		// The subject's own names ("dprk", "kim") are in most passages of
		// a corpus about it, and the search keeps to the event's anyway.
		if !t.hangul && !a.vocab.subject(t.raw) {
			add(t.raw, maxQueryWords/2)
		}
	}
	for _, w := range splitWords(strings.ToLower(answer)) {
		// Numbers and months stand in every other news passage: they cost
		// the search much and tell it little (the re-ranking counts them).
		if !a.vocab.generic(w) && !isDigits(w) && !months[w] {
			add(w, supportWords)
		}
	}
	return strings.Join(out, " ")
}
