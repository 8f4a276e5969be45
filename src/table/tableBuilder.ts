import type { ColumnData, ColumnSpec, Table } from "./table";

/** A growable Float64Array: appends in amortised O(1), `finish()` returns a right-sized copy-free view. */
export class NumberColumn {
  private data: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  /** Overwrites the value at `row` (used when a later line completes an earlier row). */
  set(row: number, value: number): void {
    this.data[row] = value;
  }

  get(row: number): number {
    return this.data[row];
  }

  finish(): Float64Array {
    return this.data.subarray(0, this.length);
  }

  private grow(): void {
    const next = new Float64Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
}

/**
 * A table under construction: one column per spec, numbers in NumberColumns, strings and booleans in arrays.
 * Scanners push every column of a row (NaN / "" / false for fields the Go version does not print), so
 * columns always have equal length.
 */
export class TableBuilder {
  readonly num: Record<string, NumberColumn> = {};
  readonly str: Record<string, string[]> = {};
  readonly bool: Record<string, boolean[]> = {};

  constructor(
    readonly name: string,
    readonly schema: readonly ColumnSpec[],
  ) {
    for (const c of schema) {
      if (c.type === "number") this.num[c.name] = new NumberColumn();
      else if (c.type === "string") this.str[c.name] = [];
      else this.bool[c.name] = [];
    }
  }

  get length(): number {
    const first = this.schema[0];
    if (first.type === "number") return this.num[first.name].length;
    if (first.type === "string") return this.str[first.name].length;
    return this.bool[first.name].length;
  }

  finish(): Table {
    const columns: Record<string, ColumnData> = {};
    for (const c of this.schema) {
      if (c.type === "number") columns[c.name] = this.num[c.name].finish();
      else if (c.type === "string") columns[c.name] = this.str[c.name];
      else columns[c.name] = this.bool[c.name];
    }
    const length = this.length;
    for (const c of this.schema) {
      if (columns[c.name].length !== length) {
        throw new Error(
          `table ${this.name}: column ${c.name} has ${columns[c.name].length} rows, expected ${length}`,
        );
      }
    }
    return { name: this.name, schema: this.schema, length, columns };
  }
}
