/**
 * DELTA_BINARY_PACKED (parquet-format's Encodings.md): a header (values per block, miniblocks per block, value
 * count, first value), then per block of 128 deltas the smallest delta (zigzag varint), the bit width of each of its
 * 4 miniblocks, and each miniblock's deltas minus that smallest one, bit-packed. Counters and constants shrink to a
 * few bytes per block; the heap's MiB to a few bits per row.
 */
import type { ByteWriter } from "./bytes";
import { bitPack, bitWidth } from "./hybrid";

const BLOCK = 128;
const MINIBLOCKS = 4;
const MINI = BLOCK / MINIBLOCKS;

/**
 * 32-bit integers held in doubles; `notInt32(i)` is called (and must throw) for a value that is not one. Deltas are
 * taken modulo 2^32 as readers add them back (parquet-mr, arrow and DuckDB all wrap), so any int32 values round-trip.
 */
export function deltaInt32(
  out: ByteWriter,
  v: Float64Array,
  n: number,
  notInt32: (i: number) => never,
): void {
  if (n > 0 && (v[0] | 0) !== v[0]) notInt32(0);
  header(out, n, n === 0 ? 0 : v[0]);
  const d = new Int32Array(BLOCK);
  for (let b = 1; b < n; b += BLOCK) {
    const count = Math.min(BLOCK, n - b);
    const min = deltas32(v, b, count, d);
    if (notInt32At >= 0) notInt32(notInt32At);
    out.zigzag(min);
    miniblocks32(out, d, count);
  }
}

/** Where deltas32 met a value that is not an int32 (-1: nowhere). */
let notInt32At = -1;

/**
 * The `count` deltas of v from index b on into d, minus their smallest (so unsigned: read with >>> 0); returns the
 * smallest. A leaf function, as the loops of chunk.ts are.
 */
function deltas32(v: Float64Array, b: number, count: number, d: Int32Array): number {
  notInt32At = -1;
  let min = 0x7fffffff;
  let prev = v[b - 1] | 0;
  for (let k = 0; k < count; k++) {
    const x = v[b + k];
    const next = x | 0;
    if (next !== x && notInt32At < 0) notInt32At = b + k;
    const delta = (next - prev) | 0;
    prev = next;
    d[k] = delta;
    if (delta < min) min = delta;
  }
  for (let k = 0; k < count; k++) d[k] = (d[k] - min) | 0;
  return min;
}

/**
 * 64-bit integers held exactly in doubles (|value| < 2^52, so every delta is exact too). Deltas minus the block's
 * smallest of more than 32 bits are packed as a low and a high 32-bit part, which is the same LSB-first bit stream.
 */
export function deltaInt64(out: ByteWriter, v: Float64Array, n: number): void {
  header(out, n, n === 0 ? 0 : v[0]);
  const d = new Float64Array(BLOCK);
  for (let b = 1; b < n; b += BLOCK) {
    const count = Math.min(BLOCK, n - b);
    let min = Number.POSITIVE_INFINITY;
    for (let k = 0; k < count; k++) {
      d[k] = v[b + k] - v[b + k - 1];
      if (d[k] < min) min = d[k];
    }
    for (let k = 0; k < count; k++) d[k] -= min;
    out.zigzag(min);
    miniblocks64(out, d, count);
  }
}

function header(out: ByteWriter, n: number, first: number): void {
  out.uleb(BLOCK);
  out.uleb(MINIBLOCKS);
  out.uleb(n);
  out.zigzag(first);
}

/** The bit widths of the block's miniblocks (0 for those past the last value), then the miniblocks present. */
function miniblocks32(out: ByteWriter, d: Int32Array, count: number): void {
  out.reserve(MINIBLOCKS);
  const at = out.pos;
  out.pos += MINIBLOCKS;
  for (let m = 0; m < MINIBLOCKS; m++) {
    const start = m * MINI;
    const end = Math.min(count, start + MINI);
    let or = 0; // the highest bit set in any value is the highest of their maximum
    for (let k = start; k < end; k++) or |= d[k];
    const width = start < count ? bitWidth(or >>> 0) : 0;
    out.buf[at + m] = width;
    if (start < count) bitPack(out, d, start, end, MINI, width);
  }
}

function miniblocks64(out: ByteWriter, d: Float64Array, count: number): void {
  out.reserve(MINIBLOCKS);
  const at = out.pos;
  out.pos += MINIBLOCKS;
  for (let m = 0; m < MINIBLOCKS; m++) {
    const start = m * MINI;
    const end = Math.min(count, start + MINI);
    let max = 0;
    for (let k = start; k < end; k++) if (d[k] > max) max = d[k];
    const width =
      start >= count ? 0 : max < 2 ** 32 ? bitWidth(max >>> 0) : 32 + bitWidth(Math.floor(max / 2 ** 32));
    out.buf[at + m] = width;
    if (start >= count) continue;
    if (width <= 32) bitPack(out, unsigned32(d, start, end), 0, end - start, MINI, width);
    else wide(out, d, start, end, width);
  }
}

/** Values below 2^32 as the bits of an Int32Array (bitPack reads them unsigned; one array type keeps it fast). */
function unsigned32(d: Float64Array, start: number, end: number): Int32Array {
  const u = new Int32Array(end - start);
  for (let k = start; k < end; k++) u[k - start] = d[k];
  return u;
}

/** A miniblock wider than 32 bits: each value's low 32 bits then its high (width - 32) bits, LSB first. */
function wide(out: ByteWriter, d: Float64Array, start: number, end: number, width: number): void {
  const parts = new Uint32Array(MINI * 2);
  for (let k = start; k < end; k++) {
    parts[(k - start) * 2] = d[k] % 2 ** 32;
    parts[(k - start) * 2 + 1] = Math.floor(d[k] / 2 ** 32);
  }
  // The stream is the values' bits in order; one value is 32 low bits then width - 32 high bits.
  const bits = new BitStream(out);
  for (let k = 0; k < MINI; k++) {
    bits.put(parts[k * 2], 32);
    bits.put(parts[k * 2 + 1], width - 32);
  }
  bits.flush();
}

/** Bits appended LSB first, written a byte at a time (the slow path: only wide miniblocks use it). */
class BitStream {
  private acc = 0;
  private bits = 0;
  constructor(private readonly out: ByteWriter) {}
  put(value: number, width: number): void {
    for (let i = 0; i < width; i++) {
      this.acc |= ((value >>> i) & 1) << this.bits;
      if (++this.bits === 8) {
        this.out.byte(this.acc);
        this.acc = 0;
        this.bits = 0;
      }
    }
  }
  flush(): void {
    if (this.bits > 0) this.out.byte(this.acc);
    this.acc = 0;
    this.bits = 0;
  }
}
