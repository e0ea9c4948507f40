# syntax=docker/dockerfile:1
#
# summitbot container image: a static Go binary plus the on-disk index of the embedded corpus,
# built once here so that every container starts answering at once.
#
#   docker build --build-arg VERSION=$(git describe --always --dirty) -t summitbot .
#   docker run --rm -p 8080:8080 -e DISCORD_PUBLIC_KEY=... summitbot            # HTTP interactions
#   docker run --rm -e DISCORD_TOKEN=... -e METRICS_ADDR=:9090 summitbot run    # gateway mode
#
# Base images are pinned by tag. For reproducible production builds pin them by digest as well,
# e.g. FROM golang:1.27.3-bookworm@sha256:<digest> (`docker buildx imagetools inspect golang:1.27.3-bookworm`
# prints it), and let Dependabot or Renovate bump tag and digest together.
#
# Checked by deploy/lint.sh (BuildKit's own Dockerfile linter plus this project's rules).

ARG GO_VERSION=1.27.3
ARG VERSION=dev

# ---- build ----------------------------------------------------------------------------------------
FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src

# Modules first, in a layer of their own: it is rebuilt only when go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download && go mod verify

COPY . .
ARG VERSION
# A static binary (no cgo), without local paths or symbol tables, stamped with VERSION.
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.buildVersion=${VERSION}" \
        -o /out/summitbot ./cmd/summitbot

# Index the embedded corpus now. At start the binary finds the index's fingerprint unchanged and
# opens it read-only in milliseconds instead of rebuilding it. (For a multi-platform build this
# step runs the target's binary, under emulation where the build platform differs.)
RUN /out/summitbot index --index /out/index && /out/summitbot version

# ---- runtime --------------------------------------------------------------------------------------
# distroless/static rather than scratch: the same absence of shell and package manager, but it ships
# CA certificates (follow-ups and the gateway speak HTTPS/WSS to discord.com), tzdata and an
# /etc/passwd naming the unprivileged user nonroot (uid/gid 65532), in about 2 MB.
FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION
LABEL org.opencontainers.image.title="summitbot" \
      org.opencontainers.image.description="Discord bot answering questions about the Trump–Kim Jong-un summits from an indexed article corpus" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="https://github.com/summitbot/summitbot" \
      org.opencontainers.image.base.name="gcr.io/distroless/static-debian12:nonroot"

COPY --from=build /out/summitbot /summitbot
# The binary embeds a subset of Noto Sans CJK KR for the Korean timeline; the SIL Open Font License
# asks that its notice and licence travel with every copy.
COPY --from=build /src/timeline/fonts/OFL.txt /licenses/NotoSansCJK-OFL.txt
# Owned by the runtime user, so a container with a writable root may refresh it in place; with a
# read-only root it is only read (the index is opened read-only when its fingerprint matches).
COPY --from=build --chown=65532:65532 /out/index /data/index

# INDEX_DIR: the prebuilt index above. Mount a volume (or an emptyDir / tmpfs) here when CORPUS_DIR
# names a custom corpus: its index is built there at start, and rebuilt when the corpus changes.
ENV INDEX_DIR=/data/index \
    HTTP_ADDR=:8080

# Numeric, so that Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 65532:65532
EXPOSE 8080

# No shell in the image: the binary checks its own /healthz, where the server serves it:
# METRICS_ADDR when set, else :9090 in gateway mode ("run") and HTTP_ADDR in HTTP mode ("serve").
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["/summitbot", "healthcheck"]

ENTRYPOINT ["/summitbot"]
CMD ["serve"]
