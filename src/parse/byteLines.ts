/**
 * UTF-8 bytes, or text encoded to them piece by piece, cut into lines in place (the line rule: lines.ts), so that
 * most lines are never decoded. The one splitter of the one-thread reader: every door (src/trace/doors.ts) and the
 * live feed (src/trace/feed.ts) hand their input to it.
 */
import { Buffer, isAscii } from "node:buffer";
import * as chars from "./chars";
import { afterEnd, LineEnds, MAX_LINE_CHARS, MAX_PIECE } from "./lines";

// chars.ts's names, bound here once rather than used as imports (chars.ts says why).
const { CR, LF } = chars;

/** ByteLineSplitter.pushText encodes text in pieces of this many UTF-16 units. */
const TEXT_PIECE = 1 << 20;

/**
 * Bytes that ByteLineSplitter hands over per line: `b[start..end)` is the line without its terminator. `whole`: the
 * line is complete as it stands (its terminator, `\n` or `\r`, is the byte b[end], which exists) and holds at
 * most MAX_LINE_CHARS bytes; `text()` decodes the line, `long()` says whether it has more than MAX_LINE_CHARS
 * characters. The callee must not keep `b`: it is the reader's buffer and is reused.
 */
export type ByteLineHandler = (b: Uint8Array, start: number, end: number, whole: boolean) => void;

/**
 * Splits UTF-8 bytes (push) or text (pushText) into lines without decoding them; `onBytes` decides per line
 * whether it needs the text (then it calls `text()`, which decodes exactly that line). Same lines, same text as
 * decoding the whole stream and cutting the text: a `\n` or `\r` byte never occurs inside a UTF-8 sequence, so a
 * line decodes on its own. Bytes lose up to two UTF-8 BOMs at their start (one as a decoder drops it, and a U+FEFF
 * then at the start of the text, as pushText drops one).
 */
export class ByteLineSplitter {
  /** The first bytes, held until there are enough to see up to two BOMs. */
  private head: Buffer | null = Buffer.alloc(0);
  private carry: Buffer = Buffer.alloc(0);
  private carryLen = 0;
  private carryCut = false;
  private pendingCR = false;
  private buf: Buffer = Buffer.alloc(0);
  private ascii = true;
  private from = 0;
  private to = 0;
  private cut = false;
  private readonly ends = new LineEnds();
  private textBuf: Buffer | null = null;
  /** pushText: a high surrogate that ended the last text, waiting for its other half. */
  private highSurrogate = "";

  constructor(private readonly onBytes: ByteLineHandler) {}

  /**
   * Text (a string) as its UTF-8 bytes, encoded piece by piece into one reused buffer, so that a large text is not
   * copied whole. One U+FEFF at the start of the text is dropped (a byte order mark that was decoded); a surrogate
   * pair split between two texts is joined. Not to be mixed with push() on one splitter.
   */
  pushText(chunk: string): void {
    let text = chunk;
    if (this.highSurrogate !== "") {
      text = this.highSurrogate + text;
      this.highSurrogate = "";
    }
    let stop = text.length;
    if (isHighSurrogate(text.charCodeAt(stop - 1))) {
      this.highSurrogate = text.slice(stop - 1);
      stop--;
    }
    let from = 0;
    if (this.head !== null && text.length > 0) {
      this.head = null; // text has no byte order mark of its own: a U+FEFF is one, dropped once
      if (text.charCodeAt(0) === 0xfeff) from = 1;
    }
    const buf = this.textBuf ?? Buffer.allocUnsafeSlow(3 * TEXT_PIECE);
    this.textBuf = buf;
    while (from < stop) {
      let to = Math.min(stop, from + TEXT_PIECE);
      if (to < stop && isHighSurrogate(text.charCodeAt(to - 1))) to--; // not between the halves of a pair
      // A UTF-16 unit takes at most 3 bytes of UTF-8 (a pair, 2 units, takes 4): the piece fits.
      const n = buf.write(to - from === text.length ? text : text.slice(from, to), 0, "utf8");
      this.lines(buf.subarray(0, n), 0);
      from = to;
    }
  }

  /** The text of the line being handed over, cut at MAX_LINE_CHARS (valid only during the onBytes call). */
  text(): string {
    const text = this.buf.toString(this.ascii ? "latin1" : "utf8", this.from, this.to);
    return text.length > MAX_LINE_CHARS ? text.slice(0, MAX_LINE_CHARS) : text;
  }

  /** Whether the line being handed over has more than MAX_LINE_CHARS characters (valid during the onBytes call). */
  long(): boolean {
    if (this.cut) return true;
    if (this.to - this.from <= MAX_LINE_CHARS) return false;
    return this.buf.toString(this.ascii ? "latin1" : "utf8", this.from, this.to).length > MAX_LINE_CHARS;
  }

