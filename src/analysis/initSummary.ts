/**
 * Package initialisation from inittrace (go1.16+, runtime/proc.go doInit): the slowest inits and the totals.
 * Each line is one package's init functions: wall time `clockMs`, heap `bytes` and `allocs` they caused.
 */
import { numbers, strings } from "../table/columns";
import { type TraceInput, tableOf } from "./input";

export interface InitPackage {
  pkg: string;
  startMs: number;
  clockMs: number;
  bytes: number;
  allocs: number;
}

export interface InitSummary {
  packages: number;
  /** Σ clockMs: time spent inside init functions (not the span from the first start to the last end). */
  totalClockMs: number;
  /** From the first init's start to the last init's end (includes the runtime's work between inits). */
  spanMs: number;
  totalBytes: number;
  totalAllocs: number;
  /** The `top` slowest packages, slowest first. */
  slowest: InitPackage[];
}

/**
 * Totals and the slowest `top` (default 10) package inits.
 * `input`: a Trace (its `inittrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function initSummary(input: TraceInput, top = 10): InitSummary {
  const inittrace = tableOf(input, "inittrace");
  const pkg = strings(inittrace, "pkg");
  const start = numbers(inittrace, "timeMs");
  const clock = numbers(inittrace, "clockMs");
  const bytes = numbers(inittrace, "bytes");
  const allocs = numbers(inittrace, "allocs");
  const all: InitPackage[] = [];
  let totalClockMs = 0;
  let totalBytes = 0;
  let totalAllocs = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < inittrace.length; r++) {
    all.push({ pkg: pkg[r], startMs: start[r], clockMs: clock[r], bytes: bytes[r], allocs: allocs[r] });
    totalClockMs += clock[r];
    totalBytes += bytes[r];
    totalAllocs += allocs[r];
    first = Math.min(first, start[r]);
    last = Math.max(last, start[r] + clock[r]);
  }
  const slowest = [...all].sort((a, b) => b.clockMs - a.clockMs).slice(0, top);
  return {
    packages: all.length,
    totalClockMs,
    spanMs: all.length > 0 ? last - first : 0,
    totalBytes,
    totalAllocs,
    slowest,
  };
}
