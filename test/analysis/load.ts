/**
 * Loading real traces for the analysis and what-if tests: the bundled captures in data/ (raw stderr), the
 * fixtures in test/data/ and the corpus (header up to the `# ---` line stripped), parsed by the library's loader.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseTrace, type Trace } from "../../src";

export const REPO = join(__dirname, "..", "..");
export const DATA = join(REPO, "data");
export const CORPUS = "/work/shared/corpus";

const cache = new Map<string, Trace>();

/** A bundled capture, e.g. data("workload-gogc100.log"). */
export function data(name: string): Trace {
  const path = join(DATA, name);
  let t = cache.get(path);
  if (t === undefined) {
    t = parseTrace(readFileSync(path, "utf8"), { file: path });
    cache.set(path, t);
  }
  return t;
}

/** A fixture with a `# ` header ending at `# ---` (test/data/…, the corpus). */
export function fixture(path: string): Trace {
  let t = cache.get(path);
  if (t === undefined) {
    const lines = readFileSync(path, "utf8").split("\n");
    const end = lines.indexOf("# ---");
    if (end < 0) throw new Error(`${path}: no "# ---" header end`);
    t = parseTrace(lines.slice(end + 1).join("\n"), { file: path });
    cache.set(path, t);
  }
  return t;
}

/** The JSON MemStats a workload capture printed at exit (data/<name>.memstats.json). */
export function memstats(name: string): {
  numGC: number;
  numForcedGC: number;
  elapsedSec: number;
  gomaxprocs: number;
  gogc: number;
  gomemlimit: number | null;
  pauses: { gc: number; pauseNs: number; pauseEndUnixMs: number }[];
  sys: number;
  heapIdle: number;
  heapAlloc: number;
  gcCPUFraction: number;
} {
  return JSON.parse(readFileSync(join(DATA, `${name}.memstats.json`), "utf8"));
}

/** data/<name>.meta.json: the capture's command, load window and more. */
export function meta(name: string): {
  command: string;
  gomaxprocs: number;
  load: { startMs: number; endMs: number; summary: { totalSec: number } } | null;
} {
  return JSON.parse(readFileSync(join(DATA, `${name}.meta.json`), "utf8"));
}
