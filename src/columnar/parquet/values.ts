/**
 * The loops over a column's values: nulls, compaction, PLAIN bytes, statistics. Each long loop
 * is a leaf function of its own: V8 deoptimised functions that held a long loop and code after it (the loop's
 * on-stack-replaced code had no feedback for what follows) about twice per part and ran the rest of the loop in the
 * interpreter; as leaves they are optimised whole and stay so.
 */
import { ByteWriter } from "./bytes";

/**
 * Thrown by an encoder that meets a NaN in a column it was told has no nulls (chunk.ts encodes every number column
 * so first, and again with the nulls counted when this is thrown). One object, made once: no stack to capture.
 */
export const NULL_MET = new Error("internal: a null in a column taken to have none");

export function countNaN(v: Float64Array, n: number): number {
  let nulls = 0;
  for (let i = 0; i < n; i++) if (Number.isNaN(v[i])) nulls++;
  return nulls;
}

/** Definition levels: 1 for a value, 0 for NaN. */
export function presence(v: Float64Array, n: number): Int32Array {
  const levels = new Int32Array(n);
  for (let i = 0; i < n; i++) levels[i] = Number.isNaN(v[i]) ? 0 : 1;
  return levels;
}

/** The `present` values that are not NaN, in order. */
export function compact(v: Float64Array, present: number): Float64Array {
  const out = new Float64Array(present);
  let j = 0;
  for (let i = 0; i < v.length && j < present; i++) if (!Number.isNaN(v[i])) out[j++] = v[i];
  return out;
}

/** The row of the `i`th value that is not NaN (for an error message: only on the way to throwing). */
export function rowOfValue(v: Float64Array, i: number): number {
  for (let row = 0, seen = 0; row < v.length; row++) if (!Number.isNaN(v[row]) && seen++ === i) return row;
  return -1;
}

/** The index of the first value that is not a whole number of magnitude below 2^52, or -1. */
export function firstNotInt52(v: Float64Array, n: number): number {
  for (let i = 0; i < n; i++) if (!Number.isInteger(v[i]) || Math.abs(v[i]) >= 2 ** 52) return i;
  return -1;
}

/** PLAIN doubles: 8 bytes little-endian each (this machine's order; file.ts refuses a big-endian one). */
export function doubleBytes(v: Float64Array): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.length * 8).slice();
}

/** PLAIN byte arrays: a 4-byte little-endian length, then the UTF-8 bytes. */
export function stringBytes(values: readonly string[]): Uint8Array {
  const out = new ByteWriter(64);
  const encoder = new TextEncoder();
  for (const s of values) {
    const b = encoder.encode(s);
    out.u32le(b.length);
    out.bytes(b);
  }
  return out.view().slice();
}

export interface Statistics {
  readonly nulls: number;
  readonly min?: Uint8Array;
  readonly max?: Uint8Array;
}

/** Min and max of the `n` values (no NaN among them) as PLAIN bytes of the column's type. */
export function minMax(v: Float64Array, n: number, nulls: number, type: "double" | "int32"): Statistics {
  if (n === 0) return { nulls };
  let min = v[0];
  let max = v[0];
  for (let i = 1; i < n; i++) {
    if (v[i] < min) min = v[i];
    if (v[i] > max) max = v[i];
  }
  if (type === "int32") {
    return {
      nulls,
      min: new Uint8Array(Int32Array.of(min).buffer),
      max: new Uint8Array(Int32Array.of(max).buffer),
    };
  }
  // parquet.thrift: a zero min is written as -0.0 and a zero max as +0.0, so either zero is inside the range.
  return {
    nulls,
    min: doubleBytes(Float64Array.of(min === 0 ? -0 : min)),
    max: doubleBytes(Float64Array.of(max === 0 ? 0 : max)),
  };
}

/**
 * Whether a page is worth gzip with runs only: whether its bytes' entropy (the size Huffman coding would reach,
 * which runs of one byte only lower) is at most WORTH of its size. Bit-packed dictionary indices and deltas of
 * spread values are near-random (gzip gained 4-9 % on 8 of the 13 such columns of the bench's gctrace, for 1.5 ms
 * each per part); columns of zeros and repeats are not (25-55 %). A histogram costs a tenth of the gzip.
 */
export function worthDeflating(page: Uint8Array): boolean {
  if (page.length < 4096) return true; // small pages: gzip is cheap and the estimate rough
  const counts = new Uint32Array(256);
  for (let i = 0; i < page.length; i++) counts[page[i]]++;
  let bits = 0;
  for (let b = 0; b < 256; b++) if (counts[b] > 0) bits -= counts[b] * Math.log2(counts[b] / page.length);
  return bits / 8 <= WORTH * page.length;
}

/** The share of a page's size its entropy must stay under for gzip to be worth its time (a tenth saved). */
const WORTH = 0.9;
