#!/usr/bin/env bash
# Captures the fleet of notebooks/src/06-fleet.md into data/fleet/: real GODEBUG traces of the bundled workload
# program (examples/workload) playing three services, each in two releases, at three GOGC settings and two
# GOMAXPROCS values (3 x 2 x 3 x 2 = 36 runs of 3 s, about two minutes, one at a time so runs do not compete
# for the CPUs).
#
#   data/fleet/<service>/<release>/gogc<GOGC>-p<GOMAXPROCS>.log.gz        the program's raw stderr, gzip -9n
#   data/fleet/<service>/<release>/gogc<GOGC>-p<GOMAXPROCS>.meta.json     the command, Go version, host, MemStats
#
# Services are allocation shapes of the same program (rate of short-lived garbage, live heap kept):
#   api    150 MB/s garbage, 20 MB live        batch  400 MB/s, 60 MB live        cache  60 MB/s, 120 MB live
# Release r2 of every service adds a runtime.GC() call every 250 ms (-gc-every 250ms), the kind of change a
# release makes and a fleet query should catch. Nothing here parses traces.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/data/fleet"
BIN="$(mktemp -d)"
trap 'rm -rf "$BIN"' EXIT
DURATION="${FLEET_DURATION:-3s}"
GODEBUG_SETTING="gctrace=1,schedtrace=500"

command -v go >/dev/null || { echo "capture-fleet: 'go' is not installed (Debian: apt-get install golang-go)" >&2; exit 1; }
echo "capture-fleet: building examples/workload with $(go version)"
(cd "$ROOT/examples" && GOPROXY=off GOFLAGS=-mod=mod go build -trimpath -o "$BIN/" ./workload)

declare -A SHAPE=([api]="-rate 150 -live 20" [batch]="-rate 400 -live 60" [cache]="-rate 60 -live 120")
declare -A RELEASE=([r1]="" [r2]="-gc-every 250ms")

rm -rf "$OUT"
for service in api batch cache; do
  for release in r1 r2; do
    mkdir -p "$OUT/$service/$release"
    for gogc in 50 100 200; do
      for procs in 1 2; do
        name="gogc$gogc-p$procs"
        args="${SHAPE[$service]} -duration $DURATION${RELEASE[$release]:+ ${RELEASE[$release]}}"
        started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "capture-fleet: $service/$release/$name (GOGC=$gogc GOMAXPROCS=$procs workload $args)"
        # shellcheck disable=SC2086 # args is a list of flags
        GOGC="$gogc" GOMAXPROCS="$procs" GODEBUG="$GODEBUG_SETTING" "$BIN/workload" $args \
          >"$BIN/memstats.json" 2>"$BIN/trace.log"
        gzip -9n <"$BIN/trace.log" >"$OUT/$service/$release/$name.log.gz"
        node -e '
          const fs = require("node:fs"), os = require("node:os"), { execFileSync } = require("node:child_process");
          const [file, service, release, gogc, procs, command, godebug, started, trace, memstats] = process.argv.slice(1);
          const text = fs.readFileSync(trace, "utf8");
          const meta = {
            service, release, gogc: Number(gogc), gomaxprocs: Number(procs), command, godebug,
            goVersion: execFileSync("go", ["version"], { encoding: "utf8" }).trim(), captured: started,
            host: { os: os.platform(), arch: os.arch(), kernel: os.release(), cpus: os.cpus().length },
            traceLines: text.split("\n").length - (text.endsWith("\n") ? 1 : 0), traceBytes: Buffer.byteLength(text),
            memstats: JSON.parse(fs.readFileSync(memstats, "utf8")),
          };
          fs.writeFileSync(file, `${JSON.stringify(meta, null, 2)}\n`);
        ' "$OUT/$service/$release/$name.meta.json" "$service" "$release" "$gogc" "$procs" \
          "GOGC=$gogc GOMAXPROCS=$procs GODEBUG=$GODEBUG_SETTING examples/bin/workload $args" \
          "$GODEBUG_SETTING" "$started" "$BIN/trace.log" "$BIN/memstats.json"
      done
    done
  done
done
echo "capture-fleet: wrote $(find "$OUT" -name '*.log.gz' | wc -l) traces, $(du -sh "$OUT" | cut -f1) in $OUT"
