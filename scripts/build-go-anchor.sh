#!/usr/bin/env bash
# Builds the Go reference benchmark (../shared/tools/go-anchor) into
# ${PROMKIT_ORACLE_DIR:-<repo>/.oracle}/go-anchor. Does nothing when the binary
# already exists (delete it, or set PROMKIT_ORACLE_REBUILD=1, to rebuild).
#
# Needs golang-go and golang-github-prometheus-common-dev.
# Usage: bash scripts/build-go-anchor.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/../shared/tools/go-anchor"
dir=${PROMKIT_ORACLE_DIR:-"$root/.oracle"}
case "$dir" in /*) ;; *) dir="$root/$dir" ;; esac
out="$dir/go-anchor"

if [ -x "$out" ] && [ -z "${PROMKIT_ORACLE_REBUILD:-}" ]; then
	echo "go-anchor present: $out" >&2
	exit 0
fi
if [ ! -f "$src/build.sh" ]; then
	echo "go-anchor sources not found at $src (expected ../shared beside the repo)" >&2
	exit 1
fi
mkdir -p "$dir"
# A private build cache so that the build works as any user and never writes into the sources.
export GOCACHE=${GOCACHE:-"${TMPDIR:-/tmp}/promkit-go-anchor-gocache"}
bash "$src/build.sh" "$out"
