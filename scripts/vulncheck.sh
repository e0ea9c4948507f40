#!/usr/bin/env bash
# govulncheck ./... against the Go vulnerability database, offline: the database is built from
# the golang.org/x/vulndb module (served by the Go module proxy) instead of fetched from
# vuln.go.dev, which this project's machines cannot reach. Bump VULNDB to refresh it.
set -euo pipefail
cd "$(dirname "$0")/.."
VULNDB=golang.org/x/vulndb@v0.0.0-20261105234957-e22db6528018
GOVULNCHECK=golang.org/x/vuln/cmd/govulncheck@v1.9.0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=$(cd "$work" && go mod init vulndb-fetch >/dev/null 2>&1 && GOFLAGS=-mod=mod go mod download -json "$VULNDB" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
if [ -z "$src" ] || [ ! -d "$src/data/osv" ]; then
  echo "vulncheck: could not download $VULNDB" >&2
  exit 1
fi
go run "${VULNDB%@*}/cmd/indexdb@${VULNDB#*@}" -vulns "$src/data/osv" -out "$work/db"
go run "$GOVULNCHECK" -db "file://$work/db" ./...
