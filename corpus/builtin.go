package corpus

import (
	"embed"
	"io/fs"
)

//go:embed builtin
var builtinFS embed.FS

// Builtin returns the default corpus embedded in the binary: articles written
// for summitbot from public facts, and the default event catalogue.
func Builtin() fs.FS {
	sub, err := fs.Sub(builtinFS, "builtin")
	if err != nil {
		panic(err) // cannot happen: the folder is embedded at build time
	}
	return sub
}

// DefaultCatalogue parses the embedded event catalogue.
func DefaultCatalogue() (*Catalogue, error) {
	return loadCatalogue(Builtin())
}
