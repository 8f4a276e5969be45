/**
 * Text in, physical lines out, for all three doors of trace.ts: a whole string, or chunks of a stream that may
 * split lines and multi-byte characters anywhere. Bytes are decoded here (UTF-8, or UTF-16 when a BOM says so,
 * as PowerShell's `2> file` writes), gzip is recognised by its magic bytes, binary input is refused.
 */
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

/** Text chunks from strings or bytes; bytes are gunzipped when they start with gzip's magic and then decoded. */
export async function* textChunks(
  input: AsyncIterable<string | Uint8Array>,
  source: string,
): AsyncGenerator<string> {
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
): AsyncGenerator<string> {
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
    head.push(r.value);
    headBytes += r.value.length;
  }
  const first = Buffer.concat(head);
  const rest: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      yield first;
      if (done) return;
      for (let s = await it.next(); !s.done; s = await it.next()) yield asBytes(s.value);
    },
  };
  if (first[0] === 0x1f && first[1] === 0x8b) {
    yield* decode(gunzip(rest, source));
  } else {
    yield* decode(rest);
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

async function* decode(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  for await (const chunk of bytes) {
    if (decoder === undefined) decoder = new TextDecoder(encodingOf(chunk));
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  if (decoder !== undefined) {
    const tail = decoder.decode();
    if (tail.length > 0) yield tail;
  }
}

/** UTF-16 only with its BOM (the decoder then drops the BOM); everything else is read as UTF-8. */
function encodingOf(head: Uint8Array): string {
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  return "utf-8";
}
