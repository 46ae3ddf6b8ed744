#!/usr/bin/env bash
# Builds the reference oracle (expfmt 0.39 wrapped by ../shared/tools/expfmt-oracle)
# into ${PROMKIT_ORACLE_DIR:-<repo>/.oracle}/expfmt-oracle. Does nothing when the
# binary already exists (delete it, or set PROMKIT_ORACLE_REBUILD=1, to rebuild).
#
# Needs Go and the Debian -dev packages listed in ../shared/tools/expfmt-oracle/README.md.
# Usage: bash scripts/build-oracle.sh        (from anywhere; paths are relative to the repo root)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/../shared/tools/expfmt-oracle"
dir=${PROMKIT_ORACLE_DIR:-"$root/.oracle"}
case "$dir" in /*) ;; *) dir="$root/$dir" ;; esac
out="$dir/expfmt-oracle"

if [ -x "$out" ] && [ -z "${PROMKIT_ORACLE_REBUILD:-}" ]; then
	echo "oracle present: $out" >&2
	exit 0
fi
if [ ! -f "$src/build.sh" ]; then
	echo "oracle sources not found at $src (expected ../shared beside the repo)" >&2
	exit 1
fi
mkdir -p "$dir"
# build.sh compiles in place and writes only to the output path and a build cache in $TMPDIR.
sh "$src/build.sh" "$out"
"$out" -version >&2
