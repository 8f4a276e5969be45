/**
 * Per physical line: where does trace text start, and which scanner gets it?
 *
 * 1. At column 0 (the common case: raw stderr). One switch on the first character and the kind's cheap
 *    `looksLike…` test, then the scanner.
 * 2. After a log prefix: journald/syslog (`Sep 01 18:36:54 host prog[123]: `), RFC 3339 / ISO timestamps
 *    (`2024-01-02T03:04:05.678Z `, optionally followed by a CRI stream tag `stderr F ` as in kubectl/containerd
 *    logs, or by `host prog[123]: `), Go log timestamps (`2024/01/02 03:04:05 `), container prefixes
 *    (`app-1  | ` from docker compose, `[pod/name/container] ` from kubectl --prefix). Prefixes may nest.
 *    Each prefix ends with exactly one space, so the two-space indent of P/M/G lines survives.
 * 3. Glued after program output on the same line (docs/formats.md §0.5: stdout and stderr are not
 *    synchronised, e.g. `BenchmarkX<TAB>gc #2 @…`): only STRONG anchors are searched anywhere in the line, text
 *    that program output practically never contains: `gc <n> @`, `gc #<n> @`, `gc<n>(<p>): `, `SCHED <n>ms: `,
 *    `pacer: `, `scvg…: `, `scav <n> KiB`, `init <pkg> @<t> ms, `; glued text counts only if it parses.
 *    WEAK anchors (`GC forced`, `scan: `, P/M/G lines, and the kinds' looser `looksLike…` tests) count only at the
 *    start of the line or right after a recognised prefix, so "gc is fine" or "M1: ok" in the middle of program
 *    output is `other`.
 * Once trace text is found, the scanner decides: its kind, or malformed with its reason. A line is classified
 * exactly once.
 */
import * as chars from "./chars";
import { looksLikeGcpacertrace } from "./gcpacertrace";
// Called per line: from its module, not the gctrace/ index (whose re-exports are getters: gctrace/index.ts).
import { looksLikeGctrace } from "./gctrace/scanner";
import { looksLikeInittrace } from "./inittrace";
import { looksLikeScavtrace } from "./scavtrace";
import { looksLikeSchedDetail } from "./scheddetail";
import { looksLikeSched } from "./schedtrace";
import type { KindScanner, ScanContext, ScanResult } from "./types";
import { work } from "./work";

// chars.ts's names, bound here once rather than used as imports (chars.ts says why).
const {
  AT,
  COLON,
  CR,
  DOT,
  HASH,
  LOWER_F,
  LOWER_G,
  LOWER_I,
  LOWER_P,
  LOWER_S,
  LPAREN,
  MINUS,
  NINE,
  SPACE,
  UPPER_G,
  UPPER_M,
  UPPER_P,
  UPPER_S,
  ZERO,
} = chars;

/** The scanners a dispatcher hands lines to; `detail` takes the P/M/G lines of SCHED detail dumps. */
export interface ScannerSet {
  readonly gctrace: KindScanner;
  readonly gcpacertrace: KindScanner;
  readonly scavtrace: KindScanner;
  readonly sched: KindScanner;
  readonly detail: KindScanner;
  readonly inittrace: KindScanner;
}

/** How many nested log prefixes are peeled off a line before giving up (e.g. compose + timestamp). */
const MAX_PREFIXES = 3;

/**
 * Log prefixes, each anchored at the current position and ending with the single space before the message.
 * Tried only when the text at that position is not trace text, so their cost is paid by prefixed logs alone.
 */
const PREFIXES: readonly RegExp[] = [
  // journald / BSD syslog: `Sep 01 18:36:54 host prog[123]: ` (the host may be left out, the [pid] is optional)
  /[A-Z][a-z]{2} [ 0-3]\d \d\d:\d\d:\d\d(?:\.\d+)? (?:\S+ )?[^\s:[\]]+(?:\[\d+\])?: /y,
  // RFC 3339 / ISO 8601 timestamp, then optionally a CRI stream tag (`stderr F `) or a syslog host and tag
  /\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)? (?:(?:stdout|stderr) [FP] |\S+ [^\s:[\]]+(?:\[\d+\])?: )?/y,
  // Go's log package: `2024/01/02 03:04:05 ` or with microseconds
  /\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)? /y,
  // docker compose: `app-1  | `
  /[\w.-]+ *\| /y,
  // kubectl logs --prefix: `[pod/name/container] `
  /\[[^\]\s]+\] /y,
];

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** Skips a run of digits from `i`; returns the index after it (== i when there is none). */
function digits(s: string, i: number): number {
  while (isDigit(s.charCodeAt(i))) i++;
  return i;
}

