#!/usr/bin/env bash
# Lints and tests summitbot's deployment files: ../Dockerfile, ../.dockerignore, the compose files
# and the Kubernetes manifests under k8s/. Runs every checker it has or can install through the
# package registries, says which it skipped and why, and exits 1 when any check fails.
#
#   deploy/lint.sh                 everything
#   LINT_SHORT=1 deploy/lint.sh    skip building and running the binary (go test -short)
#   LINT_INSTALL=0 deploy/lint.sh  never install missing tools (apt-get, npm), only skip them
#
# What runs:
#   go test ./...      (this folder's Go module) BuildKit's Dockerfile parser and linter (the rules of
#                      `docker build --check`) plus this project's rules; .dockerignore against the
#                      files `go build` needs and the font licence the image copies; compose files through Docker Compose's loader and
#                      schema; every manifest rendered with kustomize's library and decoded strictly
#                      into the Kubernetes API types, the Pod Security Standard "restricted", and
#                      cross-checks (probes, ports, env names, shards, selectors, corpus mounts);
#                      then the binary built as the Dockerfile builds it, and its index, serve,
#                      healthcheck and version commands run as the image runs them.
#   gofmt, go vet      on the test module
#   dockerfile-utils   (npm) the Dockerfile language server's validator
#   yamllint           (Debian) YAML style and syntax, settings in .yamllint.yaml
#   ShellCheck         (Debian) this script
#   kubectl kustomize  when kubectl is installed: kubectl's own kustomize renders the same folders
#   hadolint           when installed (no Debian or npm package carries it)
set -uo pipefail
cd "$(dirname "$0")" || exit 1

ran=()
skipped=()
failed=()

step() {
  local name=$1
  shift
  echo "==> $name"
  if "$@"; then
    ran+=("$name")
  else
    echo "FAIL: $name" >&2
    failed+=("$name")
  fi
}

skip() {
  echo "SKIP: $1: $2" >&2
  skipped+=("$1: $2")
}

have() { command -v "$1" >/dev/null 2>&1; }

may_install() { [ "${LINT_INSTALL:-1}" != 0 ]; }

apt_updated=
# apt_install PACKAGE: installs a Debian package when allowed (root, apt-get present).
apt_install() {
  may_install && [ "$(id -u)" = 0 ] && have apt-get || return 1
  if [ -z "$apt_updated" ]; then
    apt-get update -qq >/dev/null 2>&1 || return 1
    apt_updated=1
  fi
  echo "    installing $1 (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >/dev/null 2>&1
}

# ensure TOOL PACKAGE: the tool is there, or installed now.
ensure() { have "$1" || { apt_install "$2" && have "$1"; }; }

# --- Go: the test module -------------------------------------------------------------------------
if have go; then
  gofmt_clean() {
    local out
    out=$(gofmt -l .) || return 1
    [ -z "$out" ] || { echo "gofmt would change: $out"; return 1; }
  }
  step "gofmt" gofmt_clean
  step "go vet" go vet ./...
  test_flags=(-count=1)
  if [ -n "${LINT_SHORT:-}" ]; then
    test_flags+=(-short)
    skip "image commands" "LINT_SHORT is set: the binary is not built and run"
  fi
  step "go test (Dockerfile, .dockerignore, compose, Kubernetes, image commands)" go test "${test_flags[@]}" ./...
else
  echo "FAIL: go is not installed: the main checks cannot run" >&2
  failed+=("go")
fi

# --- Dockerfile -----------------------------------------------------------------------------------
if have hadolint; then
  step "hadolint" hadolint ../Dockerfile
else
  skip "hadolint" "not installed, and no Debian or npm package provides it (BuildKit's linter runs in go test instead)"
fi

dockerfile_utils() {
  # It prints its findings and exits 0 on warnings: any output is a failure.
  local out
  out=$(npx --yes dockerfile-utils@0.16.3 lint ../Dockerfile 2>/dev/null) || { echo "$out"; return 1; }
  [ -z "$out" ] || { echo "$out"; return 1; }
}
if have npx && may_install; then
  step "dockerfile-utils lint (npm)" dockerfile_utils
elif have npx; then
  skip "dockerfile-utils" "LINT_INSTALL=0 and it would be fetched from npm"
else
  skip "dockerfile-utils" "npx (Node.js) is not installed"
fi

# --- YAML and this script -------------------------------------------------------------------------
if ensure yamllint yamllint; then
  step "yamllint" yamllint -c .yamllint.yaml --strict docker-compose.yml docker-compose.corpus.yml .yamllint.yaml k8s
else
  skip "yamllint" "not installed and could not be installed (apt-get as root)"
fi

if ensure shellcheck shellcheck; then
  step "shellcheck lint.sh" shellcheck lint.sh
else
  skip "shellcheck" "not installed and could not be installed (apt-get as root)"
fi

# --- Kubernetes cross-checks ----------------------------------------------------------------------
if have kubectl; then
  kustomize_all() {
    local d
    for d in k8s k8s/http k8s/gateway; do
      kubectl kustomize "$d" >/dev/null || return 1
    done
  }
  step "kubectl kustomize" kustomize_all
else
  skip "kubectl kustomize" "kubectl is not installed (go test renders with kustomize's library anyway)"
fi
skip "kubeconform / kubectl --dry-run=server" "need schemas from the network or a cluster; go test decodes strictly into the k8s.io/api types instead"
skip "docker build / docker compose up" "need a Docker engine; go test builds and runs the binary as the image does"

# --- Summary --------------------------------------------------------------------------------------
echo
echo "ran:     ${#ran[@]}"
for s in "${ran[@]}"; do echo "  - $s"; done
echo "skipped: ${#skipped[@]}"
for s in "${skipped[@]}"; do echo "  - $s"; done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "FAILED:  ${failed[*]}"
  exit 1
fi
echo "deploy lint: all checks passed"
