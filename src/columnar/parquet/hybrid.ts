/**
 * Bit packing and the RLE / bit-packing hybrid of parquet-format's Encodings.md, used for definition levels and
 * dictionary indices: a run of one repeated value is `varint(count << 1)` and the value in ceil(width / 8) bytes; other
 * values go in groups of 8, bit-packed least significant bit first, after `varint(groups << 1 | 1)`.
 */
import type { ByteWriter } from "./bytes";

/**
 * Values [start, end) of `v` (read as unsigned: each below 2^width, width <= 32) bit-packed LSB first, `count` values in all
 * (count >= end - start; the rest are zeros: padding of the last group or miniblock).
 */
export function bitPack(
  out: ByteWriter,
  v: Int32Array,
  start: number,
  end: number,
  count: number,
  width: number,
): void {
  if (width === 0) return;
  out.reserve(Math.ceil((count * width) / 8) + 4);
  const b = out.buf;
  let p = out.pos;
  let acc = 0; // bits not yet written, low `bits` of them valid
  let bits = 0;
  for (let i = 0; i < count; i++) {
    const x = start + i < end ? v[start + i] >>> 0 : 0;
    acc = (acc | (x << bits)) >>> 0;
    let total = bits + width;
    if (total >= 32) {
      // acc holds 32 bits of the stream: write them, keep x's bits that did not fit (bits > 0 here unless
      // total === 32, where x >>> 32 would be x: nothing is left then).
      b[p] = acc & 0xff;
      b[p + 1] = (acc >>> 8) & 0xff;
      b[p + 2] = (acc >>> 16) & 0xff;
      b[p + 3] = acc >>> 24;
      p += 4;
      total -= 32;
      acc = total === 0 ? 0 : x >>> (width - total);
    }
    while (total >= 8) {
      b[p++] = acc & 0xff;
      acc >>>= 8;
      total -= 8;
    }
    bits = total;
  }
  if (bits > 0) b[p++] = acc & 0xff;
  out.pos = p;
}

/** The most groups of 8 in one bit-packed run (one header byte, as parquet-mr writes them). */
const MAX_GROUPS = 63;
/** A repeated value this long becomes an RLE run even between bit-packed values (7 may go to the group before). */
const MIN_RUN = 16;

/** The first `n` values of `v` (each below 2^width) in the RLE / bit-packing hybrid, without a length prefix. */
export function rleHybrid(out: ByteWriter, v: Int32Array, n: number, width: number): void {
  // Two functions, not one: V8 kept deoptimising a long loop followed by a call in the same function (the call's
  // feedback was missing in the loop's on-stack-replaced code, ~160 times per export of 1M rows).
  packed(out, v, runs(out, v, n, width), n, width);
}

/** The RLE runs and the bit-packed values before each; returns where the values left to bit-pack start. */
function runs(out: ByteWriter, v: Int32Array, n: number, width: number): number {
  const valueBytes = (width + 7) >> 3;
  let pending = 0; // values [pending, i) wait to be bit-packed
  let i = 0;
  while (i < n) {
    const x = v[i];
    let j = i + 1;
    while (j < n && v[j] === x) j++;
    if (j - i >= MIN_RUN || (i === pending && j - i >= 8)) {
      // The values before the run fill whole groups: the run lends them up to 7 of its values.
      const lend = (8 - ((i - pending) & 7)) & 7;
      i += lend;
      packed(out, v, pending, i, width);
      out.uleb((j - i) * 2);
      out.reserve(valueBytes);
      for (let k = 0; k < valueBytes; k++) out.buf[out.pos++] = (x >>> (8 * k)) & 0xff;
      pending = j;
    }
    i = j;
  }
  return pending;
}

/** Values [start, end) as bit-packed runs of at most MAX_GROUPS groups, the last group padded with zeros. */
function packed(out: ByteWriter, v: Int32Array, start: number, end: number, width: number): void {
  for (let s = start; s < end; s += MAX_GROUPS * 8) {
    const e = Math.min(end, s + MAX_GROUPS * 8);
    const groups = Math.ceil((e - s) / 8);
    out.uleb(groups * 2 + 1);
    bitPack(out, v, s, e, groups * 8, width);
  }
}

/** Bits needed for unsigned values up to `max` (0 for 0). */
export function bitWidth(max: number): number {
  return max === 0 ? 0 : 32 - Math.clz32(max);
}
