// Package deploy holds the checks of summitbot's deployment files: the Dockerfile and
// .dockerignore at the repository root, docker-compose.yml, and the Kubernetes manifests under
// k8s/. It is a Go module of its own, so that the bot's module does not depend on the Kubernetes,
// BuildKit and Compose libraries the checks use. Run them with ./lint.sh or `go test ./...` here.
package deploy
