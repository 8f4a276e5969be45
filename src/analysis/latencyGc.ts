/**
 * Requests hit by the garbage collector: which requests were in flight during a stop-the-world pause or a
 * concurrent mark phase (from gcPhases, the gctrace `@` time plus the printed clock phases), and how their
 * latency compares with the rest's.
 *
 * Both clocks are the traced process's: gctrace's `@` is time since the program started (runtime/mgc.go
 * gcMarkTermination prints `(work.tSweepTerm-runtimeInitTime)`), and a request's `timeMs` is the load's start
 * offset measured by the capture plus hey's per-request offset. The `@` time is truncated to the millisecond and
 * each phase rounded to two significant digits, and the capture's offset is known to a few ms, so a request is
 * matched with a cycle to within a few ms: a sub-millisecond pause can be attributed to a neighbouring request.
 * `shiftMs` moves the requests against the cycles to test that (a GC effect that survives a shift of tens of ms
 * is not a GC effect).
 */

import { num, str } from "../table/columnSpec";
import { numbers } from "../table/columns";
import { makeTable } from "../table/makeTable";
import type { Table } from "../table/table";
import { type LatencySummary, requestColumns, summarize } from "./latency";

/** What a request overlapped: a stop-the-world pause (sweep or mark termination) wins over the mark phase. */
export const GC_HIT_CLASSES = ["STW pause", "mark phase", "no GC"] as const;
export type GcHitClass = (typeof GC_HIT_CLASSES)[number];

export const GC_HITS_SCHEMA = [
  num("startMs", "ms", "request start on the trace's clock (after shiftMs)"),
  num("endMs", "ms", "request end: start + latency"),
  num("latencyMs", "ms", "response time"),
  str(
    "hit",
    "STW pause | mark phase | no GC: the worst GC phase the request overlapped (mark phase: concurrent mark but neither pause, so the request lay wholly inside mark)",
  ),
  num("gcNum", "count", "the GC cycle overlapped (the first when several; NaN for no GC)"),
] as const;

export interface GcHitOptions {
  /** Added to every request's start before matching (a placebo test; default 0). */
  readonly shiftMs?: number;
  /**
   * "overlap" (default): a request is hit when any part of it, start to end, overlapped the phase. "start": when it
   * started inside the phase. Overlap favours slow requests (a long request spans more cycles whatever made it
   * slow); the start does not depend on the request's own length, so a difference by start is the phase's doing.
   */
  readonly match?: "overlap" | "start";
}

/**
 * One row per request: whether it overlapped a stop-the-world pause or a mark phase of a GC cycle. `phases`
 * is analysis/gcPhases.ts gcPhases (one run's cycles, in time order). A request [start, start + latency]
 * overlaps a phase [a, b] when start ≤ b and a ≤ end.
 */
export function requestsHitByGc(requests: Table, phases: Table, options: GcHitOptions = {}): Table {
  const shift = options.shiftMs ?? 0;
  const byStart = options.match === "start";
  const { startMs, latencyMs } = requestColumns(requests);
  const gcNum = numbers(phases, "gcNum");
  const a = numbers(phases, "startMs");
  const b = numbers(phases, "sweepTermEndMs");
  const c = numbers(phases, "markTermStartMs");
  const d = numbers(phases, "endMs");
  // cycles by start, those with a known start only (go1.4 and older print no @ time)
  const order = [...a.keys()].filter((i) => Number.isFinite(a[i]) && Number.isFinite(d[i]));
  order.sort((x, y) => a[x] - a[y]);
  const n = startMs.length;
  const out = {
    startMs: new Float64Array(n),
    endMs: new Float64Array(n),
    latencyMs: new Float64Array(n),
    hit: new Array<string>(n),
    gcNum: new Float64Array(n).fill(Number.NaN),
  };
  for (let i = 0; i < n; i++) {
    const s = startMs[i] + shift;
    const e = byStart ? s : s + latencyMs[i];
    out.startMs[i] = s;
    out.endMs[i] = s + latencyMs[i];
    out.latencyMs[i] = latencyMs[i];
    let hit: GcHitClass = "no GC";
    // the last cycle starting at or before the request's end; cycles do not overlap one another
    let k = lastAtOrBefore(order, a, e);
    for (; k >= 0 && hit !== "STW pause"; k--) {
      const g = order[k];
      if (d[g] < s) break;
      // runtime/mgc.go: sweep termination [@, @+clock1] and mark termination [end−clock3, end] stop the world
      const stw = (s <= b[g] && a[g] <= e) || (s <= d[g] && c[g] <= e);
      // concurrent mark between them (go1.5's scan and write-barrier phases included): assists and 25 % of the Ps
      const mark = s <= c[g] && b[g] <= e;
      if (stw || (mark && hit === "no GC")) {
        hit = stw ? "STW pause" : "mark phase";
        out.gcNum[i] = gcNum[g];
      }
    }
    out.hit[i] = hit;
  }
  // the table says how it matched: chart/latencyEcdfChart.ts words its subtitle by it
  return makeTable(byStart ? "requestsStartedInGc" : "requestsHitByGc", GC_HITS_SCHEMA, out);
}

