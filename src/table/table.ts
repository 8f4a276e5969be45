/**
 * The table every layer shares: columns of equal length in schema order, each column documented by a ColumnSpec.
 * The parser fills them (src/parse/), the analyses read and return them, src/frame/ turns them into DataFrames.
 */

/** A finished column: numbers (NaN = not printed by this Go version), strings or booleans. */
export type ColumnData = Float64Array | string[] | boolean[];

export interface ColumnSpec {
  readonly name: string;
  readonly type: "number" | "string" | "boolean";
  /** Unit of the values, e.g. "ms", "MiB", "bytes", "count", "%"; empty for labels. */
  readonly unit: string;
  /** One line: what the runtime means by it (docs/schema.md is generated from these). */
  readonly doc: string;
}

/** One finished table: columns of equal length, in schema order. */
export interface Table {
  readonly name: string;
  readonly schema: readonly ColumnSpec[];
  readonly length: number;
  readonly columns: Readonly<Record<string, ColumnData>>;
}
