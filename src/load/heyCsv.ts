/**
 * `hey -o csv` as a table, one row per request that got a response.
 *
 * What hey writes (github.com/rakyll/hey requester/report.go and print.go, v0.1.4 as Debian ships it): a header
 * `response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset`, then one line per
 * request in the order the responses arrived (not the order they started), every number in seconds with four
 * decimals (`%4.4f`: a resolution of 0.1 ms). `offset` is when the request started, measured from hey's own process
 * start (requester/now_other.go: `time.Since(startTime)`, a package variable set when hey starts). Requests that
 * failed (connection refused, timeout) are NOT in the CSV: hey keeps only their error counts, which only its text
 * summary prints. Older hey (≤ v0.1.2) wrote the first six columns only: no status and no offset, so `timeMs` is NaN.
 *
 * Every line is accounted for: the header, a request row, a blank line, or malformed (reason kept; no row added).
 */
import { num } from "../table/columnSpec";
import type { ColumnSpec, Table } from "../table/table";
import { TableBuilder } from "../table/tableBuilder";
import type { LoadProblems } from "./problems";

/** hey's CSV header, and the older six-column one. */
export const HEY_CSV_HEADER =
  "response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset";
const OLD_HEADER_FIELDS = 6;

/** The `requests` table: one row per request in a `hey -o csv` file. */
export const HEY_REQUEST_COLUMNS: readonly ColumnSpec[] = [
  num("run", "index", "the traced process run the load went to (0 unless told otherwise)"),
  num("line", "line", "1-based line number in the hey file"),
  num(
    "timeMs",
    "ms",
    "when the request started, ms since the traced process started: the capture's load.startMs + offsetMs (hey's clock when no start is known)",
  ),
  num("endMs", "ms", "when its response was read to the end: timeMs + latencyMs"),
  num(
    "latencyMs",
    "ms",
    "response time as hey measures it: request start to the last byte of the response read",
  ),
  num("dnsDialupMs", "ms", "connection setup (DNS lookup + dial); 0 when a kept-alive connection was reused"),
  num("dnsMs", "ms", "DNS lookup (0 for an IP address)"),
  num("requestWriteMs", "ms", "writing the request, from getting the connection to the request written"),
  num(
    "responseDelayMs",
    "ms",
    "request written to the first response byte: the server's time on the request, plus the network",
  ),
  num("responseReadMs", "ms", "first response byte to the response body read"),
  num("status", "code", "HTTP status code of the response (NaN in old hey CSV without the column)"),
  num("offsetMs", "ms", "when the request started on hey's clock: ms since hey's process started"),
];

/** hey's CSV field (by header name) → the column its value (seconds) goes to, in ms. */
const FIELD_COLUMNS: readonly [string, string][] = [
  ["response-time", "latencyMs"],
  ["DNS+dialup", "dnsDialupMs"],
  ["DNS", "dnsMs"],
  ["Request-write", "requestWriteMs"],
  ["Response-delay", "responseDelayMs"],
  ["Response-read", "responseReadMs"],
  ["status-code", "status"],
  ["offset", "offsetMs"],
];

/** A decimal as hey prints it (`%4.4f`, or an integer status). */
const NUMBER = /^\d+(\.\d+)?$/;

export interface HeyCsvOptions {
  /** Added to hey's offset to put `timeMs` on the traced process's clock; NaN leaves it on hey's clock. */
  readonly loadStartMs: number;
  readonly run: number;
}

export type HeyCsvCounts = {
  header: number;
  request: number;
  blank: number;
  malformed: number;
};

/** True when `line` is hey's CSV header (eight columns, or the old six). */
export function isHeyCsvHeader(line: string): boolean {
  const fields = line.trim().split(",");
  const expected = HEY_CSV_HEADER.split(",");
  return (
    (fields.length === expected.length || fields.length === OLD_HEADER_FIELDS) &&
    fields.every((f, i) => f === expected[i])
  );
}