  push(chunk: Uint8Array): void {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (b.length > MAX_PIECE) {
      for (let i = 0; i < b.length; i += MAX_PIECE) this.push(b.subarray(i, i + MAX_PIECE));
      return;
    }
    if (this.head !== null) {
      // Up to two BOMs (the class comment): 6 bytes.
      this.head = Buffer.concat([this.head, b]);
      // Held only while it may still be the start of two BOMs (a live capture's first short line is not held).
      const h = this.head;
      if (h.length >= 2 * BOM.length || !TWO_BOMS.subarray(0, h.length).equals(h)) this.startWith(h);
      return;
    }
    this.lines(b, 0);
  }

  /** Emits a last line that has no final newline (a cut-off trace). */
  end(): void {
    if (this.highSurrogate !== "") {
      const lone = this.highSurrogate; // a text that ended with half a pair: encoded as U+FFFD
      this.highSurrogate = "";
      this.lines(Buffer.from(lone, "utf8"), 0);
    }
    if (this.head !== null) this.startWith(this.head);
    if (this.pendingCR || this.carryLen > 0 || this.carryCut) this.flush(false);
    this.pendingCR = false;
  }

  private startWith(head: Buffer): void {
    this.head = null;
    let from = 0;
    if (head.subarray(0, 3).equals(BOM)) from = 3;
    if (from === 3 && head.subarray(3, 6).equals(BOM)) from = 6;
    this.lines(head, from);
  }

  private lines(b: Buffer, start: number): void {
    let from = start;
    if (from >= b.length) return;
    this.ends.reset();
    if (this.pendingCR) {
      this.pendingCR = false;
      this.flush(true);
      if (b[from] === LF) from++;
    }
    let end = this.lineEnd(b, from);
    if (end >= 0 && (this.carryLen > 0 || this.carryCut)) {
      // The line that began in an earlier chunk, joined with its end.
      this.keep(b, from, end);
      from = afterEnd(b, end);
      this.flush(true);
      end = this.lineEnd(b, from);
    }
    if (end >= 0) {
      this.buf = b;
      this.ascii = isAscii(b);
      this.cut = false;
      from = this.each(b, from, end);
      this.buf = EMPTY;
    }
    if (from < b.length) {
      const last = b.length - 1;
      if (b[last] === CR) {
        this.keep(b, from, last);
        this.pendingCR = true;
      } else {
        this.keep(b, from, b.length);
      }
    }
  }

  /**
   * Hands over the lines of `b` from the one that starts at `from` and ends at `end`, up to the last terminator;
   * returns where the rest starts. The per-line loop is a method of its own so that V8's on-stack replacement of
   * it (compiled while the first chunk is cut) holds no code that has not run yet: with the loop inside lines(),
   * the OSR code was compiled before lines()' tail had ever run and deoptimised at that tail at the end of every
   * chunk (a deopt loop of up to 140 deopts per 1M-line file, by chance of timing), and the loop ran unoptimised
   * between them (bench/README.md, session 5).
   */
  private each(b: Buffer, start: number, first: number): number {
    let from = start;
    let end = first;
    while (end >= 0) {
      this.from = from;
      this.to = end;
      this.onBytes(b, from, end, end - from <= MAX_LINE_CHARS);
      from = afterEnd(b, end);
      end = from < b.length ? this.ends.find(b, from) : -1;
    }
    return from;
  }

  private lineEnd(b: Buffer, from: number): number {
    return this.ends.find(b, from);
  }

  /** Hands over the carried line (with a LF after it, so b[end] exists when it is `terminated`). */
  private flush(terminated: boolean): void {
    const joined = Buffer.allocUnsafe(this.carryLen + 1);
    this.carry.copy(joined, 0, 0, this.carryLen);
    joined[this.carryLen] = LF;
    const cut = this.carryCut;
    this.carryLen = 0;
    this.carryCut = false;
    this.buf = joined;
    this.ascii = isAscii(joined);
    this.from = 0;
    this.to = joined.length - 1;
    this.cut = cut;
    this.onBytes(joined, 0, joined.length - 1, terminated && !cut && joined.length - 1 <= MAX_LINE_CHARS);
    this.buf = EMPTY;
    this.cut = false;
  }

  /** Keeps b[from..to) for the next chunk: a copy (the reader reuses its buffer), capped at MAX_LINE_CHARS characters. */
  private keep(b: Buffer, from: number, to: number): void {
    // A UTF-16 unit takes at most 4 bytes (a 4-byte sequence is 2 units): this many bytes hold MAX_LINE_CHARS + 1.
    const cap = 4 * MAX_LINE_CHARS + 8;
    const n = Math.min(to - from, cap - this.carryLen);
    if (n < to - from) this.carryCut = true;
    if (n <= 0) return;
    if (this.carry.length < this.carryLen + n) {
      const next = Buffer.allocUnsafe(Math.min(cap, Math.max(2 * this.carry.length, this.carryLen + n, 256)));
      this.carry.copy(next, 0, 0, this.carryLen);
      this.carry = next;
    }
    b.copy(this.carry, this.carryLen, from, from + n);
    this.carryLen += n;
  }
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const TWO_BOMS = Buffer.concat([BOM, BOM]);

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

const EMPTY = Buffer.alloc(0);
