# Sourced by scripts/ri and scripts/test: make .venv exist and match pyproject.toml.
# $1: the extra to install ("" for the runtime only, "test" for the test tools).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
extra="${1:-}"
python="${PYTHON:-python3}"

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "ri needs Python 3.11 or newer; '$python' is $("$python" --version 2>&1)." >&2
    exit 1
fi

stamp_of() { # what the venv was built from: pyproject.toml's hash plus the extra
    local sum
    sum=$("$python" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$root/pyproject.toml")
    echo "$sum $1"
}

if [ ! -x "$venv/bin/python" ]; then
    echo "Setting up $venv (first run only)..." >&2
    "$python" -m venv "$venv"
fi
want="$(stamp_of "$extra")"
have="$(cat "$venv/.ri-stamp" 2>/dev/null || true)"
# A test venv also serves the runtime: skip reinstalling when it already has more.
if [ "$have" != "$want" ] && ! { [ -z "$extra" ] && [ "$have" = "$(stamp_of test)" ]; }; then
    echo "Installing ri into $venv..." >&2
    target="$root"
    [ -n "$extra" ] && target="$root[$extra]"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$target" >&2
    echo "$want" > "$venv/.ri-stamp"
fi
