/**
 * The one description of a danfo DataFrame in godebug-lab: the members the analyses read to take a frame back as a
 * Table (src/frame/fromDataFrame.ts) and the ones show() reads to preview it (src/render/show.ts). Structural, so
 * nothing outside src/frame/toDataFrame.ts loads danfojs-node, and because danfo's operations (iloc, query, head…)
 * return danfojs-base frames, which TypeScript does not accept as danfojs-node's DataFrame class although they are
 * the same at run time (danfojs-base core/generic.d.ts and frame.d.ts).
 */
export interface DataFrameLike {
  readonly columns: readonly string[];
  readonly dtypes: readonly string[];
  readonly shape: readonly number[];
  column(name: string): { readonly values: unknown };
  head(rows: number): { readonly values: readonly unknown[] };
  tail(rows: number): { readonly values: readonly unknown[] };
}

/**
 * The part of a DataFrameLike that show() previews: a danfo Series has these too (it has no `column()`), and a
 * frame-like object without `tail()` is previewed by its head alone.
 */
export type DataFramePreview = Pick<DataFrameLike, "columns" | "shape" | "head"> &
  Partial<Pick<DataFrameLike, "tail">>;
