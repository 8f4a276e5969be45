/**
 * A growable byte buffer with the primitive writes the Parquet format needs (parquet-format's Encodings.md and
 * the Thrift compact protocol): little-endian integers, ULEB128 varints and their zigzag form.
 */
export class ByteWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(capacity);
  }

  /** Room for `n` more bytes; callers that write byte by byte into `buf` reserve first. */
  reserve(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    const next = new Uint8Array(Math.max(need, this.buf.length * 2));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.pos++] = b;
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  /** A 32-bit little-endian integer (the length prefix of V1 definition levels and of PLAIN byte arrays). */
  u32le(n: number): void {
    this.reserve(4);
    const b = this.buf;
    const p = this.pos;
    b[p] = n & 0xff;
    b[p + 1] = (n >>> 8) & 0xff;
    b[p + 2] = (n >>> 16) & 0xff;
    b[p + 3] = (n >>> 24) & 0xff;
    this.pos = p + 4;
  }

  /** ULEB128 of a non-negative integer up to 2^53 (above 2^31 by division: bit operators are 32-bit). */
  uleb(n: number): void {
    this.reserve(10);
    const b = this.buf;
    let p = this.pos;
    while (n >= 0x80000000) {
      b[p++] = (n % 128) | 0x80;
      n = Math.floor(n / 128);
    }
    while (n >= 0x80) {
      b[p++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    b[p++] = n;
    this.pos = p;
  }

  /** Zigzag then ULEB128 of a safe integer: 0, -1, 1, -2 ... become 0, 1, 2, 3 ... */
  zigzag(n: number): void {
    if (n >= -0x40000000 && n < 0x40000000) this.uleb(((n << 1) ^ (n >> 31)) >>> 0);
    else this.uleb(n >= 0 ? 2 * n : -2 * n - 1);
  }

  /** The bytes written so far (a view: copy it before writing more if it must be kept). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}