export class Dispatcher {
  constructor(private readonly s: ScannerSet) {}

  /** Classifies one physical line: the scanner's result, or null for `other` (program output, blank lines). */
  dispatch(line: string, ctx: ScanContext): ScanResult | null {
    const atStart = this.scannerAt(line, 0);
    if (atStart !== null) return atStart.scan(line, 0, ctx);
    let p = 0;
    for (let k = 0; k < MAX_PREFIXES; k++) {
      const end = prefixEnd(line, p);
      if (end < 0) break;
      p = end;
      const sc = this.scannerAt(line, p);
      if (sc !== null) return sc.scan(line, p, ctx);
    }
    // Glued text is claimed only if it parses: a failed parse there cannot be told from prose that quotes a
    // trace line ("'gc 2 @0.121s 16' stops after…"), so the line stays `other`, and the next anchor is tried.
    // Each anchor's next place is searched for from where its last one was, never from the start again, so the
    // search is linear in the line however many anchors fail.
    const next = this.next;
    for (let k = 0; k < STRONG.length; k++) next[k] = findFrom(line, 0, STRONG[k]);
    for (;;) {
      let k = -1;
      for (let j = 0; j < STRONG.length; j++) if (next[j] >= 0 && (k < 0 || next[j] < next[k])) k = j;
      if (k < 0) return null;
      const at = next[k];
      next[k] = findFrom(line, at + 1, STRONG[k]);
      const sc = this.scannerAt(line, at);
      if (sc === null) continue;
      work.steps++;
      const r = sc.scan(line, at, ctx);
      if (typeof r === "string") return r;
    }
  }

  private readonly next = new Array<number>(STRONG.length).fill(-1);

  /** The scanner for trace text starting at `i`, using the kinds' own (weak) prefix tests, or null. */
  scannerAt(line: string, i: number): KindScanner | null {
    const s = this.s;
    switch (line.charCodeAt(i)) {
      case LOWER_G: // gc lines
        return looksLikeGctrace(line, i) ? s.gctrace : null;
      case UPPER_S: // SCHED lines
        return looksLikeSched(line, i) ? s.sched : null;
      case SPACE: // the indented P/M/G lines of a detail dump
        return looksLikeSchedDetail(line, i) ? s.detail : null;
      case LOWER_S: // scvg…, scav …, and gctrace=2's `scan: total …` / `scan: class …` (go1.25), nothing else:
        // "scan: 5 files" from a program is not a trace record.
        if (looksLikeScavtrace(line, i)) return s.scavtrace;
        return line.startsWith("scan: total ", i) || line.startsWith("scan: class ", i) ? s.gctrace : null;
      case LOWER_P:
        return looksLikeGcpacertrace(line, i) ? s.gcpacertrace : null;
      case LOWER_I:
        return looksLikeInittrace(line, i) ? s.inittrace : null;
      case LOWER_F: // `forced scvg: ` (go1.13)
        return looksLikeScavtrace(line, i) ? s.scavtrace : null;
      case UPPER_G: // `GC forced`, or a G line whose indent a log shipper trimmed
        if (looksLikeGctrace(line, i)) return s.gctrace;
        return unindentedDetail(line, i) ? s.detail : null;
      case UPPER_P:
      case UPPER_M:
        return unindentedDetail(line, i) ? s.detail : null;
      default:
        return null;
    }
  }
}

/**
 * A P/M/G line that lost its indent (some log shippers trim leading space): accepted only with the runtime's
 * first key, `status=` for P and G lines and `p=` for M lines (runtime/proc.go schedtrace), so that program
 * output such as "M1: ready" stays `other`.
 */
function unindentedDetail(line: string, i: number): boolean {
  if (!looksLikeSchedDetail(line, i)) return false;
  const colon = digits(line, i + 1);
  const key = line.charCodeAt(i) === UPPER_M ? "p=" : "status=";
  return line.startsWith(key, colon + 2);
}

