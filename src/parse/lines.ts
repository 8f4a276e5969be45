/**
 * Input in, physical lines out, for all three doors of trace.ts: a whole string, or chunks of a stream that may
 * split lines and multi-byte characters anywhere. gzip is recognised by its magic bytes. Everything is cut into
 * lines as UTF-8 bytes, by ONE splitter (ByteLineSplitter, with lineEnds.ts's rule): bytes are not decoded up
 * front, so a gc line is parsed from its bytes (gctrace/fast.ts) and only the other lines become strings (on a
 * large file a whole-stream TextDecoder plus one string per line cost more than the parse itself); text (a string,
 * or UTF-16 decoded, when a BOM says so, as PowerShell's `2> file` writes) is encoded to UTF-8 piece by piece
 * (pushText), which costs less than cutting and parsing it as a string (bench/README.md, "refactor").
 *
 * A line ends at `\n`, `\r\n` or a `\r` not followed by `\n` (lineEnds.ts); the line handed over never holds its
 * terminator. A line longer than MAX_LINE_CHARS characters is handed over cut there, flagged `long` (trace.ts
 * counts it and skips it); the splitter keeps at most that much of it, so memory stays bounded whatever the input.
 * Nothing here refuses input: binary data is judged per line by trace.ts.
 */
import { Buffer, isAscii } from "node:buffer";
import { TextDecoder } from "node:util";
import { createGunzip } from "node:zlib";
import { afterEnd, LineEnds, MAX_PIECE } from "./lineEnds";

/** Lines longer than this many characters are skipped (and still counted once): no trace line comes near it. */
export const MAX_LINE_CHARS = 1 << 20;

const LF = 10;
const CR = 13;
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
      while (end >= 0) {
        this.from = from;
        this.to = end;
        this.onBytes(b, from, end, end - from <= MAX_LINE_CHARS);
        from = afterEnd(b, end);
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

/**
 * The input as text chunks (strings, from string input or decoded UTF-16) or as UTF-8 bytes left undecoded for
 * ByteLineSplitter; bytes are gunzipped first when they start with gzip's magic. The byte chunks may be the
 * source's own buffers: a consumer must not keep them past its next read (a file reader reuses one buffer).
 * gzip data that ends early or is corrupt ends the input where zlib stopped, as `zcat` does: everything
 * decompressed before the damage is yielded, then `onDamage` gets the reason (without it, that throws).
 */
export async function* textChunks(
  input: AsyncIterable<string | Uint8Array>,
  source: string,
  onDamage?: (reason: string) => void,
): AsyncGenerator<string | Uint8Array> {
  const it = input[Symbol.asyncIterator]();
  const damaged =
    onDamage ??
    ((reason: string) => {
      throw new Error(`${source}: ${reason}`);
    });
  try {
    yield* sniffAndDecode(it, damaged);
  } finally {
    // When parsing stops early (an error), stop the source too: a file stream is destroyed and its handle freed.
    await it.return?.();
  }
}

async function* sniffAndDecode(
  it: AsyncIterator<string | Uint8Array>,
  onDamage: (reason: string) => void,
): AsyncGenerator<string | Uint8Array> {
  // Sniff at least 3 bytes (gzip magic, UTF-16 BOM) even when the stream delivers them one at a time.
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < 3) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    if (typeof r.value === "string") {
      if (head.length > 0) throw new TypeError("textChunks: a stream must yield only strings or only bytes");
      yield r.value;
      for (let s = await it.next(); !s.done; s = await it.next()) yield asString(s.value);
      return;
    }
    // Copied when more must be read: the source may reuse the buffer it just gave.
    head.push(headBytes + r.value.length >= 3 ? r.value : Uint8Array.from(r.value));
    headBytes += r.value.length;
  }
  const first = head.length === 1 ? head[0] : Buffer.concat(head);
  const rest: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      yield first;
      if (done) return;
      for (let s = await it.next(); !s.done; s = await it.next()) yield asBytes(s.value);
    },
  };
  if (first[0] === 0x1f && first[1] === 0x8b) {
    yield* utf8OrDecoded(gunzip(rest, onDamage));
  } else {
    yield* utf8OrDecoded(rest);
  }
}