/**
 * Parses the lines of a `hey -o csv` file (the first non-blank line is its header). `endsWithNewline` false means the
 * input stops inside its last line: that line is checked for being cut short (hey ends every file with a newline).
 */
export function parseHeyCsvLines(
  lines: readonly string[],
  endsWithNewline: boolean,
  opts: HeyCsvOptions,
  problems: LoadProblems,
): { requests: Table; counts: HeyCsvCounts } {
  const b = new TableBuilder("requests", HEY_REQUEST_COLUMNS);
  const counts: HeyCsvCounts = { header: 0, request: 0, blank: 0, malformed: 0 };
  let fields = 0;
  let lastDecimals = -1;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const text = lines[i];
    if (text.trim() === "") {
      counts.blank++;
      continue;
    }
    if (fields === 0) {
      if (!isHeyCsvHeader(text))
        throw new Error(`${problems.source}:${lineNo}: not hey's CSV header: ${text}`);
      fields = text.trim().split(",").length;
      counts.header++;
      continue;
    }
    const cut = i === lines.length - 1 && !endsWithNewline;
    const reason = rowProblem(text, fields, cut, lastDecimals);
    if (reason !== null) {
      counts.malformed++;
      problems.malformedLine(lineNo, reason, text);
      continue;
    }
    const values = text.trim().split(",");
    lastDecimals = decimals(values[values.length - 1]);
    pushRow(b, values, lineNo, opts);
    counts.request++;
  }
  return { requests: b.finish(), counts };
}

function decimals(field: string): number {
  const dot = field.indexOf(".");
  return dot < 0 ? 0 : field.length - dot - 1;
}

/** Why a data line is not a request row, or null when it is one. */
function rowProblem(text: string, fields: number, cut: boolean, lastDecimals: number): string | null {
  const values = text.trim().split(",");
  if (values.length < fields) {
    return cut
      ? `cut off: the file ends inside this row (${values.length} of ${fields} fields)`
      : `${values.length} fields, expected ${fields}`;
  }
  if (values.length > fields) return `${values.length} fields, expected ${fields}`;
  for (let f = 0; f < values.length; f++) {
    if (!NUMBER.test(values[f])) {
      return `field ${f + 1} (${FIELD_COLUMNS[f][0]}) is not a number: ${JSON.stringify(values[f])}`;
    }
  }
  if (fields > OLD_HEADER_FIELDS) {
    const status = Number(values[6]);
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      return `status-code ${values[6]} is not an HTTP status`;
    }
  }
  // hey prints every number of a column with the same decimals: fewer in a last line without newline = cut short
  if (cut && lastDecimals >= 0 && decimals(values[values.length - 1]) < lastDecimals) {
    return "cut off: the file ends inside this row's last field";
  }
  return null;
}

function pushRow(b: TableBuilder, values: readonly string[], lineNo: number, opts: HeyCsvOptions): void {
  // seconds → ms by moving the decimal point (Number("0.0007e3") is exactly 0.7; 0.0007 * 1000 is not)
  const ms = (f: number) => (f < values.length ? Number(`${values[f]}e3`) : Number.NaN);
  const latencyMs = ms(0);
  const offsetMs = ms(7);
  // hey's offset is the request start on hey's clock; the capture recorded when hey started on the process clock
  const timeMs = (Number.isNaN(opts.loadStartMs) ? 0 : opts.loadStartMs) + offsetMs;
  b.num.run.push(opts.run);
  b.num.line.push(lineNo);
  b.num.timeMs.push(timeMs);
  b.num.endMs.push(timeMs + latencyMs);
  b.num.latencyMs.push(latencyMs);
  b.num.dnsDialupMs.push(ms(1));
  b.num.dnsMs.push(ms(2));
  b.num.requestWriteMs.push(ms(3));
  b.num.responseDelayMs.push(ms(4));
  b.num.responseReadMs.push(ms(5));
  b.num.status.push(values.length > 6 ? Number(values[6]) : Number.NaN);
  b.num.offsetMs.push(offsetMs);
}
