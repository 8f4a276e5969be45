/**
 * Generates a large gctrace file for `npm run bench` (bench/parse.ts, bench/e2e.ts, bench/fleet.ts), modelled on
 * REAL go1.19 lines: test/data/go1.19/gctrace-steady.txt (62 cycles of a steady allocation workload, GOMAXPROCS 2,
 * captured here).
 *
 * How it is modelled (seeded, so every run writes the same file): the generated run is a walk over the real
 * cycles that keeps the capture's time structure, so the analyses of cycle-to-cycle figures (allocation rate,
 * the what-if replay of the allocation curve, GC CPU per window) see what they would see on a real long run.
 * - It starts with the capture's own ramp-up (real cycles 1–5: heap 4 → 50 MB), then walks its steady cycles.
 * - Every generated cycle IS a real cycle: its clock triple, cpu 5-tuple and heap figures are one real line's text,
 *   as printed (the runtime's ms format, `0.013`, `0.56`, `7.6`, `12`, and MB truncation are kept as is).
 * - After real cycle j comes real cycle k, drawn among the steady cycles whose real predecessor (k − 1) left the
 *   same live heap as j (the printed `->live MB`) and ran at least about as long (j's clock at most 1 ms longer,
 *   so the time between j's end and k's start is no shorter than in the real pair: the allocation rate between
 *   cycles stays a real one) and whose real gap t(k) − t(k−1) is longer than j's clock (cycles never overlap);
 *   k = j + 1 is always a candidate when it exists. The gap to k is that real gap, so each pair of consecutive
 *   generated cycles — the heap allocated between them (h0/h1 of k against j's live heap) and the time it took —
 *   is a real consecutive pair. Times are kept in whole ms, as `@` prints them.
 * - `gcPct` is what the runtime prints at the end of the cycle (runtime/mgc.go gcMarkTermination: int(100 ×
 *   work.totaltime / (time since start × GOMAXPROCS)), totaltime = Σ sweepTerm + assist + background + markTerm
 *   CPU), so it is cumulative over the generated run, as it is over a real one.
 * - `0 MB stacks, 0 MB globals, 2 P` as in every real line; 1 cycle in 100 ends with ` (forced)` (as the real
 *   runtime.GC() cycles of test/data/go1.19/gctrace-forced.txt do).
 * What the parse bench times is unchanged by the walk: the same go1.18+ layout, lines of the same length
 * (about 141 bytes), the same number groups and 1 forced cycle in 100.
 * Over a million cycles the run spans about 7.5 hours (the capture's mean gap of 27 ms).
 */
import { createHash } from "node:crypto";
import { createWriteStream, readFileSync } from "node:fs";
import { join } from "node:path";

const REAL =
  /^gc \d+ @(\d+)\.(\d{3})s (\d+)%: (\S+) ms clock, (\S+) ms cpu, ((\d+)->(\d+)->(\d+) MB, \d+ MB goal), /;

/** mulberry32: a small seeded PRNG, so the benchmark input is the same on every machine. */
/**
 * Where the benches keep a generated file of `lines` gc lines: named after this generator's own compiled code, so a
 * changed generator makes a new file instead of a bench timing the file an older generator left in bench/out.
 */
export function gctraceBenchFile(repo: string, lines: number): string {
  const version = createHash("sha1").update(readFileSync(__filename)).digest("hex").slice(0, 8);
  return join(repo, "bench", "out", `gctrace-${lines}-${version}.txt`);
}

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function realSteadyLines(repo: string): string[] {
  const text = readFileSync(join(repo, "test", "data", "go1.19", "gctrace-steady.txt"), "utf8");
  const lines = text.split("\n");
  return lines.slice(lines.indexOf("# ---") + 1).filter((l) => l.startsWith("gc "));
}

/** One real cycle, as printed. */
interface RealCycle {
  ms: number;
  clock: string;
  cpu: string;
  heap: string;
  liveMB: number;
  /** Wall time of the cycle (the clock triple's sum), ms. */
  wallMs: number;
  /** CPU the runtime counts in gcPct (sweep termination + assist + background + mark termination), ms. */
  cpuMs: number;
}

