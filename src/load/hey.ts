/**
 * Load results from hey (github.com/rakyll/hey), two doors:
 *
 *   parseHey(text: string, opts?: HeyOptions): HeyLoad
 *   loadHey(path: string, opts?: HeyOptions): Promise<HeyLoad>      plain or gzip (by magic bytes)
 *
 * The format is recognised by content: `hey -o csv` output (its header line `response-time,DNS+dialup,…`) gives one
 * row per request in `requests` (heyCsv.ts) and a summary computed from them the way hey computes its own; hey's
 * plain text output (a `Summary:` line) gives the summary only (heyText.ts) and an empty `requests` table.
 *
 * The clock: hey's `offset` counts from hey's own start. A capture of godebug-lab (scripts/capture.sh) records when
 * it started hey, in ms since it started the traced program, as `load.startMs` in its `<name>.meta.json`; adding it
 * puts `timeMs` on the trace's clock (schedtrace's `SCHED <t>ms`, gctrace's `@<t>s`), so requests and runtime events
 * share one axis. loadHey finds that file itself beside `<name>.hey.csv[.gz]`; `opts.loadStartMs` or `opts.meta`
 * say it explicitly. Without one, `clock` is "hey" and `timeMs` equals `offsetMs`. The two programs' clocks start a
 * few ms after the script notes the times (process start-up), so the alignment is good to a few ms (data/README.md).
 *
 * Data problems never throw: malformed and cut rows are listed in `malformed` (file, line, reason, text) and counted;
 * a cut-off gzip stream or summary in `damage`. A file that is neither hey format throws an Error naming it.
 */
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { constants, gunzipSync } from "node:zlib";
import type { Damage, MalformedLine } from "../parse/traceData";
import type { Table } from "../table/table";
import { HEY_REQUEST_COLUMNS, isHeyCsvHeader, parseHeyCsvLines } from "./heyCsv";
import { type HeySummary, summaryFromRequests } from "./heySummary";
import { isHeyTextStart, parseHeyTextLines } from "./heyText";
import { LoadProblems } from "./problems";

export interface HeyOptions {
  /** Names the input in diagnostics and in `HeyLoad.source`. */
  readonly file?: string;
  /** When hey started, in ms on the traced process's clock (a capture's `load.startMs`). */
  readonly loadStartMs?: number;
  /**
   * loadHey: the capture's `.meta.json` to read `load.startMs` from. Default: `<name>.meta.json` beside the file when
   * it exists, `<name>` being the file name up to `.hey` (or up to `.csv`/`.txt`); false: none.
   */
  readonly meta?: string | false;
  /** The `run` column's value: the traced process run the load went to; default 0. */
  readonly run?: number;
}

export interface HeyLoad {
  readonly source: string;
  /** "csv": `hey -o csv`, one row per request; "text": hey's plain summary, no rows. */
  readonly format: "csv" | "text";
  /** Physical lines read (a last line without newline counts). */
  readonly lines: number;
  /** Lines by what they were: csv `header`, `request`, `blank`, `malformed`; text `summary`, `blank`, `malformed`. */
  readonly counts: Readonly<Record<string, number>>;
  /**
   * One row per request (HEY_REQUEST_COLUMNS), in the order hey wrote them: by when the response ended, not when the
   * request started (sort by `timeMs` for arrivals); empty for a text summary.
   */
  readonly requests: Table;
  /** hey's summary: as printed (text), or computed from the rows as hey does (csv). */
  readonly summary: HeySummary;
  /** ms added to hey's offsets (NaN when none was known: `timeMs` is then on hey's clock). */
  readonly loadStartMs: number;
  readonly clock: "process" | "hey";
  /** The .meta.json the load start was read from, if any. */
  readonly metaFile: string | undefined;
  /**
   * hey's `-n` as the capture's .meta.json records it (NaN when unknown). hey's CSV leaves out the requests that
   * failed (refused, timed out): fewer rows than this means some failed, and only hey's text summary says why.
   */
  readonly expectedRequests: number;
  readonly malformed: readonly MalformedLine[];
  readonly damage: readonly Damage[];
  /** One `file:line: reason` string per malformed line. */
  describeMalformed(): string[];
  /** One `file:line: reason` (or `file:line-lastLine: reason`) string per damaged part. */
  describeDamage(): string[];
}

/** True when `text` (its first non-blank line) looks like hey's CSV or text output: how the CLI tells them apart. */
export function looksLikeHey(text: string): boolean {
  const first = text
    .replace(/^\ufeff/, "")
    .split(/\r\n|\r|\n/)
    .find((l) => l.trim() !== "");
  return first !== undefined && (isHeyCsvHeader(first) || isHeyTextStart(first));
}

/** Reads hey output from a string (see the module comment). */
export function parseHey(text: string, opts: HeyOptions = {}): HeyLoad {
  if (typeof text !== "string") throw new TypeError("parseHey: text must be a string");
  const problems = new LoadProblems(opts.file ?? "<text>");
  return build(text, problems, opts.loadStartMs ?? Number.NaN, undefined, opts.run ?? 0, Number.NaN);
}

