#!/usr/bin/env bash
# `npm test`: set up whatever is missing, then type-check, lint and run every test. All three run even
# when one fails, so one run shows every problem; the exit status is non-zero if any failed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
export PATH="$ROOT/node_modules/.bin:$PATH"

failed=()
step() {
  echo "test: $*"
  "$@" || failed+=("$1")
}
# The TypeScript of package.json, not node_modules/.bin/tsc: npm links tslab's own TypeScript (5.0) there.
tsc() { node "$ROOT/node_modules/typescript/bin/tsc" "$@"; }
step tsc --noEmit -p .
step biome check .
step vitest run "$@"

if ((${#failed[@]} > 0)); then
  echo "test: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "test: all passed (tsc, biome, vitest)"
