#!/usr/bin/env bash
# Sets up whatever is missing to run godebug-lab's notebooks and tests, and does nothing else:
#   - npm ci when node_modules is missing or older than package-lock.json;
#   - the Debian packages (Jupyter with nbconvert/nbclient, Go, hey, Chromium), from apt when run as root
#     on Debian; otherwise it prints exactly what to install and exits 1;
#   - node_modules/godebug-lab, a link to this repository, so notebooks import "godebug-lab" by name;
#   - the tslab Jupyter kernel when it is not registered;
#   - the bundled notebooks marked trusted, so Jupyter Notebook shows their charts without a re-run;
#   - npm run build (dist/, which the notebooks and the CLI load).
# Safe to run again: each step checks first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH"
say() { echo "setup: $*"; }

# Node 20 or later (the package's engines field).
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if ((node_major < 20)); then
  echo "setup: godebug-lab needs Node.js 20 or later (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "setup: install it from https://nodejs.org/ or your distribution, then run this again." >&2
  exit 1
fi

# Debian packages, each with a check that the thing it provides works. Debian's Python modules live
# under /usr/bin/python3 (a python3 earlier on PATH, e.g. pyenv's, does not see them).
PYTHON=/usr/bin/python3
[[ -x "$PYTHON" ]] || PYTHON=python3
APT_PACKAGES=(jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient golang-go hey chromium)
provides() {
  case "$1" in
    jupyter-notebook) command -v jupyter-notebook >/dev/null ;;
    jupyter-nbconvert) command -v jupyter-nbconvert >/dev/null ;;
    jupyter-client) command -v jupyter-kernelspec >/dev/null ;;
    python3-nbclient) "$PYTHON" -c 'import nbclient' 2>/dev/null ;;
    golang-go) command -v go >/dev/null ;;
    hey) command -v hey >/dev/null ;;
    chromium) command -v chromium >/dev/null ;;
  esac
}
missing=()
for pkg in "${APT_PACKAGES[@]}"; do provides "$pkg" || missing+=("$pkg"); done
if ((${#missing[@]} > 0)); then
  if [[ "$(id -u)" == 0 && -f /etc/debian_version ]] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y "${missing[@]}" </dev/null
  else
    echo "setup: missing: ${missing[*]}" >&2
    if [[ -f /etc/debian_version ]]; then
      echo "setup: install them as root, then run this again:" >&2
      echo "  sudo apt-get install -y ${missing[*]}" >&2
    else
      echo "setup: this is not Debian, so setup cannot install them. Install the equivalents, then run this again:" >&2
      echo "  Jupyter Notebook with nbconvert and nbclient (e.g. pip install notebook nbconvert nbclient)," >&2
      echo "  Go (https://go.dev/dl/), hey (go install github.com/rakyll/hey@latest) and Chromium on PATH as 'chromium'." >&2
    fi
    exit 1
  fi
fi

# npm packages: npm ci when node_modules is missing or older than the lock file (npm records the
# installed tree in node_modules/.package-lock.json).
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "npm ci"
  npm ci --no-audit --no-fund
fi

# npm removes links it did not make on each install; the prepare script makes this one, and this covers a
# node_modules that came from elsewhere.
node scripts/link-self.mjs

# The tslab kernel (TypeScript in Jupyter). The kernel spec starts `tslab` from PATH; the npm scripts put
# node_modules/.bin on PATH.
# (Read the list first: `grep -q` closing the pipe early would fail the pipeline under pipefail.)
kernels="$(jupyter kernelspec list --json 2>/dev/null || true)"
if [[ "$kernels" != *'"tslab"'* ]]; then
  say "registering the tslab Jupyter kernel"
  tslab install --python="$PYTHON"
fi

# Trust is a signature of each notebook's content in the user's Jupyter data folder: given again whenever a
# notebook changed (cheap when nothing did).
"$PYTHON" scripts/trust-notebooks.py notebooks/*.ipynb

say "npm run build"
npm run --silent build