/** Reads a hey output file, plain or gzip; finds the capture's load start beside it (see HeyOptions.meta). */
export async function loadHey(file: string, opts: HeyOptions = {}): Promise<HeyLoad> {
  if (typeof file !== "string") throw new TypeError("loadHey: path must be a string");
  const source = opts.file ?? file;
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new Error(`${source}: cannot read: ${(e as Error).message}`);
  }
  const problems = new LoadProblems(source);
  const text = decode(bytes, problems);
  const metaFile = opts.meta === false ? undefined : (opts.meta ?? besideMeta(file));
  const meta = metaFile === undefined ? undefined : metaLoad(metaFile);
  const start = opts.loadStartMs ?? meta?.startMs ?? Number.NaN;
  const used = opts.loadStartMs === undefined && meta !== undefined ? metaFile : undefined;
  return build(text, problems, start, used, opts.run ?? 0, meta?.requests ?? Number.NaN);
}

/** gunzips when the bytes start with gzip's magic; a cut or corrupt stream keeps what came before it, as damage. */
function decode(bytes: Buffer, problems: LoadProblems): string {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes.toString("utf8");
  try {
    return gunzipSync(bytes).toString("utf8");
  } catch (e) {
    // Z_SYNC_FLUSH: hand over what was decompressed before the stream ended or broke
    let text = "";
    try {
      text = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).toString("utf8");
    } catch {
      text = "";
    }
    const cut = text.endsWith("\n") ? text : text.slice(0, text.lastIndexOf("\n") + 1);
    const line = cut.split("\n").length;
    problems.damaged(
      line,
      line,
      `gzip data ends early or is corrupt (${(e as Error).message}): read up to here`,
    );
    return cut;
  }
}

/** `<dir>/<name>.meta.json` for `<dir>/<name>.hey.csv.gz` (or `.hey.txt`, `.csv`, `.txt`), if that file exists. */
function besideMeta(file: string): string | undefined {
  const base = path.basename(file).replace(/\.gz$/, "");
  const name = base.includes(".hey.")
    ? base.slice(0, base.indexOf(".hey."))
    : base.replace(/\.(csv|txt)$/, "");
  const meta = path.join(path.dirname(file), `${name}.meta.json`);
  return existsSync(meta) ? meta : undefined;
}

/** `load.startMs` and `load.requests` (hey's -n) of a capture's .meta.json (NaN when it has no load). */
function metaLoad(metaFile: string): { startMs: number; requests: number } {
  let meta: { load?: { startMs?: unknown; requests?: unknown } | null };
  try {
    meta = JSON.parse(readFileSync(metaFile, "utf8"));
  } catch (e) {
    throw new Error(`${metaFile}: cannot read the capture's metadata: ${(e as Error).message}`);
  }
  const finite = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : Number.NaN);
  return { startMs: finite(meta.load?.startMs), requests: finite(meta.load?.requests) };
}

function build(
  raw: string,
  problems: LoadProblems,
  loadStartMs: number,
  metaFile: string | undefined,
  run: number,
  expectedRequests: number,
): HeyLoad {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const endsWithNewline = /[\r\n]$/.test(text);
  const lines = text.split(/\r\n|\r|\n/);
  if (endsWithNewline || text === "") lines.pop();
  const first = lines.find((l) => l.trim() !== "");
  let format: "csv" | "text";
  let requests: Table;
  let summary: HeySummary;
  let counts: Record<string, number>;
  if (first !== undefined && isHeyCsvHeader(first)) {
    format = "csv";
    const csv = parseHeyCsvLines(lines, endsWithNewline, { loadStartMs, run }, problems);
    ({ requests, counts } = csv);
    summary = summaryFromRequests(requests);
  } else if (first !== undefined && isHeyTextStart(first)) {
    format = "text";
    const t = parseHeyTextLines(lines, problems);
    ({ summary, counts } = t);
    requests = emptyRequests();
  } else {
    const what = first === undefined ? "empty" : `starts with ${JSON.stringify(first.slice(0, 80))}`;
    throw new Error(
      `${problems.source}: not hey output (${what}); expected \`hey -o csv\` output or hey's text summary`,
    );
  }
  return {
    source: problems.source,
    format,
    lines: lines.length,
    counts,
    requests,
    summary,
    loadStartMs,
    clock: Number.isNaN(loadStartMs) ? "hey" : "process",
    metaFile,
    expectedRequests,
    malformed: problems.malformed,
    damage: problems.damage,
    describeMalformed: () => problems.describeMalformed(),
    describeDamage: () => problems.describeDamage(),
  };
}

function emptyRequests(): Table {
  const columns = Object.fromEntries(HEY_REQUEST_COLUMNS.map((c) => [c.name, new Float64Array(0)]));
  return { name: "requests", schema: HEY_REQUEST_COLUMNS, length: 0, columns };
}
