/** UTF-8 bytes cut into lines in place (the line rules: lines.ts), so that most lines are never decoded. */
import { Buffer, isAscii } from "node:buffer";
import { CR, LF } from "./chars";
import { MAX_LINE_CHARS, MAX_PIECE, NONE } from "./lines";
import { work } from "./work";

/** The UTF-8 byte order mark. */
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const EMPTY = Buffer.alloc(0);

/**
 * Bytes that ByteLineSplitter hands over per line: `b[start..end)` is the line without its terminator. `whole`: the
 * line is complete as it stands (its terminator, `\n` or `\r`, is the byte b[end], which exists) and holds at
 * most MAX_LINE_CHARS bytes; `text()` decodes the line, `long()` says whether it has more than MAX_LINE_CHARS
 * characters. The callee must not keep `b`: it is the reader's buffer and is reused.
 */
export type ByteLineHandler = (b: Uint8Array, start: number, end: number, whole: boolean) => void;

/**
 * Splits UTF-8 bytes into lines without decoding them; `onBytes` decides per line whether it needs the text (then
 * it calls `text()`, which decodes exactly that line). Same lines, same text as decoding the stream with
 * TextDecoder and splitting with LineSplitter: a `\n` or `\r` byte never occurs inside a UTF-8 sequence, so a
 * line decodes on its own; the BOM is dropped as TextDecoder (and LineSplitter, for a second one) drop it.
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
  private cr = -1;
  private nl = -1;

  constructor(private readonly onBytes: ByteLineHandler) {}

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
      // TextDecoder drops one UTF-8 BOM and LineSplitter a U+FEFF at the start of the text: up to two, 6 bytes.
      this.head = Buffer.concat([this.head, b]);
      if (this.head.length >= 2 * BOM.length) this.startWith(this.head);
      return;
    }
    this.lines(b, 0);
  }

  /** Emits a last line that has no final newline (a cut-off trace). */
  end(): void {
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
    this.cr = -1;
    this.nl = -1;
    if (this.pendingCR) {
      this.pendingCR = false;
      this.flush(true);
      if (b[from] === LF) from++;
    }
    let end = this.lineEnd(b, from);
    if (end >= 0 && (this.carryLen > 0 || this.carryCut)) {
      // The line that began in an earlier chunk, joined with its end.
      this.keep(b, from, end);
      from = end + (b[end] === CR && b[end + 1] === LF ? 2 : 1);
      this.flush(true);
      end = this.lineEnd(b, from);
    }
    if (end >= 0) {
      this.buf = b;
      this.ascii = isAscii(b);
      this.cut = false;
      while (end >= 0) {
        this.from = from;
        this.to = end;
        this.onBytes(b, from, end, end - from <= MAX_LINE_CHARS);
        from = end + (b[end] === CR && b[end + 1] === LF ? 2 : 1);
        end = from < b.length ? this.lineEnd(b, from) : -1;
      }
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

  /** LineSplitter.lineEnd on bytes. */
  private lineEnd(b: Buffer, from: number): number {
    if (this.cr < from) {
      const c = b.indexOf(CR, from);
      this.cr = c < 0 ? NONE : c;
      work.steps += (c < 0 ? b.length : c) - from;
    }
    if (this.nl < from) {
      const n = b.indexOf(LF, from);
      this.nl = n < 0 ? NONE : n;
      work.steps += (n < 0 ? b.length : n) - from;
    }
    const nl = this.nl;
    const cr = this.cr;
    if (nl < cr) return nl;
    if (cr === NONE || cr === b.length - 1) return nl === NONE ? -1 : nl;
    return cr;
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

  /** Keeps b[from..to) for the next chunk: a copy (the reader reuses its buffer), capped like LineSplitter's. */
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
