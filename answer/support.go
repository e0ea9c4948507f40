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
func (a *Answerer) support(ctx context.Context, q *question, text string, evs []*corpus.Event) ([]corpus.Hit, error) {
	keyText := text
	if hangulRunes(text) > 0 && len(evs) > 0 {
		keyText = brief(evs[0]) // the corpus is English
	}
	cands, err := a.supportCandidates(ctx, evs, a.searchWords(q, keyText), a.answerKeys(keyText))
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(cands, func(x, y supportCand) int { return y.score - x.score })
	return pickSupport(cands, len(evs)), nil
}

// answerKeys are the stems of the answer's telling words: neither the
// subject's common words nor stop words.
func (a *Answerer) answerKeys(text string) map[string]bool {
	keys := stemSet(text)
	for w := range keys {
		if a.vocab.generic(w) || stopWords[w] {
			delete(keys, w)
		}
	}
	return keys
}

// supportCand is a passage that may back an answer, its score, and the
// position in the answer's events of the event it was found for.
type supportCand struct {
	p     corpus.Hit
	score int
	event int // position in evs
}

// supportCandidates searches the passages of each of the first
// maxPassages events with query and scores each passage once (at the
// first event that found it).
func (a *Answerer) supportCandidates(ctx context.Context, evs []*corpus.Event, query string, keys map[string]bool) ([]supportCand, error) {
	var cands []supportCand
	seen := map[string]bool{}
	for k, e := range evs[:min(len(evs), maxPassages)] {
		ps, err := a.eventPassages(ctx, query, e)
		if err != nil {
			return nil, err
		}
		for rank, p := range ps {
			id := p.Source + "\x00" + p.Text
			if seen[id] {
				continue
			}
			seen[id] = true
			cands = append(cands, supportCand{p: p, score: supportScore(p, rank, e.ID, keys), event: k})
		}
	}
	return cands, nil
}

// eventPassages searches the event's passages with query, and adds the
// event's best ones when the words missed them.
func (a *Answerer) eventPassages(ctx context.Context, query string, e *corpus.Event) ([]corpus.Hit, error) {
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
	return ps, nil
}

// supportScore scores a passage found at rank for event id: tagged with
// the event above all, then each of the answer's telling words it holds,
// then the search's rank.
func supportScore(p corpus.Hit, rank int, id string, keys map[string]bool) int {
	score := searchLimit - rank
	if slices.Contains(p.Events, id) {
		score += 100
	}
	shared := map[string]bool{}
	for _, s := range stems(p.Text) {
		if keys[s] && !shared[s] {
			shared[s] = true
			score += 5
		}
	}
	return score
}

// pickSupport takes, of the candidates (best first) for n events, one
// passage per event first, so that an answer about two events cites both,
// then the best of the rest, at most maxPassages.
func pickSupport(cands []supportCand, n int) []corpus.Hit {
	var out []corpus.Hit
	taken := make([]bool, len(cands))
	for k := range n {
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
	return out
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
