/**
 * A trace's tables as Apache Arrow tables, column by column: a Float64Array becomes an Arrow Float64 vector without
 * a copy, integer units become Int32/Int64 (schema.ts), NaN becomes null (a validity bitmap), strings become a
 * dictionary (the few distinct values once, an Int32 index per row), and labels a one-entry dictionary. No row
 * object is made. Loads the optional package apache-arrow on first use.
 */
import type * as Arrow from "apache-arrow";
import type { TableName } from "../parse/tables";
import type { ColumnSpec, Table } from "../table/table";
import type { Trace } from "../trace/trace";
import { requireOptional } from "./optional";
import { stringDictionary } from "./parquet/dictionary";
import { checkLabelName, columnarType, floatValidity, integerValues, type Labels } from "./schema";

type ArrowModule = typeof Arrow;

export function loadArrow(purpose = "the Arrow and Parquet export"): ArrowModule {
  return requireOptional<ArrowModule>("apache-arrow", purpose);
}

export interface ToArrowOptions {
  /** Constant string columns added to every row (e.g. `{ service: "api", host: "h1" }`); null is a null. */
  readonly labels?: Labels;
}

/** One table of the trace as an Arrow table, with the columns of docs/schema.md and then the labels. */
export function toArrow(trace: Trace, name: TableName, opts: ToArrowOptions = {}): Arrow.Table {
  return tableToArrow(trace.tables[name], opts);
}

/** A columnar Table (src/table/table.ts) as an Arrow table. */
export function tableToArrow(table: Table, opts: ToArrowOptions = {}): Arrow.Table {
  const arrow = loadArrow();
  const vectors: Record<string, Arrow.Vector> = {};
  for (const spec of table.schema) vectors[spec.name] = columnVector(arrow, table, spec);
  for (const [label, value] of Object.entries(opts.labels ?? {})) {
    checkLabelName(label, table);
    vectors[label] = constantString(arrow, value, table.length);
  }
  return new arrow.Table(vectors);
}

function columnVector(arrow: ArrowModule, table: Table, spec: ColumnSpec): Arrow.Vector {
  const type = columnarType(spec);
  const data = table.columns[spec.name];
  const length = table.length;
  switch (type) {
    case "float64": {
      const v = data as Float64Array;
      const { valid, nulls } = floatValidity(v);
      return arrow.makeVector(
        arrow.makeData({
          type: new arrow.Float64(),
          data: v,
          nullBitmap: valid ?? undefined,
          nullCount: nulls,
          length,
        }),
      );
    }
    case "int32":
    case "int64": {
      const { values, valid, nulls } = integerValues(table, spec, type);
      const t = type === "int32" ? new arrow.Int32() : new arrow.Int64();
      return arrow.makeVector(
        arrow.makeData({ type: t, data: values, nullBitmap: valid ?? undefined, nullCount: nulls, length }),
      );
    }
    case "bool": {
      const v = data as boolean[];
      const bits = new Uint8Array((length + 7) >> 3);
      for (let i = 0; i < length; i++) if (v[i]) bits[i >> 3] |= 1 << (i & 7);
      return arrow.makeVector(arrow.makeData({ type: new arrow.Bool(), data: bits, length, nullCount: 0 }));
    }
    case "utf8":
      return dictionaryStrings(arrow, data as string[]);
  }
}

/** A string column as dictionary indices into its distinct values (the tables' strings are labels: few values). */
function dictionaryStrings(arrow: ArrowModule, v: readonly string[]): Arrow.Vector {
  const { values, indices } = stringDictionary(v, v.length);
  const dictionary = arrow.vectorFromArray(values, new arrow.Utf8());
  const type = new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32());
  return arrow.makeVector(
    arrow.makeData({ type, data: indices, dictionary, length: v.length, nullCount: 0 }),
  );
}

/** `length` rows of one string (or null): a one-entry dictionary and zero indices, nothing per row but 4 bytes. */
function constantString(arrow: ArrowModule, value: string | null, length: number): Arrow.Vector {
  const dictionary = arrow.vectorFromArray(value === null ? [] : [value], new arrow.Utf8());
  const type = new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32());
  const nullBitmap = value === null ? new Uint8Array((length + 7) >> 3) : undefined;
  return arrow.makeVector(
    arrow.makeData({
      type,
      data: new Int32Array(length),
      dictionary,
      length,
      nullBitmap,
      nullCount: value === null ? length : 0,
    }),
  );
}
