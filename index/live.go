package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/summitbot/summitbot/corpus"
)

// Live is an index that can be rebuilt from its corpus while it serves:
// searches keep running on the old index until the new one is ready, then
// the two are swapped and the old one is closed once its searches finish.
type Live struct {
	opts Options

	mu  sync.RWMutex // held for reading by every search, for writing by the swap
	cur *Index

	reindex     sync.Mutex // one reindex at a time
	lastReindex time.Time  // guarded by mu
}

// OpenLive opens the index like Open and keeps opts for reindexing.
func OpenLive(ctx context.Context, opts Options) (*Live, error) {
	x, err := Open(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &Live{opts: opts, cur: x}, nil
}

// Watch applies corpus changes as they appear: every interval it calls
// Refresh, which reindexes when anything changed since the index was
// opened or last reindexed — in place for an on-disk index (see Open), so
// a new article costs about as much as its own passages. report, when
// set, hears of each reindex it ran or that failed. It returns when ctx
// ends, at once for the embedded corpus, which never changes.
func (l *Live) Watch(ctx context.Context, every time.Duration, report func(Info, error)) {
	if l.opts.Corpus == nil || every <= 0 {
		return
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		info, changed, err := l.Refresh(ctx)
		if errors.Is(err, corpus.ErrCorpusUnavailable) { // the index serves on; the next look tries again
			continue
		}
		if (changed || err != nil) && report != nil && ctx.Err() == nil {
			report(info, err)
		}
	}
}

// Refresh applies the corpus's changes, if any: it stamps the folder
// (sizes and times, no file is read) and reindexes only when the folder
// differs from what the current index was made from, handing the stamps
// on so the index does not take them again. It reports whether it
// reindexed. A folder that cannot be read is corpus.ErrCorpusUnavailable,
// wrapped.
func (l *Live) Refresh(ctx context.Context) (Info, bool, error) {
	if l.opts.Corpus == nil {
		info, _ := l.Info()
		return info, false, nil
	}
	st, err := corpus.Stamp(l.opts.Corpus)
	if err != nil {
		return Info{}, false, fmt.Errorf("refresh: %w: %v", corpus.ErrCorpusUnavailable, err)
	}
	l.mu.RLock()
	info, same := l.cur.Info(), st.Fingerprint() == l.cur.stamp
	l.mu.RUnlock()
	if same {
		return info, false, nil
	}
	info, err = l.reindexWith(ctx, &st)
	return info, err == nil, err
}

// Search searches the current index.
func (l *Live) Search(ctx context.Context, q corpus.Query) (*corpus.Result, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.cur.Search(ctx, q)
}

// Suggest completes the last word of a query from the current index.
func (l *Live) Suggest(prefix string, limit int) ([]string, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.cur.suggest(prefix, limit)
}

// Catalogue is the current event catalogue.
func (l *Live) Catalogue() *corpus.Catalogue {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.cur.Catalogue()
}

// Info describes the current index; LastReindex is the last successful
// Reindex (zero when none ran).
func (l *Live) Info() (info Info, lastReindex time.Time) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.cur.Info(), l.lastReindex
}

// Reindex reloads the corpus and swaps in a fresh index when it changed
// (always for an in-memory index): an on-disk index is updated in place
// when only articles changed (see Open). A failed reindex leaves the current index
// serving. It reports whether a new index was built.
func (l *Live) Reindex(ctx context.Context) (Info, error) { return l.reindexWith(ctx, nil) }

// reindexWith reindexes with the corpus's stamps when the caller has just
// taken them.
func (l *Live) reindexWith(ctx context.Context, stamps *corpus.Stamps) (Info, error) {
	l.reindex.Lock()
	defer l.reindex.Unlock()
	if l.opts.Corpus != nil {
		if _, err := fs.ReadDir(l.opts.Corpus, "."); err != nil {
			return Info{}, fmt.Errorf("reindex: %w: %v", corpus.ErrCorpusUnavailable, err)
		}
	}
	opts := l.opts
	opts.stamps = stamps
	next, err := Open(ctx, opts)
	if err != nil {
		return Info{}, fmt.Errorf("reindex: %w", err)
	}
	l.mu.Lock()
	old := l.cur
	l.cur = next
	l.lastReindex = time.Now().UTC()
	l.mu.Unlock()
	old.Close()
	return next.Info(), nil
}

// Close closes the current index.
func (l *Live) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cur.Close()
}