/** The index into `order` of the last cycle whose start is ≤ t (−1 when none). */
function lastAtOrBefore(order: readonly number[], start: Float64Array, t: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (start[order[mid]] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Per class of requestsHitByGc: how many, and their latency. */
export interface GcHitClassSummary extends LatencySummary {
  readonly hit: GcHitClass | "all";
  /** Share of all requests, %. */
  readonly sharePct: number;
}

/** How much of the tail GC explains. */
export interface GcTailShare {
  /** p99 of every request (hey's method). */
  readonly p99Ms: number;
  /** p99 of the requests that overlapped no GC phase. */
  readonly p99NoGcMs: number;
  /** (p99 − p99NoGc) / p99, %: how much lower the p99 is once the GC-hit requests are left out. */
  readonly p99ExplainedPct: number;
  /** Requests slower than the p99, and the share of them that overlapped a GC phase (%). */
  readonly tailRequests: number;
  readonly tailHitPct: number;
  /** The share of all requests that overlapped a GC phase (%): what tailHitPct would be if GC did not matter. */
  readonly allHitPct: number;
}

/** Latency per class (STW pause, mark phase, no GC, all) of a requestsHitByGc table, and the p99's share. */
export function gcHitSummary(hits: Table): { classes: GcHitClassSummary[]; tail: GcTailShare } {
  const start = numbers(hits, "startMs");
  const latency = numbers(hits, "latencyMs");
  const hit = hits.columns.hit as readonly string[];
  const n = hits.length;
  const classes: GcHitClassSummary[] = [];
  for (const cls of [...GC_HIT_CLASSES, "all"] as const) {
    const keep = new Uint8Array(n);
    for (let i = 0; i < n; i++) keep[i] = cls === "all" || hit[i] === cls ? 1 : 0;
    const s = summarize(start, latency, keep);
    classes.push({ hit: cls, sharePct: n > 0 ? (100 * s.requests) / n : Number.NaN, ...s });
  }
  const all = classes[classes.length - 1];
  const noGc = classes.find((c) => c.hit === "no GC") as GcHitClassSummary;
  let tail = 0;
  let tailHit = 0;
  let anyHit = 0;
  for (let i = 0; i < n; i++) {
    const isHit = hit[i] !== "no GC";
    if (isHit) anyHit++;
    if (latency[i] > all.p99Ms) {
      tail++;
      if (isHit) tailHit++;
    }
  }
  return {
    classes,
    tail: {
      p99Ms: all.p99Ms,
      p99NoGcMs: noGc.p99Ms,
      p99ExplainedPct: all.p99Ms > 0 ? (100 * (all.p99Ms - noGc.p99Ms)) / all.p99Ms : Number.NaN,
      tailRequests: tail,
      tailHitPct: tail > 0 ? (100 * tailHit) / tail : Number.NaN,
      allHitPct: n > 0 ? (100 * anyHit) / n : Number.NaN,
    },
  };
}

/** The latencies (ms) of one class of a requestsHitByGc table, sorted ascending: for a distribution chart. */
export function latenciesOf(hits: Table, cls: GcHitClass): Float64Array {
  const latency = numbers(hits, "latencyMs");
  const hit = hits.columns.hit as readonly string[];
  const out: number[] = [];
  for (let i = 0; i < hits.length; i++)
    if (hit[i] === cls && Number.isFinite(latency[i])) out.push(latency[i]);
  return Float64Array.from(out).sort();
}

export const GC_HIT_PLACEBO_SCHEMA = [
  num("shiftMs", "ms", "requests moved by this much against the GC cycles (0: as captured)"),
  num("allHitPct", "%", "share of all requests that overlapped a GC phase"),
  num("tailHitPct", "%", "share of the requests slower than the p99 that overlapped a GC phase"),
  num("p99NoGcMs", "ms", "p99 of the requests that overlapped no GC phase"),
  num("p99ExplainedPct", "%", "(p99 − p99NoGc) / p99"),
] as const;

/**
 * The GC attribution as captured (shift 0) and with the requests shifted against the cycles, by ±0.3, ±0.5 and
 * ±0.7 of the median time between cycle starts unless `shiftsMs` is given. A slow request spans more time, so it
 * overlaps a cycle more often whatever the cause of its slowness: the shifted rows show how much tail share that
 * length bias alone gives. Only the excess of the shift-0 row over them is the collector's.
 */
export function gcHitPlacebo(
  requests: Table,
  phases: Table,
  shiftsMs?: readonly number[],
  match: GcHitOptions["match"] = "overlap",
): Table {
  let shifts = shiftsMs;
  if (shifts === undefined) {
    const start = Float64Array.from(numbers(phases, "startMs")).filter(Number.isFinite).sort();
    const gaps: number[] = [];
    for (let i = 1; i < start.length; i++) gaps.push(start[i] - start[i - 1]);
    gaps.sort((x, y) => x - y);
    const gap = gaps.length > 0 ? gaps[gaps.length >> 1] : Number.NaN;
    shifts = Number.isFinite(gap) ? [-0.7, -0.5, -0.3, 0.3, 0.5, 0.7].map((f) => Math.round(f * gap)) : [];
  }
  const cols = Object.fromEntries(GC_HIT_PLACEBO_SCHEMA.map((c) => [c.name, [] as number[]]));
  for (const shift of [0, ...shifts]) {
    const { tail } = gcHitSummary(requestsHitByGc(requests, phases, { shiftMs: shift, match }));
    cols.shiftMs.push(shift);
    cols.allHitPct.push(tail.allHitPct);
    cols.tailHitPct.push(tail.tailHitPct);
    cols.p99NoGcMs.push(tail.p99NoGcMs);
    cols.p99ExplainedPct.push(tail.p99ExplainedPct);
  }
  return makeTable(
    "gcHitPlacebo",
    GC_HIT_PLACEBO_SCHEMA,
    Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, Float64Array.from(v)])),
  );
}
