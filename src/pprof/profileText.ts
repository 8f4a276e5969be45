/**
 * Go pprof profiles in their text form (`debug=1`), as tables: the goroutine profile that net/http/pprof serves at
 * `/debug/pprof/goroutine?debug=1`, and the heap/allocs profile (`/debug/pprof/allocs?debug=1`, or
 * `pprof.Lookup("allocs").WriteTo(w, 1)`). One row per record, i.e. per distinct stack; the first frame printed
 * is the function (with its file and line) that holds the goroutines or made the allocation.
 *
 * Layout (runtime/pprof/pprof.go, go1.19): goroutine profile `printCountProfile`: a header
 * `goroutine profile: total N`, then per stack `<count> @ <pc> <pc>…` followed by one `#\t<pc>\t<func>+<off>\t<file>:<line>`
 * line per frame (`printStackRecord`: runtime-internal frames at the top are left out), and a blank line. Heap profile
 * `writeHeapInternal`: a header `heap profile: <inuse objects>: <inuse bytes> [<alloc objects>: <alloc bytes>] @ heap/<2×MemProfileRate>`,
 * records `<inuse objects>: <inuse bytes> [<alloc objects>: <alloc bytes>] @ <pc>…` with the same frame lines,
 * then `# runtime.MemStats` lines (ignored here). The heap figures are raw samples, one per MemProfileRate bytes
 * on average; `parseHeapProfile` scales them as pprof does (runtime/pprof/protomem.go scaleHeapSample).
 */
import { num, str } from "../table/columnSpec";
import { makeTable } from "../table/makeTable";
import type { Table } from "../table/table";

/** One stack frame of a record: `#\t0x68fc9e\tmain.sendJSON.func1.1+0x1e\tgodebuglab/examples/webservice/main.go:90`. */
const FRAME = /^#\t0x[0-9a-f]+\t(\S+)\+0x[0-9a-f]+\t+(.+):(\d+)$/;
const GOROUTINE_HEADER = /^goroutine profile: total (\d+)$/;
const GOROUTINE_RECORD = /^(\d+) @( 0x[0-9a-f]+)*$/;
const HEAP_HEADER = /^heap profile: (\d+): (\d+) \[(\d+): (\d+)\] @ heap\/(\d+)$/;
const HEAP_RECORD = /^(\d+): (\d+) \[(\d+): (\d+)\] @( 0x[0-9a-f]+)*$/;

const STACK_COLUMNS = [
  str("function", "the first frame printed: the function holding the goroutines / making the allocation"),
  str("file", "its source file as the binary records it (module path with -trimpath)"),
  num("line", "line", "its line"),
  str("stack", "all frames printed, innermost first, `func (file:line)` joined by ` ← `"),
] as const;

export const GOROUTINE_PROFILE_SCHEMA = [
  num("count", "goroutines", "goroutines with this stack when the profile was taken"),
  ...STACK_COLUMNS,
] as const;

export const HEAP_PROFILE_SCHEMA = [
  num("allocObjects", "objects", "objects allocated since the program started (scaled from samples)"),
  num("allocBytes", "bytes", "bytes allocated since the program started (scaled from samples)"),
  num("inuseObjects", "objects", "objects still live at the last completed GC (scaled)"),
  num("inuseBytes", "bytes", "bytes still live at the last completed GC (scaled)"),
  num("allocSamples", "samples", "raw allocation samples of this stack (as printed)"),
  ...STACK_COLUMNS,
] as const;

export interface ProfileTextOptions {
  /** Name used in error messages (a file name); default "profile". */
  source?: string;
}

interface StackRecord {
  values: number[];
  frames: { fn: string; file: string; line: number }[];
}

/** Splits the text into its header, records (values + frames) and stops at `# runtime.MemStats`. */
function readRecords(
  text: string,
  header: RegExp,
  record: RegExp,
  kind: string,
  source: string,
): { head: RegExpMatchArray; records: StackRecord[] } {
  const lines = text.split(/\r?\n/);
  const fail = (i: number, why: string): never => {
    throw new Error(`${source}:${i + 1}: ${why}: ${JSON.stringify(lines[i].slice(0, 120))}`);
  };
  const head = lines[0]?.match(header);
  if (!head) {
    if (lines[0] === undefined || lines[0] === "")
      throw new Error(`${source}:1: empty, not a ${kind} profile`);
    return fail(0, `not a ${kind} profile in text form (debug=1)`);
  }
  const records: StackRecord[] = [];
  let cur: StackRecord | undefined;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i];
    if (l === "") {
      cur = undefined;
      continue;
    }
    if (l.startsWith("# runtime.MemStats")) break;
    if (l.startsWith("#")) {
      const f = l.match(FRAME);
      if (!f) return fail(i, "frame line not `#\\t<pc>\\t<func>+<offset>\\t<file>:<line>`");
      if (cur === undefined) return fail(i, "frame line outside a record");
      cur.frames.push({ fn: f[1], file: f[2], line: Number(f[3]) });
      continue;
    }
    const m = l.match(record);
    if (!m) return fail(i, `not a ${kind} profile record`);
    cur = { values: m.slice(1, record === HEAP_RECORD ? 5 : 2).map(Number), frames: [] };
    records.push(cur);
  }
  return { head, records };
}

