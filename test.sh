#!/usr/bin/env bash
# Runs every test of summitbot.
#  1. formatting and go vet;
#  1b. govulncheck against an offline copy of the Go vulnerability database (scripts/vulncheck.sh);
#  2. the whole suite under the race detector (tests that need ../shared skip loudly without it);
#  3. (after the race suite) the news-corpus integration tests and measurements (half a million passages), without -race,
#     which would make that build take many minutes: build tag "news", see index/news_test.go and
#     cmd/summitbot/news_test.go, answer/news_test.go; the load test; every fuzz target for a few seconds; deploy/lint.sh.
set -euo pipefail
cd "$(dirname "$0")"
# Go 1.27.3 from the Go module proxy: 1.26.8 has standard-library vulnerabilities (govulncheck).
export GOTOOLCHAIN=go1.27.3

unformatted=$(gofmt -l .)
if [ -n "$unformatted" ]; then
  echo "gofmt would change: $unformatted" >&2
  exit 1
fi
go vet ./...
go vet -tags news ./...
go vet -tags load ./...
scripts/vulncheck.sh
go test -race -count=1 ./...
# The news index is built once (timed by the index tests) and reused by the bot's latency test.
SUMMITBOT_NEWS_INDEX=$(mktemp -d)
export SUMMITBOT_NEWS_INDEX
trap 'rm -rf "$SUMMITBOT_NEWS_INDEX"' EXIT
go test -tags news -count=1 -run 'News' -v ./index/
go test -tags news -count=1 -run 'News' -v ./cmd/summitbot/
# The answerer's news development sets (pinned outcomes, no invented fact) and its /ask benchmark.
go test -tags news -count=1 -run 'News' -v ./answer/
go test -tags news -run '^$' -bench '^BenchmarkNewsAsk$' -benchtime 500x ./answer/
# Load test of the HTTP interactions endpoint (loopback only, bounded), without -race.
go test -tags load -count=1 -run 'Load' -v ./cmd/summitbot/
# The timeline picture's render time, as a benchmark (no test asserts a duration).
go test -run '^$' -bench '^BenchmarkRender$' -benchtime 10x ./timeline/
# Every fuzz target for a bounded time; seed corpora are in each package's testdata/fuzz.
FUZZTIME=${FUZZTIME:-8s}
for target in corpus:FuzzParseFile corpus:FuzzParseDate corpus:FuzzSplit corpus:FuzzSentences \
  index:FuzzSearch index:FuzzVocabulary bot:FuzzHandle bot:FuzzHTTPBody bot:FuzzDecodePage bot:FuzzDecodeFeedback bot:FuzzFindSources discordmd:FuzzEscape discordmd:FuzzUnescape discordmd:FuzzPlain corpus:FuzzCleanText \
  answer:FuzzAnswer answer:FuzzIsQuestion feeds:FuzzFileName; do
  go test -run '^$' -fuzz "^${target#*:}\$" -fuzztime "$FUZZTIME" -fuzzminimizetime 200x "./${target%%:*}/"
done
# Random questions over the news index: no answer states a fact its sources do not hold.
go test -tags news -run '^$' -fuzz '^FuzzNewsAnswer$' -fuzztime "$FUZZTIME" -fuzzminimizetime 200x ./answer/
# The benchmark harness against Bleve's default mapping and SQLite FTS5, end to end on a tiny corpus.
(cd bench && CGO_ENABLED=1 go test -tags sqlite_fts5 -count=1 ./...)
# The Dockerfile, compose files and Kubernetes manifests, and the image's commands run as the image runs them.
deploy/lint.sh
