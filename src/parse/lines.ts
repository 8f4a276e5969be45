/**
 * The line rule, for every reader of trace input: the one-thread reader (byteLines.ts ByteLineSplitter, which every
 * door uses) and the parallel reader's ranges (parallel/ranges.ts) cut lines here and nowhere else. A line ends at
 * `\n`, `\r\n` or a `\r` not followed by `\n` (classic Mac OS files, and programs that end their lines with a bare
 * CR); the terminator is not part of the line. A line longer than MAX_LINE_CHARS characters is handed over cut
 * there, flagged `long` (build.ts counts it and skips it); the splitter keeps at most that much of it, so memory
 * stays bounded whatever the input. Nothing here refuses input: binary data is judged per line by build.ts
 * (damage.ts). Text is cut as its UTF-8 bytes (byteLines.ts pushText): encoding it costs less than cutting and
 * parsing it as a string (bench/README.md, "refactor").
 */
import * as chars from "./chars";
import { work } from "./work";

// chars.ts's names, bound here once rather than used as imports (chars.ts says why).
const { CR, LF } = chars;

/** Lines longer than this many characters are skipped (and still counted once): no trace line comes near it. */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * "None ahead in this buffer": beyond any index. A small integer (V8's Smi), not MAX_SAFE_INTEGER: a cached index
 * that can hold a double slows the per-line loop of a gc file by a fifth. Buffers handed to LineEnds are shorter.
 */
const NONE = 0x3fffffff;
/** Buffers longer than this are to be cut into pieces before their lines are looked for (every index < NONE). */
export const MAX_PIECE = 1 << 29;

/**
 * The line ends of one buffer, found in order. The index of the next CR and of the next LF are kept between calls:
 * each is searched for once per stretch of bytes, so a buffer with few CRs (or few LFs) is not searched to its end
 * for every line. reset() before the lines of another buffer (or of the same one with new content).
 */
export class LineEnds {
  private cr = -1;
  private nl = -1;

  reset(): void {
    this.cr = -1;
    this.nl = -1;
  }

  /**
   * The index of the terminator of the line that starts at `from` in `b`: its LF, or its CR (alone, or before a
   * LF); -1 when `b` holds no terminator from there, or only a CR as its very last byte (a LF may follow).
   */
  find(b: Uint8Array, from: number): number {
    if (this.cr < from) this.cr = next(b, CR, from);
    if (this.nl < from) this.nl = next(b, LF, from);
    const nl = this.nl;
    const cr = this.cr;
    if (nl < cr) return nl;
    if (cr === NONE || cr === b.length - 1) return nl === NONE ? -1 : nl; // none, or a LF before that last CR
    return cr;
  }
}

/**
 * The index of the next `c` in `b` from `from`, else NONE. Apart from find() so that find stays small: V8 inlines
 * the per-line loop's callees up to a total bytecode size, and a larger find left Buffer.indexOf's argument check
 * out of line on every line (bench/README.md, session 5).
 */
function next(b: Uint8Array, c: number, from: number): number {
  const i = b.indexOf(c, from);
  work.steps += (i < 0 ? b.length : i) - from;
  return i < 0 ? NONE : i;
}

/** Where the line after the terminator at `end` starts (past a CRLF's both bytes). */
export function afterEnd(b: Uint8Array, end: number): number {
  return end + (b[end] === CR && b[end + 1] === LF ? 2 : 1);
}
