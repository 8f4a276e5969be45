/**
 * Text in, physical lines out, for all three doors of trace.ts: a whole string, or chunks of a stream that may
 * split lines and multi-byte characters anywhere. gzip is recognised by its magic bytes, binary input is refused.
 * UTF-16 (when a BOM says so, as PowerShell's `2> file` writes) is decoded to text chunks for LineSplitter; UTF-8
 * bytes, by far the common case, are NOT decoded up front: ByteLineSplitter cuts them into lines in place, so a
 * gc line can be parsed from the bytes (gctraceFast.ts) and only the other lines become strings. On a large file
 * the whole-stream TextDecoder plus one string per line cost more than the parse itself (bench/parse.ts).
 */
import { Buffer, isAscii } from "node:buffer";
import { Readable } from "node:stream";
import { TextDecoder } from "node:util";
import { createGunzip } from "node:zlib";

/** Lines longer than this are cut (and still counted once): no trace line comes near it, and memory stays bounded. */
export const MAX_LINE_CHARS = 1 << 20;
/** Like git, input with a NUL character in its first 8000 characters is binary, not a trace. */
const NUL_WINDOW = 8000;

/** Splits pushed text into lines at `\n` (a trailing `\r` stays on the line; the scanners ignore it). */
export class LineSplitter {
  private carry = "";
  private carryCut = false;
  private started = false;
  private seen = 0;

  constructor(
    private readonly source: string,
    private readonly onLine: (line: string) => void,
  ) {}

  push(text: string): void {
    let chunk = text;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      // A UTF-8 byte order mark (Windows editors) is not part of the first line.
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.seen < NUL_WINDOW) this.checkText(chunk);
    let from = 0;
    let nl = chunk.indexOf("\n");
    if (nl >= 0 && this.carry.length > 0) {
      this.append(chunk.slice(0, nl));
      const line = this.carry;
      this.carry = "";
      this.carryCut = false;
      this.onLine(line);
      from = nl + 1;
      nl = chunk.indexOf("\n", from);
    }
    while (nl >= 0) {
      this.onLine(
        nl - from > MAX_LINE_CHARS ? chunk.slice(from, from + MAX_LINE_CHARS) : chunk.slice(from, nl),
      );
      from = nl + 1;
      nl = chunk.indexOf("\n", from);
    }
    if (from < chunk.length) this.append(from === 0 ? chunk : chunk.slice(from));
  }

  /** Emits a last line that has no final newline (a cut-off trace). */
  end(): void {
    if (this.carry.length > 0) this.onLine(this.carry);
    this.carry = "";
  }

  private append(piece: string): void {
    if (this.carryCut) return;
    if (this.carry.length + piece.length > MAX_LINE_CHARS) {
      this.carry += piece.slice(0, MAX_LINE_CHARS - this.carry.length);
      this.carryCut = true;
    } else {
      this.carry += piece;
    }
  }

  private checkText(chunk: string): void {
    const nul = chunk.indexOf("\0");
    if (nul >= 0 && this.seen + nul < NUL_WINDOW) {
      throw new Error(
        `${this.source}: not a text trace (binary data: NUL character at offset ${this.seen + nul})`,
      );
    }
    this.seen += chunk.length;
  }
}

/**
 * Bytes that ByteLineSplitter hands over per line: `b[start..end)` is the line without its `\n` (a trailing CR is
 * still there). `whole`: the line is complete as it stands (ended by the `\n` at b[end], which exists, and not
 * cut, at most MAX_LINE_CHARS bytes); `text()` decodes the line (cut at MAX_LINE_CHARS). The callee must not keep
 * `b`: it is the reader's buffer and is reused.
 */
export type ByteLineHandler = (b: Uint8Array, start: number, end: number, whole: boolean) => void;

/**
 * Splits UTF-8 bytes into lines at `\n` without decoding them; `onBytes` decides per line whether it needs the
 * text (then it calls `text()`, which decodes exactly that line). Same lines, same text as decoding the stream
 * with TextDecoder and splitting with LineSplitter: a `\n` byte never occurs inside a UTF-8 sequence, so a
 * line decodes on its own; the BOM is dropped as TextDecoder (and LineSplitter, for a second one) drop it; the
 * NUL check looks at the first NUL_WINDOW characters; a line is cut at MAX_LINE_CHARS characters.
 */
export class ByteLineSplitter {
  /** The first bytes, held until there are enough to see up to two BOMs. */
  private head: Buffer | null = Buffer.alloc(0);
  private carry: Buffer = Buffer.alloc(0);
  private carryLen = 0;
  private carryCut = false;
  private seen = 0;
  private buf: Buffer = Buffer.alloc(0);
  private ascii = true;
  private from = 0;
  private to = 0;

  constructor(
    private readonly source: string,
    private readonly onBytes: ByteLineHandler,
  ) {}

  /** The text of the line being handed over (valid only during the onBytes call). */
  text(): string {
    const text = this.buf.toString(this.ascii ? "latin1" : "utf8", this.from, this.to);
    return text.length > MAX_LINE_CHARS ? text.slice(0, MAX_LINE_CHARS) : text;
  }

