/** How GcRows' columns grow: by copy while small, then in place in resizable ArrayBuffers. */

export function grow(old: Float64Array): Float64Array {
  const next = new Float64Array(old.length * 2);
  next.set(old);
  return next;
}

/** Rows from which the columns move to resizable buffers, and how many rows those reserve address space for. */
const BIG_ROWS = 1 << 16;
const MAX_ROWS = 1 << 25;
interface ResizableBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
  readonly maxByteLength: number;
}
// ES2024 resizable ArrayBuffer (V8 11.1+, Node 20); the project's lib setting (ES2022) does not type it yet.
const Resizable = ArrayBuffer as unknown as new (
  bytes: number,
  opts: { maxByteLength: number },
) => ResizableBuffer;

/**
 * Doubles the capacity of the columns. Small tables copy into new arrays; from BIG_ROWS rows on, the columns live
 * in resizable ArrayBuffers (length-tracking views) that grow in place: the address space is reserved once and
 * pages are committed as rows arrive, so a million-row parse neither copies its columns nor faults their memory
 * in twice (measured with bench/parse.ts: doubling by copy cost about as much as the parse itself on this VM).
 */
export function growColumns(cols: Float64Array[]): Float64Array[] {
  const cap = cols[0].length * 2;
  const buf = cols[0].buffer as ResizableBuffer;
  if (buf.maxByteLength >= cap * 8 && cap > BIG_ROWS) {
    for (const c of cols) (c.buffer as ResizableBuffer).resize(cap * 8);
    return cols;
  }
  if (cap < BIG_ROWS) return cols.map(grow);
  try {
    const max = Math.max(MAX_ROWS, cap * 4) * 8;
    return cols.map((old) => {
      const next = new Float64Array(new Resizable(cap * 8, { maxByteLength: max }));
      next.set(old);
      return next;
    });
  } catch {
    return cols.map(grow); // no room for the reservation: plain copies still work
  }
}
