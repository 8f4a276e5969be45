/**
 * `summary` and `export` read a hey output file as readily as a trace: the input is recognised by its content
 * (its first line: hey's CSV header `response-time,DNS+dialup,…`, or hey's `Summary:`), plain or gzip, from a file
 * or stdin — no flag to remember. A trace goes on to the trace reader untouched (stdin replayed from the start).
 */
import { closeSync, openSync, readSync } from "node:fs";
import { Readable } from "node:stream";
import { constants, gunzipSync } from "node:zlib";
import { type HeyLoad, type HeyOptions, loadHey, looksLikeHey, parseHey } from "../load/hey";
import { safeText } from "../safeText";
import { parseTraceTime } from "../window/duration";
import type { CliIO } from "./command";
import { UsageError } from "./command";
import { asInputError } from "./input";

/** Bytes looked at to tell hey output from a trace. */
const SNIFF_BYTES = 64 * 1024;

/** A hey file (read), or a trace still to be read through `io` (whose stdin is replayed from its start). */
export type Input =
  | { readonly hey: HeyLoad; readonly io?: undefined }
  | { readonly hey?: undefined; readonly io: CliIO };

/** The text at the start of `bytes` (gunzipped as far as it goes when they are gzip). */
function headText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).toString("utf8");
    } catch {
      return "";
    }
  }
  return bytes.toString("utf8");
}

/** True once `text` holds a whole non-blank first line (enough to judge). */
function judgeable(text: string): boolean {
  const start = text.search(/\S/);
  return start >= 0 && /[\r\n]/.test(text.slice(start));
}

/** Reads the input `path` (`-` = stdin) as hey output when it is hey output; otherwise hands back the trace's io. */
export async function sniffInput(path: string, io: CliIO, opts: HeyOptions = {}): Promise<Input> {
  if (path === "-") return sniffStdin(io, opts);
  let head: Buffer;
  try {
    const fd = openSync(path, "r");
    try {
      const buf = Buffer.alloc(SNIFF_BYTES);
      head = buf.subarray(0, readSync(fd, buf, 0, SNIFF_BYTES, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return { io }; // the trace reader reports the file's problem in its own words
  }
  if (!looksLikeHey(headText(head))) return { io };
  const hey = await loadHey(path, opts).catch((err) => {
    throw asInputError(err, path);
  });
  return { hey };
}

async function sniffStdin(io: CliIO, opts: HeyOptions): Promise<Input> {
  const it = (io.stdin as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SNIFF_BYTES) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === "string" ? Buffer.from(next.value) : Buffer.from(next.value);
    seen.push(chunk);
    size += chunk.length;
    if (judgeable(headText(Buffer.concat(seen)))) break;
  }
  const head = Buffer.concat(seen);
  if (looksLikeHey(headText(head))) {
    const parts = [head];
    if (!done) for (let n = await it.next(); !n.done; n = await it.next()) parts.push(Buffer.from(n.value));
    const all = Buffer.concat(parts);
    const gz = all.length >= 2 && all[0] === 0x1f && all[1] === 0x8b;
    const text = gz ? headText(all) : all.toString("utf8");
    try {
      return { hey: parseHey(text, { ...opts, file: "<stdin>" }) };
    } catch (err) {
      throw asInputError(err, "<stdin>");
    }
  }
  async function* replay(): AsyncGenerator<Uint8Array> {
    if (head.length > 0) yield head;
    if (done) return;
    for (let n = await it.next(); !n.done; n = await it.next()) {
      yield typeof n.value === "string" ? Buffer.from(n.value) : n.value;
    }
  }
  return { io: { ...io, stdin: Readable.from(replay(), { objectMode: false }) } };
}

/** `--load-start <time>`: when hey started on the traced process's clock (a Go duration or seconds), in ms. */
export function loadStartOption(value: string | undefined): HeyOptions {
  if (value === undefined) return {};
  try {
    return { loadStartMs: parseTraceTime(value) };
  } catch {
    throw new UsageError(`--load-start: expected seconds (1.5) or a Go duration (1500ms), got '${value}'`);
  }
}

/** The window flags (--from/--to/--run) cut a trace; a hey file is not cut. */
export function refuseHeyWindow(window: unknown, command: string): void {
  if (window !== undefined) {
    throw new UsageError(`--from, --to and --run cut a trace, not a hey file: leave them out of ${command}`);
  }
}

const fixed = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : "–");

/** `summary` of a hey file, for people. */
export function formatHeySummary(h: HeyLoad): string {
  const s = h.summary;
  const source = safeText(h.source);
  const out: string[] = [];
  const what = h.format === "csv" ? "hey -o csv, one row per request" : "hey's text summary";
  out.push(`${source}: ${h.lines} lines (${what})`);
  for (const [k, n] of Object.entries(h.counts)) out.push(`  ${k.padEnd(10)}${n}`);
  if (h.format === "csv") {
    out.push(
      h.clock === "process"
        ? `  timeMs: on the traced process's clock: hey started at ${h.loadStartMs} ms${h.metaFile ? ` (${safeText(h.metaFile)})` : ""}`
        : "  timeMs: on hey's own clock (no capture .meta.json beside the file: load start unknown)",
    );
  }
  const asked = Number.isFinite(h.expectedRequests) ? ` of ${h.expectedRequests} asked for` : "";
  out.push(
    `requests: ${s.responses} responses${asked}, ${s.errors} failed; ${fixed(s.requestsPerSec)} req/s over ${fixed(s.totalSec, 3)} s`,
    `latency ms: mean ${fixed(s.averageMs, 2)}, fastest ${fixed(s.fastestMs, 2)}, slowest ${fixed(s.slowestMs, 2)}`,
  );
  if (s.percentiles.length > 0) {
    out.push(`  ${s.percentiles.map((p) => `p${p.percent} ${fixed(p.latencyMs, 2)}`).join(", ")}`);
  }
  if (s.phases.length > 0) {
    out.push("phases ms (mean, fastest, slowest):");
    for (const p of s.phases) {
      out.push(
        `  ${p.phase.padEnd(11)}${fixed(p.averageMs, 3)}, ${fixed(p.fastestMs, 3)}, ${fixed(p.slowestMs, 3)}`,
      );
    }
  }
  const codes = Object.entries(s.statusCodes);
  if (codes.length > 0) out.push(`status: ${codes.map(([c, n]) => `${c} × ${n}`).join(", ")}`);
  for (const e of s.errorDistribution) out.push(`error × ${e.count}: ${safeText(e.error)}`);
  if (h.format === "csv" && Number.isFinite(h.expectedRequests) && h.requests.length < h.expectedRequests) {
    out.push(
      `  ${h.expectedRequests - h.requests.length} requests have no row: hey's CSV leaves out failed requests`,
    );
  }
  for (const d of h.describeDamage()) out.push(`damage: ${safeText(d)}`);
  if (h.malformed.length > 0) {
    out.push("malformed lines:");
    for (const m of h.describeMalformed()) out.push(`  ${safeText(m)}`);
  }
  return `${out.join("\n")}\n`;
}

/** `summary --json` of a hey file: the load's figures, problems listed. */
export function heySummaryJson(h: HeyLoad): object {
  return {
    source: h.source,
    kind: "hey",
    format: h.format,
    lines: h.lines,
    counts: h.counts,
    clock: h.clock,
    loadStartMs: h.loadStartMs,
    expectedRequests: h.expectedRequests,
    summary: h.summary,
    malformed: h.malformed.map(({ line, reason }) => ({ line, reason })),
    damage: h.damage,
  };
}
