package index

import (
	"context"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"golang.org/x/sync/errgroup"

	"github.com/summitbot/summitbot/corpus"
)

// fill indexes the synonym definitions and the passages in batches, and
// counts the passages' words for the vocabulary on the side. With durable,
// it returns once every batch is on disk (see fillIndex).
func fill(ctx context.Context, bl bleve.Index, passages []corpus.Passage, synonyms [][]string, durable bool, opts Options) (*vocabCounter, error) {
	words := newVocabCounter()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var countErr error
	wg.Go(func() {
		countErr = recovered("count words", func() error {
			for i := range passages {
				if i%1024 == 0 {
					select {
					case <-stop:
						return nil
					default:
					}
				}
				words.add(passages[i].Text)
			}
			return nil
		})
	})
	err := recovered("build index", func() error { return fillIndex(ctx, bl, passages, synonyms, durable, opts) })
	if err != nil {
		close(stop)
	}
	wg.Wait()
	if err == nil {
		err = countErr
	}
	if err != nil {
		return nil, err
	}
	return words, nil
}

// indexWorkers is the number of batches handed to Bleve at once: Bleve
// analyses a batch on every core but builds its segment on one, so a
// second batch being analysed meanwhile keeps the cores busy.
const indexWorkers = 2

// fillIndex indexes the synonyms and the passages. With durable (an index
// on disk, opened with unsafe batches), at most indexWorkers batches wait
// for the persister at a time, as safe batches would, and fillIndex
// returns once all of them are on disk, or when ctx ends: the persister
// reports its failures (a full disk) only through Bleve's asynchronous
// error callback, which cancels the build.
func fillIndex(ctx context.Context, bl bleve.Index, passages []corpus.Passage, synonyms [][]string, durable bool, opts Options) error {
	bt := newBatcher(bl, durable, opts)
	if err := indexSynonyms(ctx, bt, synonyms); err != nil {
		return err
	}
	if err := indexPassages(ctx, bt, passages, opts); err != nil {
		return err
	}
	if err := bt.persisted(ctx); err != nil {
		return err
	}
	if len(passages) == 0 && opts.Progress != nil {
		opts.Progress("index", 0, 0)
	}
	return nil
}

// batcher hands batches to Bleve.
type batcher struct {
	bl      bleve.Index
	run     func(*bleve.Batch) error
	durable bool
	// unpersisted holds a token per batch not yet on disk (durable only).
	unpersisted chan struct{}
}

func newBatcher(bl bleve.Index, durable bool, opts Options) *batcher {
	bt := &batcher{bl: bl, run: bl.Batch, durable: durable, unpersisted: make(chan struct{}, indexWorkers)}
	if opts.batch != nil {
		bt.run = func(b *bleve.Batch) error { return opts.batch(bl, b) }
	}
	return bt
}

// batch runs b; when durable, it first waits while indexWorkers batches
// are not yet on disk.
func (bt *batcher) batch(ctx context.Context, b *bleve.Batch) error {
	if !bt.durable {
		return bt.run(b)
	}
	select {
	case bt.unpersisted <- struct{}{}:
	case <-ctx.Done():
		return context.Cause(ctx)
	}
	var once sync.Once
	release := func() { once.Do(func() { <-bt.unpersisted }) }
	// Bleve calls this once the batch is on disk, never on failure.
	b.SetPersistedCallback(func(error) { release() })
	if err := bt.run(b); err != nil {
		release()
		return err
	}
	return nil
}

// persisted waits until every batch run is on disk (durable only).
func (bt *batcher) persisted(ctx context.Context) error {
	if !bt.durable {
		return nil
	}
	for range indexWorkers {
		select {
		case bt.unpersisted <- struct{}{}:
		case <-ctx.Done():
			return fmt.Errorf("build index: %w", context.Cause(ctx))
		}
	}
	return nil
}

// indexSynonyms indexes the synonym groups Bleve's synonym source takes,
// in one batch.
func indexSynonyms(ctx context.Context, bt *batcher, synonyms [][]string) error {
	b := bt.bl.NewBatch()
	for i, group := range synonyms {
		single := singleWords(group)
		if len(single) < 2 {
			continue
		}
		if err := b.IndexSynonym(fmt.Sprintf("syn-%d", i), synonymCollection, &bleve.SynonymDefinition{Synonyms: single}); err != nil {
			return fmt.Errorf("index synonyms: %w", err)
		}
	}
	if err := bt.batch(ctx, b); err != nil {
		return fmt.Errorf("index synonyms: %w", err)
	}
	return nil
}

// indexPassages indexes the passages in batches of opts.BatchSize (2000
// by default), indexWorkers batches at a time.
func indexPassages(ctx context.Context, bt *batcher, passages []corpus.Passage, opts Options) error {
	size := opts.BatchSize
	if size <= 0 {
		size = 2000
	}
	g, gctx := errgroup.WithContext(ctx)
	starts := make(chan int)
	g.Go(func() error {
		defer close(starts)
		for start := 0; start < len(passages); start += size {
			select {
			case starts <- start:
			case <-gctx.Done():
				return fmt.Errorf("build index: %w", context.Cause(gctx))
			}
		}
		return nil
	})
	var mu sync.Mutex // serialises progress reports
	indexed := 0
	for range indexWorkers {
		g.Go(func() error {
			// A panic inside Bleve (a full disk has made zapx panic) must
			// fail the build, not end the process.
			return recovered("build index", func() error {
				for start := range starts {
					end := min(start+size, len(passages))
					if err := bt.passages(gctx, passages[start:end]); err != nil {
						return err
					}
					mu.Lock()
					indexed += end - start
					if opts.Progress != nil {
						opts.Progress("index", indexed, len(passages))
					}
					mu.Unlock()
				}
				return nil
			})
		})
	}
	return g.Wait()
}

// passages indexes passages in one batch.
func (bt *batcher) passages(ctx context.Context, passages []corpus.Passage) error {
	b := bt.bl.NewBatch()
	for i := range passages {
		p := &passages[i]
		if err := b.Index(p.ID, doc{Text: p.Text, Title: p.Title, Events: p.Events}); err != nil {
			return fmt.Errorf("index passage %s: %w", p.ID, err)
		}
	}
	if err := bt.batch(ctx, b); err != nil {
		return fmt.Errorf("build index: %w", err)
	}
	return nil
}