  push(chunk: Uint8Array): void {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
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
    if (this.carryLen > 0) {
      const last = this.carry.subarray(0, this.carryLen);
      this.carryLen = 0;
      this.carryCut = false;
      this.hand(last, 0, last.length, false);
    }
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
    if (this.seen < NUL_WINDOW) this.checkBytes(b, from);
    let nl = b.indexOf(10, from);
    if (nl >= 0 && this.carryLen > 0) {
      // The line that began in an earlier chunk, joined with its end and its "\n" (so b[end] exists).
      const cut = this.carryCut;
      this.keep(b, from, nl);
      const joined = Buffer.allocUnsafe(this.carryLen + 1);
      this.carry.copy(joined, 0, 0, this.carryLen);
      joined[this.carryLen] = 10;
      this.carryLen = 0;
      this.carryCut = false;
      this.hand(joined, 0, joined.length - 1, !cut && joined.length - 1 <= MAX_LINE_CHARS);
      from = nl + 1;
      nl = b.indexOf(10, from);
    }
    if (nl >= 0) {
      this.buf = b;
      this.ascii = isAscii(b);
      while (nl >= 0) {
        this.from = from;
        this.to = nl;
        this.onBytes(b, from, nl, nl - from <= MAX_LINE_CHARS);
        from = nl + 1;
        nl = b.indexOf(10, from);
      }
      this.buf = EMPTY;
    }
    if (from < b.length) this.keep(b, from, b.length);
  }

  private hand(b: Buffer, from: number, to: number, terminated: boolean): void {
    this.buf = b;
    this.ascii = isAscii(b.subarray(from, to));
    this.from = from;
    this.to = to;
    this.onBytes(b, from, to, terminated);
    this.buf = EMPTY;
  }

  /** Keeps b[from..to) for the next chunk: a copy (the reader reuses its buffer), capped like LineSplitter's. */
  private keep(b: Buffer, from: number, to: number): void {
    // A UTF-16 unit takes at most 4 bytes (a 4-byte sequence is 2 units): this many bytes hold MAX_LINE_CHARS.
    const cap = 4 * MAX_LINE_CHARS + 4;
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

  /** LineSplitter's NUL check, counted in characters of the decoded text. */
  private checkBytes(b: Buffer, from: number): void {
    const nul = b.indexOf(0, from);
    const stop = nul >= 0 ? nul : b.length;
    // Only the first NUL_WINDOW characters matter: at most 4 × NUL_WINDOW bytes of them are decoded.
    const chars = isAscii(b.subarray(from, stop))
      ? stop - from
      : b.toString("utf8", from, Math.min(stop, from + 4 * NUL_WINDOW)).length;
    if (nul >= 0 && this.seen + chars < NUL_WINDOW) {
      throw new Error(
        `${this.source}: not a text trace (binary data: NUL character at offset ${this.seen + chars})`,
      );
    }
    this.seen += chars;
  }
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const EMPTY = Buffer.alloc(0);

/**
 * The input as text chunks (strings, from string input or decoded UTF-16) or as UTF-8 bytes left undecoded for
 * ByteLineSplitter; bytes are gunzipped first when they start with gzip's magic. The byte chunks may be the
 * source's own buffers: a consumer must not keep them past its next read (a file reader reuses one buffer).
 */
export async function* textChunks(
  input: AsyncIterable<string | Uint8Array>,
  source: string,
): AsyncGenerator<string | Uint8Array> {
  const it = input[Symbol.asyncIterator]();
  try {
    yield* sniffAndDecode(it, source);
  } finally {
    // When parsing stops early (an error), stop the source too: a file stream is destroyed and its handle freed.
    await it.return?.();
  }
}

async function* sniffAndDecode(
  it: AsyncIterator<string | Uint8Array>,
  source: string,
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
    // zlib may still hold an input chunk when the next is read: copies, since the source may reuse its buffer.
    yield* utf8OrDecoded(gunzip(copies(rest), source));
  } else {
    yield* utf8OrDecoded(rest);
  }
}

async function* copies(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const b of bytes) yield Uint8Array.from(b);
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

async function* gunzip(bytes: AsyncIterable<Uint8Array>, source: string): AsyncGenerator<Uint8Array> {
  const z = createGunzip();
  Readable.from(bytes)
    .on("error", (e) => z.destroy(e))
    .pipe(z);
  try {
    for await (const chunk of z) yield chunk as Uint8Array;
  } catch (e) {
    // zlib's errors carry a Z_… code; anything else (a read error of the source) passes through.
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("Z_")) {
      throw new Error(`${source}: corrupt gzip data (${(e as Error).message})`);
    }
    throw e;
  }
}

/** UTF-16 only with its BOM (the decoder then drops the BOM); everything else is read as UTF-8. */
function encodingOf(head: Uint8Array): string {
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  return "utf-8";
}
