#!/usr/bin/env bash
# Regenerates data/ with real GODEBUG captures of the bundled Go programs (examples/).
#
# Each capture writes data/<name>.log (the program's raw stderr: the runtime's trace plus anything the
# program logs) and data/<name>.meta.json (the exact command, GODEBUG, Go version, GOMAXPROCS, the load,
# the date, the machine's load average); workload captures also write data/<name>.memstats.json (the
# runtime's own MemStats, printed by the program at exit); latency captures write hey's per-request CSV
# (`hey -o csv`) as data/<name>.hey.csv.gz. data/README.md is rebuilt from the .meta.json files.
# Load is generated with `hey` against 127.0.0.1 only, with a bounded request count and a timeout.
# Nothing here parses traces: the captures do not depend on the library's parsing code.
#
#   scripts/capture.sh              # every capture below
#   scripts/capture.sh NAME...      # only these (e.g. case2-leak-pprof workload-alloc-fixed); README rebuilt
set -euo pipefail
ONLY=("$@")
# want NAME: true when NAME is to be captured this time (all of them without arguments).
want() {
  [[ ${#ONLY[@]} -eq 0 ]] && return 0
  local n
  for n in "${ONLY[@]}"; do [[ "$n" == "$1" ]] && return 0; done
  return 1
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$ROOT/data"
BIN="$ROOT/examples/bin"
ADDR="127.0.0.1:4000"
URL="http://$ADDR/sendjson"
BODY='{"name":"bill","email":"bill@ardanlabs.com"}'
meta() { node "$ROOT/scripts/capture-meta.mjs" "$@"; }

for tool in go hey node; do
  command -v "$tool" >/dev/null || { echo "capture: '$tool' is not installed (Debian: apt-get install golang-go hey nodejs)" >&2; exit 1; }
done

echo "capture: building examples/ with $(go version)"
(cd "$ROOT/examples" && GOPROXY=off GOFLAGS=-mod=mod go build -trimpath -o bin/ ./...)
mkdir -p "$DATA"

port_open() { (exec 3<>"/dev/tcp/${ADDR%:*}/${ADDR#*:}") 2>/dev/null; }
if port_open; then
  echo "capture: $ADDR is already in use; stop whatever listens there first" >&2
  exit 1
fi

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
# cpu_ms PID: the CPU time (user + system) the process has used so far, ms (/proc/PID/stat fields 14 and 15, in clock
# ticks of getconf CLK_TCK; proc(5)).
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print int(($12 + $13) * 1000 / hz) }' "/proc/$1/stat"; }

loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }

# serve NAME ABOUT GOMAXPROCS GODEBUG HEY_ARGS [webservice args...]
# Starts the web service with the given settings, waits 1 s idle, runs hey with HEY_ARGS (bounded by
# -n and a 60 s timeout), waits 2 s so the run queue drains, then stops the service with SIGINT.
# With empty HEY_ARGS the service is stopped 0.5 s after it listens. With PROFILE=<pprof path> in the
# environment (e.g. PROFILE='goroutine?debug=1'), that profile is fetched from /debug/pprof/ 1 s after the load
# ends, while the service still runs, into data/NAME.<profile name>.txt. With CSV=1, hey writes one line per
# request (`-o csv`) to data/NAME.hey.csv.gz instead of its text summary (the summary in .meta.json is then
# computed from the rows), and the service is stopped 1 s after the load.
serve() {
  local name="$1" about="$2" procs="$3" godebug="$4" hey_args="$5"
  shift 5
  local log="$DATA/$name.log" summary="$DATA/.hey-$name.txt" started t0
  started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "capture: $name (GOMAXPROCS=$procs GODEBUG=$godebug webservice $* | hey $hey_args)"
  t0="$(date +%s%N)"
  GOMAXPROCS="$procs" GODEBUG="$godebug" "$BIN/webservice" -addr "$ADDR" "$@" >/dev/null 2>"$log" &
  local pid=$!
  for _ in $(seq 50); do port_open && break; sleep 0.1; done
  port_open || { kill "$pid"; echo "capture: the web service did not start" >&2; exit 1; }
  local load=()
  if [[ -n "$hey_args" ]]; then
    sleep 1
    local load_start load_end
    load_start="$(ms_since "$t0")"
    local avg csv_flag=() cpu0
    avg="$(loadavg)"
    cpu0="$(cpu_ms "$pid")"
    [[ "${CSV:-}" == 1 ]] && csv_flag=(-o csv)
    # shellcheck disable=SC2086 # hey_args is a list of flags
    timeout 60 hey $hey_args "${csv_flag[@]}" -m POST -T application/json -d "$BODY" "$URL" >"$summary"
    load_end="$(ms_since "$t0")"
    load=(--load "hey $hey_args${csv_flag[*]:+ ${csv_flag[*]}} -m POST -T application/json -d '$BODY' $URL"
      --load-start-ms "$load_start" --load-end-ms "$load_end" --loadavg "$avg"
      --server-cpu-ms "$(($(cpu_ms "$pid") - cpu0))")
    if [[ "${CSV:-}" == 1 ]]; then
      gzip -9 -n -c "$summary" >"$DATA/$name.hey.csv.gz"
      load+=(--hey-csv "$DATA/$name.hey.csv.gz")
    else
      load+=(--hey-summary "$summary")
    fi
    if [[ -n "${PROFILE:-}" ]]; then
      sleep 1
      local profile_file="$DATA/$name.${PROFILE%%\?*}.txt" profile_at
      profile_at="$(ms_since "$t0")"
      curl -sSf --max-time 30 "http://$ADDR/debug/pprof/$PROFILE" >"$profile_file"
      load+=(--profile "$profile_file" --profile-source "http://$ADDR/debug/pprof/$PROFILE"
        --profile-at-ms "$profile_at")
      sleep 1
    elif [[ "${CSV:-}" == 1 ]]; then
      sleep 1
    else
      sleep 2
    fi
  else
    sleep 0.5
  fi
  kill -INT "$pid"
  wait "$pid"
  meta write "$DATA" "$name" --about "$about" \
    --command "GOMAXPROCS=$procs GODEBUG=$godebug examples/bin/webservice -addr $ADDR${*:+ $*}" \
    --godebug "$godebug" --gomaxprocs "$procs" --started "$started" "${load[@]}"
  rm -f "$summary"
}

# work NAME ABOUT "ENV..." GODEBUG WORKLOAD_ARGS...
# Runs the allocation workload; its stdout (one MemStats JSON line) goes to data/NAME.memstats.json. With
# PROFILE=allocs in the environment the workload also writes its allocation profile to data/NAME.allocs.txt.
work() {
  local name="$1" about="$2" envs="$3" godebug="$4"
  shift 4
  local started args=("$@") shown="$*" profile=()
  if [[ "${PROFILE:-}" == allocs ]]; then
    args+=(-memprofile "$DATA/$name.allocs.txt")
    shown+=" -memprofile data/$name.allocs.txt"
    profile=(--profile "$DATA/$name.allocs.txt" --profile-source "workload -memprofile (pprof allocs, debug=1, at exit)")
  fi
  started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "capture: $name (${envs:+$envs }GODEBUG=$godebug workload $shown)"
  # shellcheck disable=SC2086 # envs is a list of NAME=value words
  env $envs GODEBUG="$godebug" "$BIN/workload" "${args[@]}" >"$DATA/$name.memstats.json" 2>"$DATA/$name.log"
  meta write "$DATA" "$name" --about "$about" \
    --command "${envs:+$envs }GODEBUG=$godebug examples/bin/workload $shown" \
    --godebug "$godebug" --gomaxprocs "$(nproc)" --started "$started" \
    --memstats "$DATA/$name.memstats.json" "${profile[@]}"
}

# Tutorial case 1: one P under load; the run queue fills, then drains after the load.
want case1-schedtrace && serve case1-schedtrace "tutorial case 1: run queue under load on one P, then drained" \
  1 schedtrace=100 "-n 60000 -c 50"
# Tutorial case 2: the same with a goroutine leaked per request (blocked on a channel receive).
want case2-leak-schedtrace && serve case2-leak-schedtrace "tutorial case 2: the same load leaking one goroutine per request" \
  1 schedtrace=100 "-n 60000 -c 50" leak
# Case 2 with the detailed dump, at a steady lower rate so the G lines stay few enough to keep:
# 2 workers x 80 requests/s for 5 s leak 800 goroutines.
want case2-leak-scheddetail && serve case2-leak-scheddetail "case 2 with scheddetail: leaked goroutines by wait reason (chan receive)" \
  1 schedtrace=500,scheddetail=1 "-n 800 -c 2 -q 80" leak
want scheddetail && serve scheddetail "the detailed dump (P, M and G lines) with two Ps, no leak" \
  2 schedtrace=1000,scheddetail=1 "-n 10000 -c 20"
want webservice-gctrace && serve webservice-gctrace "gctrace of the web service under load: small heap, frequent cycles" \
  "$(nproc)" gctrace=1 "-n 30000 -c 50"
# Latency: hey's per-request CSV beside the run queue (schedtrace) and the GC cycles (gctrace) of the same run, for
# case 1 with one, two and four Ps (on a 2-core machine, where hey shares the cores with the service), case 2,
# and the GC-heavy variant of the service: each request builds 64 KiB of garbage over a 16 MiB live heap, so GC
# cycles run every few hundred requests and their pauses and mark assists land inside requests.
LAT=schedtrace=100,gctrace=1
want case1-latency-p1 && CSV=1 serve case1-latency-p1 "case 1 with per-request latency (hey CSV): one P" \
  1 "$LAT" "-n 20000 -c 50"
want case1-latency-p2 && CSV=1 serve case1-latency-p2 "case 1 with per-request latency (hey CSV): two Ps" \
  2 "$LAT" "-n 20000 -c 50"
want case1-latency-p4 && CSV=1 serve case1-latency-p4 "case 1 with per-request latency (hey CSV): four Ps on two cores" \
  4 "$LAT" "-n 20000 -c 50"
want case2-leak-latency && CSV=1 serve case2-leak-latency "case 2 (a goroutine leaked per request) with per-request latency" \
  1 "$LAT" "-n 20000 -c 50" leak
want gcheavy-latency && CSV=1 serve gcheavy-latency "GC-heavy service (64 KiB garbage per request, 16 MiB live): GC inside requests" \
  1 "$LAT" "-n 20000 -c 50" -alloc-kb 64 -live-mb 16
# The queueing what-if's check (docs/latency-validation.md): the same service at three rates (hey -q: requests
# per second per worker) with one P, and at two of them with two Ps.
want queue-p1-1000rps && CSV=1 serve queue-p1-1000rps "queueing check: 1000 req/s offered (20 workers x 50/s), one P" \
  1 schedtrace=100 "-n 3000 -c 20 -q 50"
want queue-p1-3000rps && CSV=1 serve queue-p1-3000rps "queueing check: 3000 req/s offered (20 workers x 150/s), one P" \
  1 schedtrace=100 "-n 9000 -c 20 -q 150"
want queue-p1-6000rps && CSV=1 serve queue-p1-6000rps "queueing check: 6000 req/s offered (20 workers x 300/s), one P" \
  1 schedtrace=100 "-n 18000 -c 20 -q 300"
want queue-p2-3000rps && CSV=1 serve queue-p2-3000rps "queueing check: 3000 req/s offered (20 workers x 150/s), two Ps" \
  2 schedtrace=100 "-n 9000 -c 20 -q 150"
want queue-p2-6000rps && CSV=1 serve queue-p2-6000rps "queueing check: 6000 req/s offered (20 workers x 300/s), two Ps" \
  2 schedtrace=100 "-n 18000 -c 20 -q 300"
want inittrace && serve inittrace "package initialisation of the web service (stopped 0.5 s after it listens)" \
  "$(nproc)" inittrace=1 ""

# GC with the pacer and the scavenger: FreeOSMemory every 2 s gives forced gc and forced scav lines;
# the live heap drops to a quarter at 3 s so the scavenger has memory to return.
want gctrace-pacer-scav && work gctrace-pacer-scav "gctrace + pacer + scavenger; FreeOSMemory every 2 s; live heap quartered at 3 s" \
  "" gctrace=1,gcpacertrace=1,scavtrace=1 -rate 100 -live 40 -duration 6s -free-every 2s -shrink-at 3s
# The same workload at three GOGC settings and under two memory limits. With 40 MiB live the GOGC=100
# goal is about 90 MiB; the runtime keeps ~14 MiB of non-heap memory (stacks, metadata, free spans), so
# GOMEMLIMIT=80MiB caps the goal near 66 MiB (binding, cycles ~2x as often) and 64MiB near 52 MiB
# (close to the limit's worst case: a large share of the CPU goes to GC).
WORK_ARGS=(-rate 200 -live 40 -duration 5s)
want workload-gogc50 && work workload-gogc50 "workload 200 MB/s, 40 MB live, GOGC=50" "GOGC=50" gctrace=1 "${WORK_ARGS[@]}"
want workload-gogc100 && work workload-gogc100 "workload 200 MB/s, 40 MB live, GOGC=100" "GOGC=100" gctrace=1 "${WORK_ARGS[@]}"
want workload-gogc200 && work workload-gogc200 "workload 200 MB/s, 40 MB live, GOGC=200" "GOGC=200" gctrace=1 "${WORK_ARGS[@]}"
want workload-memlimit80 && work workload-memlimit80 "workload at GOGC=100 under GOMEMLIMIT=80MiB (the limit caps the goal)" \
  "GOGC=100 GOMEMLIMIT=80MiB" gctrace=1 "${WORK_ARGS[@]}"
want workload-memlimit64 && work workload-memlimit64 "workload at GOGC=100 under GOMEMLIMIT=64MiB (near the limit: GC runs very often)" \
  "GOGC=100 GOMEMLIMIT=64MiB" gctrace=1 "${WORK_ARGS[@]}"

# Trace to code (notebooks 02 and 03): the leaking service's goroutine profile, taken after the load while the
# leaked goroutines wait; the workload's allocation profile, and the same workload with the allocation fixed.
want case2-leak-pprof && PROFILE='goroutine?debug=1' serve case2-leak-pprof \
  "case 2 with net/http/pprof: the goroutine profile names the leaking line" \
  1 schedtrace=1000 "-n 800 -c 2 -q 80" leak
want workload-alloc && PROFILE=allocs work workload-alloc \
  "workload 200 MB/s, 40 MB live, GOGC=100, with its allocation profile" "GOGC=100" gctrace=1 "${WORK_ARGS[@]}"
want workload-alloc-fixed && PROFILE=allocs work workload-alloc-fixed \
  "the same workload with the allocation fixed (-reuse: buffers reused)" "GOGC=100" gctrace=1 \
  "${WORK_ARGS[@]}" -reuse

meta readme "$DATA"
echo "capture: done; $(du -sh "$DATA" | cut -f1) in data/"
