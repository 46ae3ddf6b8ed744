#!/usr/bin/env bash
# Builds the Go reference benchmark (tools/go-anchor: expfmt 0.39 parse and
# MetricFamilyToText) into ${PROMKIT_ORACLE_DIR:-<repo>/.oracle}/go-anchor.
# Does nothing when the binary already exists (delete it, or set
# PROMKIT_ORACLE_REBUILD=1, to rebuild).
#
# Needs golang-go and golang-github-prometheus-common-dev.
# Usage: bash scripts/build-go-anchor.sh
set -euo pipefail

# shellcheck source=lib/go-build.sh
source "$(dirname "$0")/lib/go-build.sh"
GO_IMPORTS=(github.com/prometheus/common/expfmt github.com/prometheus/client_model/go)
build_go_tool go-anchor