/** UTF-16 (by its BOM) is decoded to text; anything else is UTF-8 and passes as bytes. */
async function* utf8OrDecoded(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string | Uint8Array> {
  let utf16: TextDecoder | undefined;
  let first = true;
  for await (const chunk of bytes) {
    if (first) {
      first = false;
      const enc = encodingOf(chunk);
      if (enc !== "utf-8") utf16 = new TextDecoder(enc);
    }
    if (utf16 === undefined) {
      if (chunk.length > 0) yield chunk;
      continue;
    }
    const text = utf16.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  if (utf16 !== undefined) {
    const tail = utf16.decode();
    if (tail.length > 0) yield tail;
  }
}

function asString(v: string | Uint8Array): string {
  if (typeof v !== "string")
    throw new TypeError("textChunks: a stream must yield only strings or only bytes");
  return v;
}

function asBytes(v: string | Uint8Array): Uint8Array {
  if (typeof v === "string")
    throw new TypeError("textChunks: a stream must yield only strings or only bytes");
  return v;
}

/** Compressed bytes are fed to zlib this many at a time (its output is at most ~1000x: deflate's limit; 16 KiB cost 15% more CPU). */
const GZIP_SLICE = 64 << 10;

/**
 * gunzip, by hand rather than through a pipe: zlib reports a cut-off or corrupt stream as an error, and a stream
 * that errors drops the output still buffered before it, which holds a cut-off file's last lines. The input goes in
 * in slices, one slice ahead of the output handed on (zlib works on the next while the lines of the last are
 * parsed), so memory stays bounded; all of a source chunk is consumed before the next one is read, since the
 * source may reuse its buffer.
 */
async function* gunzip(
  bytes: AsyncIterable<Uint8Array>,
  onDamage: (reason: string) => void,
): AsyncGenerator<Uint8Array> {
  const z = createGunzip();
  const queue: Buffer[] = [];
  let failure: Error | null = null;
  z.on("data", (c: Buffer) => queue.push(c));
  const failed = new Promise<void>((ok) =>
    z.on("error", (e) => {
      failure ??= e;
      ok();
    }),
  );
  const write = (slice: Uint8Array) =>
    Promise.race([new Promise<void>((ok) => z.write(slice, () => ok())), failed]);
  try {
    let ahead: Promise<void> | null = null;
    outer: for await (const chunk of bytes) {
      for (let i = 0; i < chunk.length; i += GZIP_SLICE) {
        const next = write(chunk.subarray(i, i + GZIP_SLICE));
        if (ahead !== null) await ahead;
        ahead = next;
        // The output so far (up to the slice before), while zlib works on this one.
        while (queue.length > 0) yield queue.shift() as Buffer;
        if (failure !== null) break outer;
      }
      if (ahead !== null) await ahead;
      ahead = null;
    }
    if (ahead !== null) await ahead;
    if (failure === null) {
      const ended = new Promise<void>((ok) => z.on("end", ok));
      z.end();
      await Promise.race([ended, failed]);
    }
    while (queue.length > 0) yield queue.shift() as Buffer;
  } finally {
    z.destroy();
  }
  const e = failure as Error | null; // set by the error handler
  if (e === null) return;
  // zlib's errors carry a Z_… code; anything else passes through.
  const code = (e as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("Z_")) throw e;
  onDamage(
    code === "Z_BUF_ERROR"
      ? `gzip data ends early (${e.message}): the input is read up to there`
      : `corrupt gzip data (${e.message}): the input is read up to there`,
  );
}

/** UTF-16 only with its BOM (the decoder then drops the BOM); everything else is read as UTF-8. */
function encodingOf(head: Uint8Array): string {
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  return "utf-8";
}
