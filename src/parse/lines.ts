/**
 * Text in, physical lines out, for all three doors (src/trace/doors.ts): a whole string, or chunks of a stream that may
 * split lines and multi-byte characters anywhere. gzip is recognised by its magic bytes (textChunks.ts). UTF-16 (when a BOM says so,
 * as PowerShell's `2> file` writes) is decoded to text chunks for LineSplitter; UTF-8 bytes, by far the common case,
 * are NOT decoded up front: ByteLineSplitter (byteLines.ts) cuts them into lines in place, so a gc line can be parsed from the
 * bytes (gctraceFast.ts) and only the other lines become strings. On a large file the whole-stream TextDecoder plus
 * one string per line cost more than the parse itself (bench/parse.ts).
 *
 * A line ends at `\n`, `\r\n` or a `\r` not followed by `\n` (classic Mac OS files, and programs that end their
 * lines with a bare CR); the line handed over never holds its terminator. A line longer than MAX_LINE_CHARS
 * characters is handed over cut there, flagged `long` (build.ts counts it and skips it); the splitters keep at most
 * that much of it, so memory stays bounded whatever the input. Nothing here refuses input: binary data is judged
 * per line by build.ts (damage.ts).
 */
import { CR, LF } from "./chars";
import { work } from "./work";

/** Lines longer than this many characters are skipped (and still counted once): no trace line comes near it. */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * "None ahead in this text": beyond any index. A small integer (V8's Smi), not MAX_SAFE_INTEGER: a cached index
 * that can hold a double slows the per-line loop of a gc file by a fifth. V8 strings are shorter than this, and
 * ByteLineSplitter cuts larger buffers (MAX_PIECE).
 */
export const NONE = 0x3fffffff;
/** ByteLineSplitter takes a larger chunk in pieces of this size, so that every index stays below NONE. */
export const MAX_PIECE = 1 << 29;

/** Splits pushed text into lines at `\n`, `\r\n` and a lone `\r`. */
export class LineSplitter {
  private carry = "";
  private carryLong = false;
  /** The last character pushed was a CR that may be the first half of a CRLF. */
  private pendingCR = false;
  private started = false;
  private cr = -1;
  private nl = -1;

  constructor(private readonly onLine: (line: string, long: boolean) => void) {}

  push(text: string): void {
    let chunk = text;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      // A UTF-8 byte order mark (Windows editors) is not part of the first line.
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (chunk.length === 0) return;
    let from = 0;
    this.cr = -1;
    this.nl = -1;
    if (this.pendingCR) {
      // The carried line ended with a CR: it is complete, and a LF right after it belongs to it.
      this.pendingCR = false;
      this.flush();
      if (chunk.charCodeAt(0) === LF) from = 1;
    }
    while (from < chunk.length) {
      const end = this.lineEnd(chunk, from);
      if (end < 0) break;
      const stop = chunk.charCodeAt(end) === CR && chunk.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
      if (this.carry.length > 0 || this.carryLong) {
        this.append(chunk, from, end);
        this.flush();
      } else if (end - from > MAX_LINE_CHARS) {
        this.onLine(chunk.slice(from, from + MAX_LINE_CHARS), true);
      } else {
        this.onLine(chunk.slice(from, end), false);
      }
      from = stop;
    }
    if (from < chunk.length) {
      // The rest has no terminator yet, or ends with a CR whose LF may come in the next chunk.
      const last = chunk.length - 1;
      if (chunk.charCodeAt(last) === CR) {
        this.append(chunk, from, last);
        this.pendingCR = true;
      } else {
        this.append(chunk, from, chunk.length);
      }
    }
  }

  /** Emits a last line that has no final newline (a cut-off trace). */
  end(): void {
    if (this.pendingCR || this.carry.length > 0 || this.carryLong) this.flush();
    this.pendingCR = false;
  }

  /**
   * Where the line starting at `from` ends: the index of its `\n`, or of its `\r` (alone, or before a `\n`); -1
   * when the text holds no terminator yet, or only a CR as its very last character (a LF may follow). The index of
   * the next CR and of the next LF are kept between calls: each is searched for once per stretch of text, so a
   * text with few CRs (or few LFs) is not searched to its end for every line.
   */
  private lineEnd(s: string, from: number): number {
    if (this.cr < from) {
      const c = s.indexOf("\r", from);
      this.cr = c < 0 ? NONE : c;
      work.steps += (c < 0 ? s.length : c) - from;
    }
    if (this.nl < from) {
      const n = s.indexOf("\n", from);
      this.nl = n < 0 ? NONE : n;
      work.steps += (n < 0 ? s.length : n) - from;
    }
    const nl = this.nl;
    const cr = this.cr;
    if (nl < cr) return nl;
    if (cr === NONE || cr === s.length - 1) return nl === NONE ? -1 : nl; // none, or a LF before that last CR
    return cr;
  }

  private flush(): void {
    const line = this.carry;
    const long = this.carryLong;
    this.carry = "";
    this.carryLong = false;
    this.onLine(line, long);
  }

  private append(s: string, from: number, to: number): void {
    if (this.carryLong || to <= from) return;
    const room = MAX_LINE_CHARS - this.carry.length;
    if (to - from > room) {
      this.carry += s.slice(from, from + room);
      this.carryLong = true;
    } else {
      this.carry += from === 0 && to === s.length ? s : s.slice(from, to);
    }
  }
}
