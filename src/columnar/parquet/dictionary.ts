/**
 * Dictionaries of a column chunk: each distinct value once (the dictionary page), an index per value (the data page).
 * Doubles are told apart by their bits (so 0 and -0 stay two values) in an open-addressing table over typed arrays:
 * a Map keyed by numbers costs several times more per value, and a chunk has 262,144 of them.
 */
import { NULL_MET } from "./values";

export interface Dictionary<T> {
  readonly values: T;
  readonly size: number;
  /** The index of each value of the chunk, in order. */
  readonly indices: Int32Array;
}

/**
 * The first `n` doubles of `v` as a dictionary, or null when they are not worth one: more than half of the first
 * SAMPLE values distinct (a time axis: nearly one value per row), or more than `n / 2` distinct in all. Throws
 * NULL_MET at a NaN (values.ts): the caller counts the nulls and comes back with the values without them. The
 * indices live in a buffer the next call reuses.
 */
export function doubleDictionary(v: Float64Array, n: number): Dictionary<Float64Array> | null {
  if (distinctInSample(v, Math.min(n, SAMPLE)) * 2 > Math.min(n, SAMPLE)) return null;
  const bits = new Int32Array(v.buffer, v.byteOffset, n * 2);
  const limit = Math.max(1, n >> 1);
  let capacity = 1024;
  let shift = 32 - 10; // slot = the hash's top log2(capacity) bits
  let slots: Int32Array = new Int32Array(capacity).fill(-1); // slot -> dictionary index
  let keys: Float64Array = new Float64Array(64);
  let keyBits: Int32Array = new Int32Array(keys.buffer);
  let size = 0;
  const indices = scratchIndices(n);
  let lastLo = 0;
  let lastHi = 0;
  let lastId = -1;
  for (let i = 0; i < n; i++) {
    const lo = bits[2 * i];
    const hi = bits[2 * i + 1];
    if (lo === lastLo && hi === lastHi && lastId >= 0) {
      indices[i] = lastId; // runs of one value (0, a constant) are common: no hashing
      continue;
    }
    let s = hash(lo, hi) >>> shift;
    let id = slots[s];
    while (id >= 0 && (keyBits[2 * id] !== lo || keyBits[2 * id + 1] !== hi)) {
      s = (s + 1) & (capacity - 1);
      id = slots[s];
    }
    if (id < 0) {
      // A new value: the only place a NaN can first appear (its bits match no key), so checked here alone.
      if (Number.isNaN(v[i])) throw NULL_MET;
      if (size === limit) return null;
      id = size++;
      if (id === keys.length) {
        const grown = new Float64Array(keys.length * 2);
        grown.set(keys);
        keys = grown;
        keyBits = new Int32Array(keys.buffer);
      }
      keys[id] = v[i];
      slots[s] = id;
      if (size * 2 > capacity) {
        capacity *= 2;
        shift--;
        slots = rehash(keyBits, size, capacity, shift);
      }
    }
    indices[i] = id;
    lastLo = lo;
    lastHi = hi;
    lastId = id;
  }
  return { values: keys.subarray(0, size), size, indices };
}

let scratch = new Int32Array(0);

/**
 * The indices' array, one per thread, reused: a chunk's indices are bit-packed before the next column is encoded, and
 * a fresh 1 MiB array per column was a tenth of the writer's garbage. Valid until the next doubleDictionary call.
 */
function scratchIndices(n: number): Int32Array {
  if (scratch.length < n) scratch = new Int32Array(n);
  return scratch.subarray(0, n);
}

/** Values sampled to decide whether a column is worth a dictionary. */
const SAMPLE = 4096;

function distinctInSample(v: Float64Array, n: number): number {
  return new Set(v.subarray(0, n)).size;
}

/** A 32-bit mix of a double's two halves (multiplicative hashing: the top bits are the well-mixed ones). */
function hash(lo: number, hi: number): number {
  return Math.imul(lo ^ Math.imul(hi ^ (hi >>> 15), 0x27d4eb2f), 0x9e3779b1);
}

function rehash(keyBits: Int32Array, size: number, capacity: number, shift: number): Int32Array {
  const slots = new Int32Array(capacity).fill(-1);
  for (let id = 0; id < size; id++) {
    let s = hash(keyBits[2 * id], keyBits[2 * id + 1]) >>> shift;
    while (slots[s] >= 0) s = (s + 1) & (capacity - 1);
    slots[s] = id;
  }
  return slots;
}

/** Strings as a dictionary (the tables' strings are few: a line's format, a P's status). */
export function stringDictionary(v: readonly string[], n: number): Dictionary<string[]> {
  const ids = new Map<string, number>();
  const indices = new Int32Array(n);
  let last: string | undefined;
  let lastId = 0;
  for (let i = 0; i < n; i++) {
    // Strings come in long runs of one value (the format of every line of a capture): a look-up per run.
    if (v[i] !== last) {
      last = v[i];
      let id = ids.get(last);
      if (id === undefined) {
        id = ids.size;
        ids.set(last, id);
      }
      lastId = id;
    }
    indices[i] = lastId;
  }
  return { values: [...ids.keys()], size: ids.size, indices };
}
