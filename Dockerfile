# syntax=docker/dockerfile:1
#
# stage-scorer container image.
#
#   docker build -t stage-scorer .
#   docker run --rm -p 50051:50051 -p 9464:9464 stage-scorer
#
# Build stage: the release binary, dependencies first so that a change to the
# sources rebuilds only the crate. Runtime stage: distroless (glibc, no shell,
# no package manager) as the numeric non-root user 65532.
# Build and runtime share the Debian release (12, bookworm) so that the
# binary's glibc matches.

ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-slim-bookworm AS build
WORKDIR /src

# 1. Dependencies: the real manifests and build script with placeholder
#    sources. This layer is reused until Cargo.toml, Cargo.lock, build.rs or
#    proto/ change.
COPY Cargo.toml Cargo.lock build.rs ./
COPY proto ./proto
RUN mkdir src \
 && echo 'fn main() {}' > src/main.rs \
 && touch src/lib.rs \
 && cargo build --release --locked \
 && rm -rf src

# 2. The crate itself. `touch` makes sure cargo rebuilds it rather than keep
#    the placeholder.
COPY src ./src
COPY config ./config
RUN touch src/main.rs src/lib.rs \
 && cargo build --release --locked \
 && strip target/release/stage-scorer

FROM gcr.io/distroless/cc-debian12:nonroot AS runtime
# checkov:skip=CKV_DOCKER_2: no HEALTHCHECK on purpose. The image has no shell and no gRPC client to run one, Kubernetes ignores HEALTHCHECK, and deploy/ probes the native gRPC health service (grpc.health.v1) instead.
LABEL org.opencontainers.image.title="stage-scorer" \
      org.opencontainers.image.description="gRPC service that classifies channel partners into relationship stages" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build /src/target/release/stage-scorer /usr/local/bin/stage-scorer
# The built-in defaults, for reference (they are compiled into the binary):
# point --config / STAGE_SCORER_CONFIG at a file to layer changes over them.
COPY config/default.toml /etc/stage-scorer/default.toml
USER 65532:65532
# gRPC (server.address), Prometheus metrics (telemetry.prometheus.address).
EXPOSE 50051 9464
ENTRYPOINT ["/usr/local/bin/stage-scorer"]
CMD ["serve"]
