/**
 * Generates a large schedtrace file for the end-to-end bench (bench/e2e.ts): `schedtrace=1000` of a busy service with
 * GOMAXPROCS=8, modelled on REAL go1.19 SCHED lines: data/case1-schedtrace.log (the tutorial's case 1 under `hey`
 * load, 95 lines) and test/data/go1.19/schedtrace.txt (12 lines of 12 allocating workers), both captured here.
 *
 * How it is modelled (seeded, so every run writes the same file):
 * - Every line has the go1.4–go1.19 layout of the real lines: `SCHED <t>ms: gomaxprocs=8 idleprocs=<i> threads=<n>
 *   spinningthreads=<s> idlethreads=<d> runqueue=<q> [<8 per-P queue lengths>]`.
 * - The real lines are split into loaded samples (something runnable: a global or per-P queue above 0, or no idle P)
 *   and idle ones. The generated trace alternates idle and loaded periods; their lengths are drawn uniformly from
 *   10–600 samples, so a day holds a few hundred load periods, each filling and draining as in case 1.
 * - A loaded sample takes the global `runqueue`, `threads`, `spinningthreads` and `idlethreads` of one real loaded
 *   line (threads + 6: eight Ps run on more Ms than one or two), and each of the 8 per-P queues from the per-P
 *   values of a real loaded line (drawn independently); idleprocs is 0 when any queue holds work, else drawn from 0–2.
 * - An idle sample copies a real idle line's threads/spinning/idle threads, with every queue 0 and 6–8 idle Ps.
 * - Time: `SCHED 0ms` first, then +1000 ms per line plus the real lines' jitter (a real interval minus its
 *   nominal period: schedtrace wakes up late by a few ms), so 100,000 lines span about 28 hours.
 */
import { createWriteStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { rng } from "./gen-gctrace";

const REAL =
  /^SCHED (\d+)ms: gomaxprocs=\d+ idleprocs=(\d+) threads=(\d+) spinningthreads=(\d+) idlethreads=(\d+) runqueue=(\d+) \[([\d ]*)\]$/;

interface RealLine {
  timeMs: number;
  idleprocs: number;
  threads: number;
  spinning: number;
  idleThreads: number;
  runqueue: number;
  perP: number[];
}

function realLines(repo: string, file: string): RealLine[] {
  return readFileSync(join(repo, file), "utf8")
    .split("\n")
    .flatMap((l) => {
      const m = REAL.exec(l);
      if (!m) return [];
      const [timeMs, idleprocs, threads, spinning, idleThreads, runqueue] = m.slice(1, 7).map(Number);
      const perP = m[7].split(" ").map(Number);
      return [{ timeMs, idleprocs, threads, spinning, idleThreads, runqueue, perP }];
    });
}

/** The jitter of real samples: each interval minus the period the trace was asked for. */
function jitters(lines: RealLine[], periodMs: number): number[] {
  return lines.slice(1).map((l, i) => Math.max(0, l.timeMs - lines[i].timeMs - periodMs));
}

export const SCHED_PROCS = 8;

/** Writes `count` generated SCHED lines to `path`; resolves when the file is flushed. */
export async function generateSchedtrace(repo: string, path: string, count: number, seed = 8): Promise<void> {
  const case1 = realLines(repo, "data/case1-schedtrace.log");
  const workers = realLines(repo, "test/data/go1.19/schedtrace.txt");
  const all = [...case1, ...workers];
  if (case1.length < 50 || workers.length < 10)
    throw new Error("gen-schedtrace: the real schedtrace lines are missing");
  const loaded = all.filter((l) => l.runqueue > 0 || l.perP.some((q) => q > 0) || l.idleprocs === 0);
  const idle = all.filter((l) => !loaded.includes(l));
  const perPLoaded = loaded.flatMap((l) => l.perP);
  // case 1 ran with schedtrace=100, the workers with schedtrace=50
  const jitter = [...jitters(case1, 100), ...jitters(workers, 50)];
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const between = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

  const out = createWriteStream(path);
  let t = 0;
  let busy = false;
  let left = between(10, 600);
  let chunk: string[] = [];
  for (let n = 0; n < count; n++) {
    if (left-- === 0) {
      busy = !busy;
      left = between(10, 600);
    }
    let line: string;
    if (busy) {
      const l = pick(loaded);
      const perP = Array.from({ length: SCHED_PROCS }, () => pick(perPLoaded));
      const idleprocs = l.runqueue > 0 || perP.some((q) => q > 0) ? 0 : between(0, 2);
      line =
        `SCHED ${t}ms: gomaxprocs=${SCHED_PROCS} idleprocs=${idleprocs} threads=${l.threads + 6} ` +
        `spinningthreads=${l.spinning} idlethreads=${l.idleThreads} runqueue=${l.runqueue} [${perP.join(" ")}]`;
    } else {
      const l = pick(idle);
      line =
        `SCHED ${t}ms: gomaxprocs=${SCHED_PROCS} idleprocs=${between(6, 8)} threads=${l.threads + 6} ` +
        `spinningthreads=${l.spinning} idlethreads=${l.idleThreads} runqueue=0 [${Array(SCHED_PROCS).fill(0).join(" ")}]`;
    }
    chunk.push(line);
    t += 1000 + pick(jitter);
    if (chunk.length === 10000 || n === count - 1) {
      if (!out.write(`${chunk.join("\n")}\n`)) await new Promise<void>((ok) => out.once("drain", () => ok()));
      chunk = [];
    }
  }
  await new Promise<void>((ok, fail) => out.end((e?: Error | null) => (e ? fail(e) : ok())));
}

if (require.main === module) {
  const [path, count] = process.argv.slice(2);
  if (!path) throw new Error("usage: node gen-schedtrace.js <out.txt> [lines]");
  generateSchedtrace(join(__dirname, "..", ".."), path, Number(count ?? 100_000)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
