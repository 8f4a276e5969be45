/**
 * Long traces for the chart tests, generated from REAL go1.19 captures (not invented lines).
 *
 * - gctrace: the 28 lines of data/workload-gogc100.log (GOGC=100, 2 P) repeated over and over; each copy is
 *   shifted in time by the capture's length (its last `@` time plus the gap before its first cycle) and the
 *   cycles renumbered, everything else is the real line's text. `plant` replaces one generated line's clock
 *   text (e.g. its clock triple, to plant a 50 ms mark termination among the real sub-millisecond ones).
 * - schedtrace: the 95 SCHED lines of data/case1-schedtrace.log (1 P, load bursts from hey) widened to `ps`
 *   Ps: P k's local queue is the real queue of the line k lines later (the Ps share the real bursts, a
 *   sample apart, and the real idle stretches between them), the global queue and the other fields are the line's own; times advance by the real gaps.
 *
 * - a whole capture (e.g. data/gctrace-pacer-scav.log: gc, pacer and scav lines; data/case2-leak-scheddetail.log:
 *   SCHED dumps with their P/M/G lines) repeated: gc lines renumbered and shifted in time as above, SCHED lines
 *   shifted by the capture's SCHED span, the other lines (which carry no cycle number or time) verbatim.
 *
 * Run directly (after compiling, see the bottom) it writes a file, for trying the CLI on a large input.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/** gc lines of the GOGC=100 workload capture, repeated to `count` lines. */
export function repeatedGctrace(count: number, plant?: { line: number; from: RegExp; to: string }): string {
  const real = readFileSync(path.join(ROOT, "data/workload-gogc100.log"), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("gc "));
  const parsed = real.map((l) => {
    const m = /^gc \d+ @(\d+)\.(\d{3})s (.*)$/.exec(l);
    if (m === null) throw new Error(`not a go1.19 gc line: ${l}`);
    return { ms: Number(m[1]) * 1000 + Number(m[2]), rest: m[3] };
  });
  const span = parsed[parsed.length - 1].ms + parsed[0].ms;
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    const r = parsed[n % parsed.length];
    const ms = r.ms + Math.floor(n / parsed.length) * span;
    let rest = r.rest;
    if (plant !== undefined && plant.line === n + 1) rest = rest.replace(plant.from, plant.to);
    out.push(`gc ${n + 1} @${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, "0")}s ${rest}`);
  }
  return `${out.join("\n")}\n`;
}

/**
 * Every line of the real capture `file` (from the repository root), repeated `copies` times: gc lines
 * renumbered and shifted by the capture's gc span, SCHED lines shifted by its SCHED span, the rest verbatim.
 */
export function repeatedCapture(file: string, copies: number): string {
  const real = readFileSync(path.join(ROOT, file), "utf8")
    .split("\n")
    .filter((l) => l !== "");
  const GC = /^gc \d+ @(\d+)\.(\d{3})s (.*)$/;
  const SCHED = /^SCHED (\d+)ms: (.*)$/;
  const gcMs = real.flatMap((l) => {
    const m = GC.exec(l);
    return m ? [Number(m[1]) * 1000 + Number(m[2])] : [];
  });
  const schedMs = real.flatMap((l) => {
    const m = SCHED.exec(l);
    return m ? [Number(m[1])] : [];
  });
  const gcSpan = gcMs.length > 0 ? gcMs[gcMs.length - 1] + gcMs[0] : 0;
  const schedSpan = schedMs.length > 1 ? schedMs[schedMs.length - 1] + (schedMs[1] - schedMs[0]) : 0;
  const out: string[] = [];
  let n = 0;
  for (let copy = 0; copy < copies; copy++) {
    for (const l of real) {
      const gc = GC.exec(l);
      const sched = SCHED.exec(l);
      if (gc !== null) {
        const ms = Number(gc[1]) * 1000 + Number(gc[2]) + copy * gcSpan;
        out.push(`gc ${++n} @${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, "0")}s ${gc[3]}`);
      } else if (sched !== null) out.push(`SCHED ${Number(sched[1]) + copy * schedSpan}ms: ${sched[2]}`);
      else out.push(l);
    }
  }
  return `${out.join("\n")}\n`;
}

/** SCHED lines of the hey-loaded service capture widened to `ps` Ps, repeated to `count` lines. */
export function repeatedSchedtrace(count: number, ps = 8): string {
  const real = readFileSync(path.join(ROOT, "data/case1-schedtrace.log"), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("SCHED "));
  const parsed = real.map((l) => {
    const m = /^SCHED (\d+)ms: gomaxprocs=\d+ idleprocs=(\d+) (threads=.* runqueue=\d+) \[(\d+)\]$/.exec(l);
    if (m === null) throw new Error(`not a go1.19 one-P SCHED line: ${l}`);
    return { ms: Number(m[1]), idle: Number(m[2]), mid: m[3], local: m[4] };
  });
  const gaps = parsed.slice(1).map((p, i) => p.ms - parsed[i].ms);
  const out: string[] = [];
  let ms = 0;
  for (let n = 0; n < count; n++) {
    const r = parsed[n % parsed.length];
    const locals = Array.from({ length: ps }, (_, k) => parsed[(n + k) % parsed.length].local);
    const idle = Math.min(ps, r.idle * ps);
    out.push(`SCHED ${ms}ms: gomaxprocs=${ps} idleprocs=${idle} ${r.mid} [${locals.join(" ")}]`);
    ms += gaps[n % gaps.length];
  }
  return `${out.join("\n")}\n`;
}

if (require.main === module) {
  const [kind, file, count] = process.argv.slice(2);
  if (!file || !["gc", "sched", "pacer"].includes(kind))
    throw new Error("usage: bigTraces.js gc|sched|pacer <out> [lines]");
  const n = Number(count ?? 100_000);
  const text =
    kind === "gc"
      ? repeatedGctrace(n)
      : kind === "sched"
        ? repeatedSchedtrace(n)
        : repeatedCapture("data/gctrace-pacer-scav.log", Math.ceil(n / 36));
  writeFileSync(file, text);
}
