//go:build news

package index

import (
	"context"
	"testing"
)

func BenchmarkZZOne(b *testing.B) {
	x, _ := newsIndex(b)
	for b.Loop() {
		x.Search(context.Background(), Query{Text: "Boris Johnson lockdown", Limit: 5})
		x.Search(context.Background(), Query{Text: "coronavirus", Limit: 5})
	}
}
