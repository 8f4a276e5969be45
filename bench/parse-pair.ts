/**
 * The parse doors of two builds, paired: `node dist-bench/bench/parse-pair.js <rootA> <rootB> [pairs]` runs, in
 * turn A B, B A, …, a fresh process per build that loads `<root>/dist/index.js` and times four doors on the parse
 * bench's 1M-line file (bench/out/gctrace-1000000-<generator>.txt, made by `npm run bench`): `loadTrace` (as many threads as
 * the machine has), `loadTrace` with `{ threads: 1 }`, `parseTrace(text)` of the file read into a string
 * beforehand (the text door, which the notebooks use), and `parseTrace` of the same text with a journald-style
 * prefix before every gc line ("prefixed": gc lines found behind a prefix, which reach the gctrace scanner as
 * text). Each door: the fastest of PAIR_ROUNDS (3) rounds after a warm-up, and the least CPU time (all threads) of
 * a round. It prints every pair and the median of the ratios B/A per door, wall and CPU: on a shared machine the
 * builds' speed drifts together, so a ratio of two runs made a moment apart holds where absolute times do not.
 * Used for the "refactor" figures of bench/README.md (A: main before the refactor, B: after).
 *
 * `PAIR_DOORS=loadTrace1` (a comma-separated list) times only those doors; `PAIR_FILE=<path>` times another trace
 * (e.g. bench/out/schedtrace-100000-8P.txt) instead of the 1M-line file: the builds must then agree on its number of
 * gctrace rows and lines, not on 1M. `node dist-bench/bench/parse-pair.js --one <root>`: the child, one process's
 * timings as a JSON line.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { gctraceBenchFile } from "./gen-gctrace";

const REPO = join(__dirname, "..", "..");
const ROWS = 1_000_000;
const FILE = process.env.PAIR_FILE ?? gctraceBenchFile(REPO, ROWS);
const ALL_DOORS = ["loadTrace", "loadTrace1", "parseTrace", "prefixed"] as const;
const DOORS = ALL_DOORS.filter((d) => (process.env.PAIR_DOORS ?? d).split(",").includes(d));
/** A journald-style prefix before every gc line (the "prefixed" door: gc lines found behind it, as text). */
const PREFIX = "Dec 03 12:00:00 app[4242]: ";
type Door = (typeof ALL_DOORS)[number];
/** Per door, the fastest round's wall time and the least CPU time (all threads) of a round, in ms; and what the
 * trace held (gctrace rows and lines), which both builds must agree on. */
type Timings = Record<Door, { wall: number; cpu: number }> & { rows?: string };

interface Parsed {
  lines: number;
  tables: { gctrace: { length: number } };
}
interface Api {
  loadTrace(path: string, opts?: { threads?: number }): Promise<Parsed>;
  parseTrace(text: string): Parsed;
}

async function settle(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((ok) => setTimeout(ok, 500));
}

/** Timed rounds per process; the fastest of them is kept (the least disturbed by the machine's other work). */
const ROUNDS = Number(process.env.PAIR_ROUNDS ?? 3);
/** Seconds of pause before each process. */
const PAUSE_S = Number(process.env.PAIR_PAUSE_S ?? 3);