/** The end of a log prefix starting at `i` (the index of the message), or -1. */
export function prefixEnd(line: string, i: number): number {
  for (const re of PREFIXES) {
    re.lastIndex = i;
    if (re.test(line)) return re.lastIndex;
  }
  return -1;
}

interface Strong {
  readonly word: string;
  readonly ok: (line: string, at: number) => boolean;
}

/** The strong anchors: a word, and the test that the text at it really starts a trace record. */
const STRONG: readonly Strong[] = [
  { word: "gc", ok: (l, i) => strongGc(l, i) },
  { word: "SCHED ", ok: (l, i) => strongSched(l, i) },
  { word: "pacer: ", ok: () => true },
  { word: "scvg", ok: (l, i) => strongScvg(l, i) },
  { word: "scav ", ok: (l, i) => strongScav(l, i) },
  { word: "init ", ok: (l, i) => strongInit(l, i) },
];

/** The leftmost position from `from` on where a strong anchor (trace text glued after other text) starts, or -1. */
export function strongAnchor(line: string, from: number): number {
  let best = -1;
  for (const a of STRONG) {
    const i = findFrom(line, from, a);
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best;
}

/**
 * The first occurrence of the anchor's word from `from` on for which its test holds, or -1. No word boundary is
 * required before it: program output without a final newline runs straight into the trace text (`donegc 1 @…`).
 */
function findFrom(line: string, from: number, a: Strong): number {
  const word = a.word;
  let last = from;
  for (let at = line.indexOf(word, from); at >= 0; at = line.indexOf(word, at + 1)) {
    work.steps += at - last + 1;
    last = at;
    if (!a.ok(line, at)) continue;
    // `forced scvg: ` (go1.13): the trace text starts at `forced`.
    if (word === "scvg" && at - 7 >= from && line.startsWith("forced ", at - 7)) return at - 7;
    return at;
  }
  work.steps += line.length - last;
  return -1;
}

/** `gc <n> @`, `gc #<n> @` (go1.5+) or `gc<n>(<p>): ` (go1.0–go1.4). */
function strongGc(line: string, at: number): boolean {
  let i = at + 2;
  if (line.charCodeAt(i) === SPACE) {
    i++;
    if (line.charCodeAt(i) === HASH) i++;
    const end = digits(line, i);
    return end > i && line.charCodeAt(end) === SPACE && line.charCodeAt(end + 1) === AT;
  }
  const end = digits(line, i);
  if (end === i || line.charCodeAt(end) !== LPAREN) return false;
  const p = digits(line, end + 1);
  return p > end + 1 && line.startsWith("): ", p);
}

/** `SCHED <n>ms: ` */
function strongSched(line: string, at: number): boolean {
  const end = digits(line, at + 6);
  return end > at + 6 && line.startsWith("ms: ", end);
}

/** `scvg: `, `scvg<k>: `, `scvg-1: ` */
function strongScvg(line: string, at: number): boolean {
  let i = at + 4;
  if (line.charCodeAt(i) === MINUS) i++;
  i = digits(line, i);
  return line.charCodeAt(i) === COLON && line.charCodeAt(i + 1) === SPACE;
}

/** `scav <w> KiB` or `scav <gen> <w> KiB` (go1.15–go1.18) */
function strongScav(line: string, at: number): boolean {
  const a = digits(line, at + 5);
  if (a === at + 5 || line.charCodeAt(a) !== SPACE) return false;
  if (line.startsWith("KiB", a + 1)) return true;
  const b = digits(line, a + 1);
  return b > a + 1 && line.startsWith(" KiB", b);
}

/** `init <pkg> @<t> ms, ` */
function strongInit(line: string, at: number): boolean {
  if (!looksLikeInittrace(line, at)) return false;
  const atSign = line.indexOf(" @", at + 5);
  let i = digits(line, atSign + 2);
  if (i === atSign + 2) return false;
  if (line.charCodeAt(i) === DOT) i = digits(line, i + 1);
  return line.startsWith(" ms, ", i);
}

/** The line without a trailing CR (for text kept in diagnostics). */
export function stripCR(line: string): string {
  return line.length > 0 && line.charCodeAt(line.length - 1) === CR ? line.slice(0, -1) : line;
}
