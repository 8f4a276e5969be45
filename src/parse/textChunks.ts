/**
 * Any input as chunks for the line splitters (lines.ts, byteLines.ts): strings pass, UTF-8 bytes pass undecoded,
 * gzip (by its magic bytes) is gunzipped, UTF-16 (by its BOM) is decoded to text.
 */
import { Buffer } from "node:buffer";
import { TextDecoder } from "node:util";
import { createGunzip } from "node:zlib";

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
