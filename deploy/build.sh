#!/bin/sh
# The release build of ownerd, and the only one: the Dockerfile runs it,
# and so does CI (.ci/run), so that what CI checks is what ships.
# A static binary (CGO_ENABLED=0: SQLite is pure Go here), with the
# version that --version and ownerd_build_info report.
#
#   VERSION=v1.2.3 deploy/build.sh [OUTPUT]
set -eu
out=${1:-ownerd}
version=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo devel)}
revision=${REVISION:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}
date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
common=github.com/prometheus/common/version
CGO_ENABLED=0 go build -trimpath \
  -ldflags "-s -w -X main.version=$version -X $common.Version=$version -X $common.Revision=$revision -X $common.BuildDate=$date" \
  -o "$out" ./cmd/ownerd
