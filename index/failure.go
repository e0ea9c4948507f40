package index

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// asyncErrorCallback is the name under which this package registers its
// callback for the errors of Bleve's background goroutines.
const asyncErrorCallback = "summitbot-build"

// buildWatch maps the store folder of each on-disk build in progress to
// the function that cancels it; Bleve names the folder when it reports an
// error of its persister or merger.
var buildWatch sync.Map // string -> context.CancelCauseFunc

func init() {
	// Bleve's registry is read-only once the program runs: register here.
	scorch.RegistryAsyncErrorCallbacks[asyncErrorCallback] = func(err error, path string) {
		if errors.Is(err, scorch.ErrCleanup) {
			return // merged-away files that could not be removed yet: harmless
		}
		if cancel, ok := buildWatch.Load(path); ok {
			cancel.(context.CancelCauseFunc)(&bleveError{err})
		}
	}
}

// bleveError is an error one of Bleve's background goroutines reported.
type bleveError struct{ err error }

func (e *bleveError) Error() string { return "bleve reported: " + e.err.Error() }
func (e *bleveError) Unwrap() error { return e.err }

// rootCause is the innermost error err wraps.
func rootCause(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// panicError is a panic recovered during a build, inside Bleve or ours.
type panicError struct {
	op    string
	value any
	at    string // the function and line that panicked
}

func (e *panicError) Error() string {
	if e.at == "" {
		return fmt.Sprintf("%s: panic: %v", e.op, e.value)
	}
	return fmt.Sprintf("%s: panic: %v (in %s)", e.op, e.value, e.at)
}

// Unwrap exposes a panic value that is an error (a runtime error, say).
func (e *panicError) Unwrap() error {
	err, _ := e.value.(error)
	return err
}

// recovered runs fn and turns a panic into an error naming op. Every
// goroutine of a build that calls into Bleve runs under it: a panic there
// would otherwise end the process, and the index serving in it.
func recovered(op string, fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &panicError{op: op, value: r, at: panicSite()}
		}
	}()
	return fn()
}

// panicSite names the function and line that panicked, called from the
// deferred function that recovered the panic.
func panicSite() string {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	panicking := false
	for {
		f, more := frames.Next()
		if f.Function == "runtime.gopanic" {
			panicking = true
		} else if panicking && !strings.HasPrefix(f.Function, "runtime.") {
			return fmt.Sprintf("%s at %s:%d", f.Function, filepath.Base(f.File), f.Line)
		}
		if !more {
			return ""
		}
	}
}

// lowSpace is the free space under which a file system counts as full when
// a build panicked without saying why.
const lowSpace = 1 << 20

// explainBuildError says that the index folder's file system is full when
// that made the build fail: when the error says so (Bleve often reports
// ENOSPC as text only), or when Bleve panicked with little space left.
func explainBuildError(dir string, err error) error {
	free, total, statErr := diskSpace(dir)
	said := errors.Is(err, syscall.ENOSPC) || strings.Contains(err.Error(), syscall.ENOSPC.Error())
	var pe *panicError
	if !said && (!errors.As(err, &pe) || statErr != nil || (free >= lowSpace && free*100 >= total)) {
		return err
	}
	hint := "free some space or choose another folder with --index or INDEX_DIR"
	if statErr != nil {
		return fmt.Errorf("build index in %q: %w (%s): %w", dir, syscall.ENOSPC, hint, err)
	}
	return fmt.Errorf("build index in %q: %w (%s free of %s; %s): %w", dir, syscall.ENOSPC, bytesize(free), bytesize(total), hint, err)
}

// bytesize formats a number of bytes for people.
func bytesize(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}
