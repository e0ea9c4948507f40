//go:build news

package index

import (
	"context"
	"testing"
	"time"
)

func TestZZLatency(t *testing.T) {
	x, _ := newsIndex(t)
	for _, q := range readQueries(t) {
		var worst, total time.Duration
		for i := 0; i < 10; i++ {
			s := time.Now()
			x.Search(context.Background(), q)
			d := time.Since(s)
			total += d
			worst = max(worst, d)
		}
		t.Logf("%-40q avg %6.2fms worst %6.2fms", q.Event+" "+q.Text, float64(total.Microseconds())/10000, float64(worst.Microseconds())/1000)
	}
}