/** One process: a warm-up of each door (workers started, code compiled), then ROUNDS timed rounds of the doors. */
async function one(root: string): Promise<void> {
  const api = require(join(resolve(root), "dist", "index.js")) as Api;
  const needText = DOORS.includes("parseTrace") || DOORS.includes("prefixed");
  const text = needText ? readFileSync(FILE, "utf8") : "";
  const prefixed = DOORS.includes("prefixed") ? text.replace(/^gc /gm, `${PREFIX}gc `) : "";
  const shape = (t: Parsed) => `${t.tables.gctrace.length} gctrace rows, ${t.lines} lines`;
  const run: Record<Door, () => Promise<string>> = {
    loadTrace: async () => shape(await api.loadTrace(FILE)),
    loadTrace1: async () => shape(await api.loadTrace(FILE, { threads: 1 })),
    parseTrace: async () => shape(api.parseTrace(text)),
    prefixed: async () => shape(api.parseTrace(prefixed)),
  };
  const out = Object.fromEntries(
    DOORS.map((d) => [d, { wall: Infinity, cpu: Infinity }]),
  ) as unknown as Timings;
  let seen: string | undefined;
  for (let round = 0; round <= ROUNDS; round++) {
    for (const door of DOORS) {
      await settle();
      const t = performance.now();
      const c = process.cpuUsage();
      const rows = await run[door]();
      const u = process.cpuUsage(c);
      if (process.env.PAIR_FILE === undefined && !rows.startsWith(`${ROWS} gctrace rows`)) {
        throw new Error(`${root} ${door}: ${rows}, expected ${ROWS} gctrace rows`);
      }
      if (seen !== undefined && rows !== seen)
        throw new Error(`${root} ${door}: ${rows}, another door ${seen}`);
      seen = rows;
      if (round === 0) continue;
      out[door].wall = Math.min(out[door].wall, performance.now() - t);
      out[door].cpu = Math.min(out[door].cpu, (u.user + u.system) / 1000);
    }
  }
  out.rows = seen;
  console.log(JSON.stringify(out));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function child(root: string): Timings {
  spawnSync("sleep", [String(PAUSE_S)]);
  const r = spawnSync(process.execPath, ["--expose-gc", __filename, "--one", root], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${root}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1) as string);
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === "--one") {
    one(args[1]).catch((e) => {
      console.error(e);
      process.exit(1);
    });
    return;
  }
  const [a, b] = args;
  const pairs = Number(args[2] ?? 5);
  if (a === undefined || b === undefined) throw new Error("usage: parse-pair.js <rootA> <rootB> [pairs]");
  if (!existsSync(FILE)) throw new Error(`${FILE} is missing: npm run bench makes it`);
  console.log(
    `A = ${a}\nB = ${b}\n${FILE}\n${pairs} pairs, load average ${loadavg()[0].toFixed(1)} at the start`,
  );
  const ratios = Object.fromEntries(
    DOORS.map((d) => [d, { wall: [] as number[], cpu: [] as number[] }]),
  ) as Record<Door, { wall: number[]; cpu: number[] }>;
  const times = Object.fromEntries(DOORS.map((d) => [d, { a: [] as number[], b: [] as number[] }])) as Record<
    Door,
    { a: number[]; b: number[] }
  >;
  for (let k = 0; k < pairs; k++) {
    // A B, then B A: the second process of a pair runs while the first one's freed memory is still being handed
    // back (bench/README.md), so each build goes second as often as the other; and a pause before each.
    let ra: Timings;
    let rb: Timings;
    if (k % 2 === 0) {
      ra = child(a);
      rb = child(b);
    } else {
      rb = child(b);
      ra = child(a);
    }
    if (ra.rows !== rb.rows) throw new Error(`the builds disagree: A ${ra.rows}, B ${rb.rows}`);
    for (const d of DOORS) {
      ratios[d].wall.push(rb[d].wall / ra[d].wall);
      ratios[d].cpu.push(rb[d].cpu / ra[d].cpu);
      times[d].a.push(ra[d].wall);
      times[d].b.push(rb[d].wall);
    }
    const show = (d: Door) =>
      `${d} ${(ra[d].wall / 1000).toFixed(2)}/${(rb[d].wall / 1000).toFixed(2)} s (cpu ${(ra[d].cpu / 1000).toFixed(2)}/${(rb[d].cpu / 1000).toFixed(2)})`;
    console.log(
      `pair ${k + 1}: ${DOORS.map(show).join(", ")} (A/B), load average ${loadavg()[0].toFixed(1)}`,
    );
  }
  for (const d of DOORS) {
    const f = (xs: number[]) => xs.map((r) => r.toFixed(2)).join(" ");
    console.log(
      `${d}: wall A ${(median(times[d].a) / 1000).toFixed(2)} s, B ${(median(times[d].b) / 1000).toFixed(2)} s (medians); ` +
        `B/A wall median ${median(ratios[d].wall).toFixed(2)} (${f(ratios[d].wall)}), ` +
        `cpu median ${median(ratios[d].cpu).toFixed(2)} (${f(ratios[d].cpu)})`,
    );
  }
  console.log(`load average ${loadavg()[0].toFixed(1)} at the end`);
}

main();
