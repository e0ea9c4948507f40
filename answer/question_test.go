package answer

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"slices"
	"testing"
)

func TestIsQuestion(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Why did the Hanoi summit fail?", true},
		{"when was the singapore summit", true},
		{"Did Trump cross into North Korea", true},
		{"hey bot, whats the date of the DMZ meeting", true},
		{"Is it true they met three times？", true},
		{"The Hanoi talks ended without a deal.", false},
		{"Trump met Kim in Singapore in 2018", false},
		{"I know when they met", false},
		{"", false},
		{"하노이 회담은 왜 결렬됐나요", true},
		{"하노이 회담은 왜 결렬됐나", true},
		{"회담은 어디서 열렸습니까.", true},
		{"다시 만날까요", true},
		{"그게 사실인가요", true},
		{"트럼프가 비무장지대에 갔니", true},
		{"누가 먼저 떠났냐", true},
		{"회담 장소는 어디예요", true},
		{"첫 회담은 언제였어요", true},
		{"김정은의 어머니", false},
		{"그러니까 회담이 결렬됐고 결국 끝났다니", false},
		{"하노이 회담은 제재 완화 문제로 합의 없이 끝났다", false},
		{"언니", false},
		{"케냐", false},
		{"그는 사과 하나", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := IsQuestion(tt.text); got != tt.want {
				t.Errorf("IsQuestion(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

// Kinds lists every kind once, and a caller's change to it is its own.
func TestKinds(t *testing.T) {
	ks := Kinds()
	if len(ks) == 0 || slices.Contains(ks, "") {
		t.Fatalf("Kinds() = %q", ks)
	}
	seen := map[Kind]bool{}
	for _, k := range ks {
		if seen[k] {
			t.Errorf("%q twice", k)
		}
		seen[k] = true
	}
	// Every Kind constant of the package is listed: a new one cannot be
	// left out of the bot's buttons.
	fset := gotoken.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var consts []string
	for _, file := range pkgs["answer"].Files {
		ast.Inspect(file, func(n ast.Node) bool {
			if vs, ok := n.(*ast.ValueSpec); ok {
				if id, ok := vs.Type.(*ast.Ident); ok && id.Name == "Kind" {
					for _, name := range vs.Names {
						consts = append(consts, name.Name)
					}
				}
			}
			return true
		})
	}
	if len(consts) != len(ks) {
		t.Errorf("Kinds() lists %d kinds, the package declares %d: %v", len(ks), len(consts), consts)
	}
	ks[0] = "changed"
	if Kinds()[0] == "changed" {
		t.Error("Kinds returns shared state")
	}
}

func FuzzIsQuestion(f *testing.F) {
	for _, s := range []string{"Why?", "김정은의 어머니", "니", "요", "나요", "까", "\xff요"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = IsQuestion(s) // never panics
	})
}