/** The real cycles of the steady capture. */
export function realSteadyCycles(repo: string): RealCycle[] {
  return realSteadyLines(repo).map((l) => {
    const m = REAL.exec(l);
    if (!m) throw new Error(`gen-gctrace: not a go1.19 gc line: ${l}`);
    const clock = m[4].split("+").map(Number);
    const [sweepTerm, mark, markTerm] = m[5].split("+");
    const [assist, background] = mark.split("/").map(Number);
    return {
      ms: Number(m[1]) * 1000 + Number(m[2]),
      clock: m[4],
      cpu: m[5],
      heap: m[6],
      liveMB: Number(m[9]),
      wallMs: clock[0] + clock[1] + clock[2],
      // runtime/mgc.go gcMarkTermination: cycleCpu = sweepTermCpu + markCpu (assist + background) + markTermCpu
      cpuMs: Number(sweepTerm) + assist + background + Number(markTerm),
    };
  });
}

/** Cycles 1–5 of the capture are its ramp-up (heap 4 → 50 MB); the walk goes on over the rest. */
const RAMP_UP = 5;

/**
 * The walk over the real cycles (see the header): `count` indices into `real`, each with the gap (ms) from the
 * previous generated cycle (0 for the first).
 */
export function steadyWalk(
  real: readonly RealCycle[],
  count: number,
  seed: number,
): { index: Int32Array; gapMs: Float64Array } {
  const index = new Int32Array(count);
  const gapMs = new Float64Array(count);
  // successors[j]: the real cycles that may follow real cycle j
  const successors = real.map((from, j) => {
    const ok: number[] = [];
    for (let k = RAMP_UP; k < real.length; k++) {
      const gap = real[k].ms - real[k - 1].ms;
      const before = real[k - 1];
      if (before.liveMB === from.liveMB && from.wallMs <= before.wallMs + 1 && gap > from.wallMs) ok.push(k);
    }
    if (j + 1 < real.length && !ok.includes(j + 1)) ok.push(j + 1);
    if (ok.length === 0) throw new Error(`gen-gctrace: no real cycle can follow cycle ${j + 1}`);
    return ok;
  });
  const r = rng(seed);
  let j = 0;
  for (let n = 0; n < count; n++) {
    if (n > 0) {
      const next = n < RAMP_UP ? n : successors[j][Math.floor(r() * successors[j].length)];
      gapMs[n] = real[next].ms - real[next - 1].ms;
      j = next;
    }
    index[n] = j;
  }
  return { index, gapMs };
}

/** Writes `count` generated lines to `path`; resolves when the file is flushed. */
export async function generateGctrace(repo: string, path: string, count: number, seed = 19): Promise<void> {
  const real = realSteadyCycles(repo);
  const { index, gapMs } = steadyWalk(real, count, seed);
  const r = rng(seed ^ 0x9e3779b9);
  const out = createWriteStream(path);
  let ms = real[0].ms;
  let totalCpuMs = 0;
  let chunk: string[] = [];
  for (let n = 0; n < count; n++) {
    ms += gapMs[n];
    const c = real[index[n]];
    totalCpuMs += c.cpuMs;
    // runtime/mgc.go gcMarkTermination: gc_cpu_fraction = work.totaltime / (sched.totaltime, 2 P since start)
    const pct = Math.trunc((100 * totalCpuMs) / ((ms + c.wallMs) * 2));
    const s = Math.floor(ms / 1000);
    const frac = String(ms % 1000).padStart(3, "0");
    chunk.push(
      `gc ${n + 1} @${s}.${frac}s ${pct}%: ${c.clock} ms clock, ${c.cpu} ms cpu, ` +
        `${c.heap}, 0 MB stacks, 0 MB globals, 2 P${r() < 0.01 ? " (forced)" : ""}`,
    );
    if (chunk.length === 10000 || n === count - 1) {
      if (!out.write(`${chunk.join("\n")}\n`)) await new Promise<void>((ok) => out.once("drain", () => ok()));
      chunk = [];
    }
  }
  await new Promise<void>((ok, fail) => out.end((e?: Error | null) => (e ? fail(e) : ok())));
}

if (require.main === module) {
  const [path, count] = process.argv.slice(2);
  if (!path) throw new Error("usage: node gen-gctrace.js <out.txt> [lines]");
  generateGctrace(join(__dirname, "..", ".."), path, Number(count ?? 1_000_000)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
