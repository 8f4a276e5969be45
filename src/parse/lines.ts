/**
 * Text in, physical lines out, for all three doors of trace.ts: a whole string, or chunks of a stream that may
 * split lines and multi-byte characters anywhere. gzip is recognised by its magic bytes. UTF-16 (when a BOM says so,
 * as PowerShell's `2> file` writes) is decoded to text chunks for LineSplitter; UTF-8 bytes, by far the common case,
 * are NOT decoded up front: ByteLineSplitter cuts them into lines in place, so a gc line can be parsed from the
 * bytes (gctraceFast.ts) and only the other lines become strings. On a large file the whole-stream TextDecoder plus
 * one string per line cost more than the parse itself (bench/parse.ts).
 *
 * A line ends at `\n`, `\r\n` or a `\r` not followed by `\n` (classic Mac OS files, and programs that end their
 * lines with a bare CR); the line handed over never holds its terminator. A line longer than MAX_LINE_CHARS
 * characters is handed over cut there, flagged `long` (trace.ts counts it and skips it); the splitters keep at most
 * that much of it, so memory stays bounded whatever the input. Nothing here refuses input: binary data is judged
 * per line by trace.ts.
 */
import { Buffer, isAscii } from "node:buffer";
import { TextDecoder } from "node:util";
import { createGunzip } from "node:zlib";
import { CR, LF } from "./chars";
import { work } from "./work";

/** Lines longer than this many characters are skipped (and still counted once): no trace line comes near it. */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * "None ahead in this text": beyond any index. A small integer (V8's Smi), not MAX_SAFE_INTEGER: a cached index
 * that can hold a double slows the per-line loop of a gc file by a fifth. V8 strings are shorter than this, and
 * ByteLineSplitter cuts larger buffers (MAX_PIECE).
 */
const NONE = 0x3fffffff;
/** ByteLineSplitter takes a larger chunk in pieces of this size, so that every index stays below NONE. */
const MAX_PIECE = 1 << 29;

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

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
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
