package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// smallDisk mounts a tmpfs of the given size (as mount's size= option) and
// unmounts it when the test ends. Mounting needs root (or CAP_SYS_ADMIN):
// elsewhere the test is skipped, saying so.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		msg := fmt.Sprintf("SKIP %s: cannot mount a %s tmpfs to fill (%v; needs root or CAP_SYS_ADMIN): the full-disk build is NOT tested here, TestReindexBuildFailureKeepsOldIndex injects it instead", t.Name(), size, err)
		fmt.Fprintln(os.Stderr, msg)
		t.Skip(msg)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// bigCorpus writes a generated corpus of about 6,000 passages, an index
// of about 3 MB, into the corpus folder dir.
func bigCorpus(t *testing.T, dir string) {
	t.Helper()
	var b strings.Builder
	for i := range 400 {
		b.Reset()
		for j := range 30 {
			fmt.Fprintf(&b, "Paragraph %d of report %d: envoys discussed item%d and clause%d of the Yongbyon agreement with Kim and Trump.\n\n", j, i, i*31+j, i*7+j)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("report-%03d.md", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A reindex on a file system that fills up fails with "no space left on
// device" and leaves the old index serving, whether the disk fills while
// the passages are indexed or while the index is compacted (both used to
// end the process: a panic inside Bleve, or a build waiting forever).
func TestReindexOnFullDisk(t *testing.T) {
	for _, size := range []string{"256k", "1m", "4m"} {
		t.Run(size, func(t *testing.T) {
			disk := smallDisk(t, size)
			corpusDir := writeCorpus(t, map[string]string{
				"a.md": md("A", "2018-06-12", "Kim Jong-un and Donald Trump signed a joint statement in Singapore."),
			})
			indexDir := filepath.Join(disk, "idx")
			l, err := OpenLive(context.Background(), Options{Dir: indexDir, Corpus: os.DirFS(corpusDir)})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			before, _ := l.Info()

			bigCorpus(t, corpusDir)
			info, err := l.Reindex(context.Background())
			if err == nil {
				t.Fatalf("a reindex larger than the disk must fail, got %+v", info)
			}
			if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "no space left on device") {
				t.Errorf("want a no-space error, got %v", err)
			}
			t.Logf("reindex: %v", err)
			checkServes(t, l)
			checkNoLeftovers(t, indexDir, before.Path)
		})
	}
}
