package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// failingBatch returns a batch hook that, once armed, fails the nth call
// to Batch (counting from 1 after arming) with fail, and every later one.
func failingBatch(armed *atomic.Bool, nth int64, fail func() error) func(bleve.Index, *bleve.Batch) error {
	var calls atomic.Int64
	return func(bl bleve.Index, b *bleve.Batch) error {
		if armed.Load() && calls.Add(1) >= nth {
			return fail()
		}
		return bl.Batch(b)
	}
}

// A build that fails inside Bleve, by a panic in any of its goroutines or
// an error of a full disk, fails the reindex and leaves the old index
// serving, on disk and in memory.
func TestReindexBuildFailureKeepsOldIndex(t *testing.T) {
	nilMap := func() error {
		var m map[string]int
		m["x"] = 1 // what zapx does on a full disk
		return nil
	}
	full := func() error { return fmt.Errorf("write 000000000003.zap: %w", syscall.ENOSPC) }
	tests := []struct {
		name   string
		onDisk bool
		// rebuild forces a full build on disk, where the reindex would
		// otherwise update the index in place.
		rebuild bool
		nth     int64 // the Batch call that fails: in a build, 1 is the synonyms, in the build's goroutine, and 2 a passage batch, in a worker; an update makes one batch
		fail    func() error
		want    string
	}{
		{"panic in a batch worker", true, true, 2, nilMap, "panic: assignment to entry in nil map"},
		{"panic in the build goroutine", true, true, 1, nilMap, "panic: assignment to entry in nil map"},
		{"full disk", true, true, 2, full, "no space left on device"},
		{"panic in an update", true, false, 1, nilMap, "panic: assignment to entry in nil map"},
		{"full disk in an update", true, false, 1, full, "no space left on device"},
		{"panic in a batch worker in memory", false, false, 2, nilMap, "panic: assignment to entry in nil map"},
		{"panic in the build goroutine in memory", false, false, 1, nilMap, "panic: assignment to entry in nil map"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			corpusDir := writeCorpus(t, map[string]string{
				"a.md": md("A", "2018-06-12", "Kim Jong-un and Donald Trump signed a joint statement in Singapore."),
			})
			var armed atomic.Bool
			opts := Options{Corpus: os.DirFS(corpusDir), BatchSize: 1, Rebuild: tt.rebuild, batch: failingBatch(&armed, tt.nth, tt.fail)}
			if tt.onDisk {
				opts.Dir = filepath.Join(t.TempDir(), "idx")
			}
			l, err := OpenLive(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			before, _ := l.Info()

			touchLater(t, corpusDir, "b.md", md("B", "2019-02-28", "The Hanoi summit ended without a deal on Yongbyon."))
			armed.Store(true)
			info, err := l.Reindex(context.Background())
			if err == nil {
				t.Fatalf("the reindex must fail, got %+v", info)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to say %q", err, tt.want)
			}
			t.Logf("reindex: %v", err)
			checkServes(t, l)
			if after, _ := l.Info(); after.Path != before.Path || after.BuiltAt != before.BuiltAt {
				t.Errorf("the index changed: %+v, was %+v", after, before)
			}
			if tt.onDisk {
				checkNoLeftovers(t, opts.Dir, before.Path)
				// The next reindex, Bleve healthy again, succeeds.
				armed.Store(false)
				if info, err := l.Reindex(context.Background()); err != nil || !info.Built || info.Passages != 2 {
					t.Errorf("reindex after the failure: %+v, %v", info, err)
				}
			}
		})
	}
}

func TestRecovered(t *testing.T) {
	tests := []struct {
		name      string
		fn        func() error
		want      string // "" for no error
		wantIs    error
		wantPanic bool
	}{
		{"no error", func() error { return nil }, "", nil, false},
		{"error passes through", func() error { return syscall.ENOSPC }, "no space left on device", syscall.ENOSPC, false},
		{"panic with a string", func() error { panic("boom") }, "op: panic: boom (in github.com/summitbot/summitbot/index.TestRecovered", nil, true},
		{"runtime error", func() error {
			var m map[int]int
			m[1] = 1
			return nil
		}, "op: panic: assignment to entry in nil map", nil, true},
		{"panic with an error", func() error { panic(fmt.Errorf("wrapped: %w", syscall.ENOSPC)) }, "op: panic: wrapped: no space left on device", syscall.ENOSPC, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := recovered("op", tt.fn)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("got %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want it to contain %q", err, tt.want)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("errors.Is(%v, %v) is false", err, tt.wantIs)
			}
			var pe *panicError
			if errors.As(err, &pe) != tt.wantPanic {
				t.Errorf("panicError: %v, want %v", errors.As(err, &pe), tt.wantPanic)
			}
		})
	}
}

func TestExplainBuildError(t *testing.T) {
	dir := t.TempDir()
	free, _, statErr := diskSpace(dir)
	tests := []struct {
		name string
		err  error
		full bool
	}{
		{"wrapped ENOSPC", fmt.Errorf("build index: %w", syscall.ENOSPC), true},
		{"ENOSPC as text only, as Bleve reports it", errors.New("persist err: write x.zap: no space left on device"), true},
		{"another error", errors.New("permission denied"), false},
		{"a panic with space left", &panicError{op: "build index", value: "boom"}, statErr == nil && free < lowSpace},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := explainBuildError(dir, tt.err)
			if !errors.Is(got, tt.err) {
				t.Errorf("%v does not wrap %v", got, tt.err)
			}
			if errors.Is(got, syscall.ENOSPC) != tt.full {
				t.Errorf("%v: ENOSPC %v, want %v", got, errors.Is(got, syscall.ENOSPC), tt.full)
			}
			if tt.full && !strings.Contains(got.Error(), "INDEX_DIR") {
				t.Errorf("%v does not say what to do", got)
			}
		})
	}
}