function stackColumns(records: StackRecord[]) {
  return {
    function: records.map((r) => r.frames[0]?.fn ?? ""),
    file: records.map((r) => r.frames[0]?.file ?? ""),
    line: Float64Array.from(records, (r) => r.frames[0]?.line ?? Number.NaN),
    stack: records.map((r) => r.frames.map((f) => `${f.fn} (${f.file}:${f.line})`).join(" ← ")),
  };
}

/**
 * The goroutine profile `text` (debug=1) as a table, one row per distinct stack, largest count first. Throws with
 * the source, line and reason on text that is not such a profile, or whose counts do not add up to its total.
 */
export function parseGoroutineProfile(text: string, options: ProfileTextOptions = {}): Table {
  const source = options.source ?? "profile";
  const { head, records } = readRecords(text, GOROUTINE_HEADER, GOROUTINE_RECORD, "goroutine", source);
  const total = records.reduce((s, r) => s + r.values[0], 0);
  if (total !== Number(head[1])) {
    throw new Error(
      `${source}: records count ${total} goroutines, the header says total ${head[1]} (truncated?)`,
    );
  }
  records.sort((a, b) => b.values[0] - a.values[0]);
  return makeTable("goroutineProfile", GOROUTINE_PROFILE_SCHEMA, {
    count: Float64Array.from(records, (r) => r.values[0]),
    ...stackColumns(records),
  });
}

/**
 * pprof's estimate of what `count` samples of `bytes` stood for, when one sample is taken per `rate` bytes on average
 * (runtime/pprof/protomem.go scaleHeapSample: scale = 1 / (1 − exp(−avgSize/rate))).
 */
export function scaleHeapSample(count: number, bytes: number, rate: number): [number, number] {
  if (count === 0 || bytes === 0) return [0, 0];
  if (rate <= 1) return [count, bytes];
  const scale = 1 / (1 - Math.exp(-bytes / count / rate));
  return [count * scale, bytes * scale];
}

/**
 * The heap or allocs profile `text` (debug=1) as a table, one row per allocating stack, most bytes allocated first,
 * with the sampled figures scaled to estimates of the real ones. The sampling rate is read from the header
 * (`@ heap/<2×MemProfileRate>`, runtime/pprof/pprof.go writeHeapInternal). Throws like parseGoroutineProfile.
 */
export function parseHeapProfile(text: string, options: ProfileTextOptions = {}): Table {
  const source = options.source ?? "profile";
  const { head, records } = readRecords(text, HEAP_HEADER, HEAP_RECORD, "heap", source);
  const sums = [0, 1, 2, 3].map((k) => records.reduce((s, r) => s + r.values[k], 0));
  const header = head.slice(1, 5).map(Number);
  if (sums.some((s, k) => s !== header[k])) {
    throw new Error(
      `${source}: records sum to ${sums.join("/")}, the header says ${header.join("/")} (truncated?)`,
    );
  }
  const rate = Number(head[5]) / 2;
  const scaled = records.map((r) => ({
    r,
    alloc: scaleHeapSample(r.values[2], r.values[3], rate),
    inuse: scaleHeapSample(r.values[0], r.values[1], rate),
  }));
  scaled.sort((a, b) => b.alloc[1] - a.alloc[1]);
  records.splice(0, records.length, ...scaled.map((s) => s.r));
  const alloc = scaled.map((s) => s.alloc);
  const inuse = scaled.map((s) => s.inuse);
  return makeTable("heapProfile", HEAP_PROFILE_SCHEMA, {
    allocObjects: Float64Array.from(alloc, (a) => Math.round(a[0])),
    allocBytes: Float64Array.from(alloc, (a) => Math.round(a[1])),
    inuseObjects: Float64Array.from(inuse, (a) => Math.round(a[0])),
    inuseBytes: Float64Array.from(inuse, (a) => Math.round(a[1])),
    allocSamples: Float64Array.from(records, (r) => r.values[2]),
    ...stackColumns(records),
  });
}
