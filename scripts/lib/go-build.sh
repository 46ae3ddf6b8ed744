# Sourced by scripts/build-oracle.sh and scripts/build-go-anchor.sh: builds one
# Go program of tools/ offline, from Debian's Go packages only.
#
#   build_go_tool NAME [-ldflags ...]
#
# compiles tools/NAME into ${PROMKIT_ORACLE_DIR:-<repo>/.oracle}/NAME and does
# nothing when that binary exists (delete it, or set PROMKIT_ORACLE_REBUILD=1).
# No go.mod and no network: GOPATH mode against /usr/share/gocode, where the
# Debian -dev packages put their sources. The build cache is private and under
# $TMPDIR, so the build works as any user and writes nothing into the sources.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Prints the Debian version of a package, or "unknown".
deb_version() {
	dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo unknown
}

build_go_tool() {
	local name=$1
	shift
	local src="$root/tools/$name"
	local dir=${PROMKIT_ORACLE_DIR:-"$root/.oracle"}
	case "$dir" in /*) ;; *) dir="$root/$dir" ;; esac
	BUILT="$dir/$name"

	if [ -x "$BUILT" ] && [ -z "${PROMKIT_ORACLE_REBUILD:-}" ]; then
		echo "$name present: $BUILT" >&2
		return 0
	fi
	if ! command -v go >/dev/null 2>&1; then
		echo "go not found: apt-get install golang-go (see tools/$name/README.md)" >&2
		return 1
	fi
	local pkg
	for pkg in "${GO_IMPORTS[@]}"; do
		if [ ! -d "/usr/share/gocode/src/$pkg" ]; then
			echo "missing /usr/share/gocode/src/$pkg: install the Debian packages listed in tools/$name/README.md" >&2
			return 1
		fi
	done
	mkdir -p "$dir"
	(cd "$src" && env GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOPROXY=off \
		GOCACHE="${GOCACHE:-"${TMPDIR:-/tmp}/promkit-gocache"}" \
		go build -trimpath -o "$BUILT" "$@" .)
	echo "built $BUILT" >&2
}
