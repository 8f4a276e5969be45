/**
 * Generates a large gctrace file for `npm run bench` (bench/parse.ts), modelled on REAL go1.19 lines:
 * test/data/go1.19/gctrace-steady.txt (62 lines of a steady allocation workload, GOMAXPROCS 2, captured here).
 *
 * How it is modelled (seeded, so every run writes the same file):
 * - Each generated line is the go1.18+ layout of the real lines; every number is copied as printed text from a real
 *   line, so the runtime's ms format (`0.013`, `0.56`, `7.6`, `12`; GODEBUG-FORMATS.md §0.1) is kept as is.
 * - clock triple, cpu 5-tuple and heap quadruple (`h0->h1->h2 MB, goal MB goal`) are each drawn, independently and
 *   uniformly, from the 62 real lines (the empirical distribution of each group; a group stays internally
 *   consistent, e.g. the live heap never exceeds the end heap). `gcPct` is drawn from the real lines too.
 * - `gc N` counts up from 1; `@t` advances by an interval drawn from the 61 real intervals between consecutive
 *   real cycles (so times keep the real spacing, reaching several hours over a million cycles).
 * - `0 MB stacks, 0 MB globals, 2 P` as in every real line; 1 cycle in 100 ends with ` (forced)` (as the real
 *   runtime.GC() cycles of test/data/go1.19/gctrace-forced.txt do).
 */
import { createWriteStream, readFileSync } from "node:fs";
import { join } from "node:path";

const REAL =
  /^gc \d+ @(\d+)\.(\d{3})s (\d+)%: (\S+) ms clock, (\S+) ms cpu, (\d+->\d+->\d+ MB, \d+ MB goal), /;

/** mulberry32: a small seeded PRNG, so the benchmark input is the same on every machine. */
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

/** Writes `count` generated lines to `path`; resolves when the file is flushed. */
export async function generateGctrace(repo: string, path: string, count: number, seed = 19): Promise<void> {
  const real = realSteadyLines(repo).map((l) => {
    const m = REAL.exec(l);
    if (!m) throw new Error(`gen-gctrace: not a go1.19 gc line: ${l}`);
    return { ms: Number(m[1]) * 1000 + Number(m[2]), pct: m[3], clock: m[4], cpu: m[5], heap: m[6] };
  });
  const gaps = real.slice(1).map((r, i) => Math.max(1, r.ms - real[i].ms));
  const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)];
  const r = rng(seed);
  const out = createWriteStream(path);
  let ms = real[0].ms;
  let chunk: string[] = [];
  for (let n = 1; n <= count; n++) {
    const s = Math.floor(ms / 1000);
    const frac = String(ms % 1000).padStart(3, "0");
    chunk.push(
      `gc ${n} @${s}.${frac}s ${pick(real, r).pct}%: ${pick(real, r).clock} ms clock, ${pick(real, r).cpu} ms cpu, ` +
        `${pick(real, r).heap}, 0 MB stacks, 0 MB globals, 2 P${r() < 0.01 ? " (forced)" : ""}`,
    );
    ms += pick(gaps, r);
    if (chunk.length === 10000 || n === count) {
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
