#!/usr/bin/env bash
# `npm start`: set up whatever is missing, then open Jupyter Notebook on notebooks/ (loopback only).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
export PATH="$ROOT/node_modules/.bin:$PATH"
args=(--notebook-dir="$ROOT/notebooks" --ip=127.0.0.1)
# Jupyter refuses to run as root unless told to (containers and fresh VMs often run as root).
if [[ "$(id -u)" == 0 ]]; then args+=(--allow-root); fi
# Without a display there is no browser to open: print the URL (with its token) instead.
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && "$(uname)" == Linux ]]; then args+=(--no-browser); fi
echo "start: jupyter notebook ${args[*]} (stop it with Ctrl-C)"
exec jupyter notebook "${args[@]}" "$@"
