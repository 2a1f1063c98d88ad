# Sourced by scripts/ri and scripts/test: make a virtual environment exist and match pyproject.toml.
# $1: the extra to install ("" for the runtime only, "test" for the test tools).
# The environment may choose: PYTHON (the interpreter, default python3), RI_VENV (the folder,
# default .venv) and RI_CONSTRAINTS (a pip constraints file, e.g. the lowest declared versions).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${RI_VENV:-$root/.venv}"
extra="${1:-}"
python="${PYTHON:-python3}"
constraints="${RI_CONSTRAINTS:-}"

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "ri needs Python 3.11 or newer; '$python' is $("$python" --version 2>&1)." >&2
    exit 1
fi

stamp_of() { # what the venv was built from: pyproject.toml, the constraints and the extra
    "$python" - "$root/pyproject.toml" "$constraints" "$1" <<'PY'
import hashlib, sys
digest = hashlib.sha256()
for name in sys.argv[1:3]:
    if name:
        digest.update(open(name, "rb").read())
print(digest.hexdigest(), sys.argv[3])
PY
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
    pin=()
    [ -n "$constraints" ] && pin=(--constraint "$constraints")
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${pin[@]}" \
        -e "$target" >&2
    echo "$want" > "$venv/.ri-stamp"
fi
