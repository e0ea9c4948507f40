package corpus

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestTimingScratch(t *testing.T) {
	dir := "/root/.cache/go-build/fuzz/github.com/summitbot/summitbot/corpus/FuzzParseFile"
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		lines := strings.SplitN(string(b), "\n", 3)
		ext := lines[1]
		data := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(lines[2]), "[]byte("), ")")
		s, err := strconv.Unquote(data)
		if err != nil {
			t.Log(e.Name(), err)
			continue
		}
		var x uint8
		switch {
		case strings.Contains(ext, "'0'"), strings.Contains(ext, "'4'"), strings.Contains(ext, "'8'"):
		}
		for _, n := range fuzzExts {
			start := time.Now()
			arts, _, _ := ParseFile(n, []byte(s))
			for _, a := range arts {
				Split(a)
			}
			if d := time.Since(start); d > 20*time.Millisecond {
				t.Logf("%s %s %v len=%d", e.Name(), n, d, len(s))
			}
		}
		_ = x
	}
}
