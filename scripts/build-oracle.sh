#!/usr/bin/env bash
# Builds the reference oracle (tools/expfmt-oracle: expfmt 0.39, client_model
# 0.3 and client_golang 1.14 from Debian 12) into
# ${PROMKIT_ORACLE_DIR:-<repo>/.oracle}/expfmt-oracle. Does nothing when the
# binary already exists (delete it, or set PROMKIT_ORACLE_REBUILD=1, to rebuild).
#
# Needs Go and the Debian -dev packages listed in tools/expfmt-oracle/README.md.
# Usage: bash scripts/build-oracle.sh        (from anywhere; paths are relative to the repo root)
set -euo pipefail

# shellcheck source=lib/go-build.sh
source "$(dirname "$0")/lib/go-build.sh"
GO_IMPORTS=(
	github.com/prometheus/common/expfmt
	github.com/prometheus/client_model/go
	github.com/prometheus/client_golang/prometheus/testutil/promlint
	github.com/golang/protobuf/proto
	github.com/matttproud/golang_protobuf_extensions/pbutil
)
build_go_tool expfmt-oracle -ldflags "-X main.commonVersion=$(deb_version golang-github-prometheus-common-dev) \
-X main.clientModelVersion=$(deb_version golang-github-prometheus-client-model-dev) \
-X main.clientGolangVersion=$(deb_version golang-github-prometheus-client-golang-dev)"
"$BUILT" -version >&2
