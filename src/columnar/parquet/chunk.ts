/**
 * One column of one part as a Parquet column chunk: an optional dictionary page and one data page (format V1:
 * definition levels with a 4-byte length, then the values), each behind its Thrift page header (parquet.thrift's
 * PageHeader). Every column is OPTIONAL with a maximum definition level of 1: level 0 is a null (NaN in the table).
 * The values are plain data (typed arrays, strings), so a part can be encoded on a worker thread.
 */
import { ByteWriter } from "./bytes";
import { deltaInt32, deltaInt64 } from "./delta";
import { type Dictionary, doubleDictionary } from "./dictionary";
import { type CodecName, Encoding, type EncodingName, PageType, type PhysicalType, Type } from "./format";
import { bitWidth, rleHybrid } from "./hybrid";
import { ThriftWriter } from "./thrift";
import {
  compact,
  countNaN,
  doubleBytes,
  firstNotInt52,
  minMax,
  NULL_MET,
  presence,
  rowOfValue,
  type Statistics,
  stringBytes,
  worthDeflating,
} from "./values";

/**
 * A column to write: numbers (NaN = null), booleans already bit-packed (PLAIN: one bit per row, LSB first), strings as
 * a dictionary and an index per row, or a label's
 * one value (or null) for every row.
 */
export type ColumnValues =
  | { readonly kind: "float64" | "int32" | "int64"; readonly data: Float64Array }
  | { readonly kind: "bool"; readonly packed: Uint8Array }
  | { readonly kind: "utf8"; readonly dictionary: Dictionary<readonly string[]> }
  | { readonly kind: "constant"; readonly value: string | null };

export interface ChunkOptions {
  readonly codec: CodecName;
  /** Min/max statistics of the chunk (for readers that skip files by value). */
  readonly statistics: boolean;
  /** For the error about a value an integer column cannot hold: the table, the column's unit, the input lines. */
  readonly table: string;
  readonly unit: string;
  readonly lines?: Float64Array;
}

/** A page before compression: its body and how to write its header once the stored size is known. */
export interface RawPage {
  readonly body: Uint8Array;
  readonly header: (w: ThriftWriter, raw: number, stored: number) => void;
}

/**
 * How gzip should look for repeats in the pages: "runs" only (zlib's Z_RLE: fast, and all there is to find in
 * dictionary indices, delta-packed integers and constant columns) or "matches" (the default LZ77 search: PLAIN
 * doubles repeat their high bytes eight bytes apart, not in runs).
 */
export type Deflate = "runs" | "matches";

/** A column chunk encoded but not yet compressed: `sealChunk` takes the pages' stored bodies. */
export interface RawChunk {
  readonly type: PhysicalType;
  readonly codec: CodecName;
  readonly deflate: Deflate;
  readonly encodings: readonly EncodingName[];
  readonly rows: number;
  readonly hasDictionary: boolean;
  readonly statistics?: Statistics;
  readonly pages: readonly RawPage[];
}

export interface ColumnChunk extends Omit<RawChunk, "pages" | "deflate"> {
  /** The pages, headers included, in file order. */
  readonly bytes: readonly Uint8Array[];
  readonly byteLength: number;
  readonly uncompressedLength: number;
  /** Offset of the data page from the chunk's start (the dictionary page, when there is one, is at 0). */
  readonly dataPageOffset: number;
}

/**
 * One column's pages, encoded: a dictionary page when it has a dictionary, then its data page. A number column is
 * first encoded as if it had no nulls, the encoders stopping at the first NaN they meet (NULL_MET): counting nulls
 * beforehand would be one more pass over every column, about a sixth of the writer's time, for the few that have any.
 */
export function encodeChunk(name: string, column: ColumnValues, rows: number, opts: ChunkOptions): RawChunk {
  if (column.kind !== "float64" && column.kind !== "int32" && column.kind !== "int64") {
    return encodeWithNulls(
      name,
      column,
      rows,
      opts,
      column.kind === "constant" && column.value === null ? rows : 0,
    );
  }
  try {
    return encodeWithNulls(name, column, rows, opts, 0);
  } catch (error) {
    if (error !== NULL_MET) throw error;
    return encodeWithNulls(name, column, rows, opts, countNaN(column.data, rows));
  }
}

/** The chunk of a column with `nulls` nulls (for a number column, its NaNs: 0 is taken on trust, see NULL_MET). */
function encodeWithNulls(
  name: string,
  column: ColumnValues,
  rows: number,
  opts: ChunkOptions,
  nulls: number,
): RawChunk {
  const data =
    column.kind === "float64" || column.kind === "int32" || column.kind === "int64" ? column.data : null;
  const present = rows - nulls;
  const v = data === null || nulls === 0 ? data : compact(data, present);
  const notInteger = (i: number): never => {
    if (Number.isNaN(v?.[i])) throw NULL_MET; // a null where none was counted: encode again, counting them
    const row = data === v ? i : rowOfValue(data as Float64Array, i);
    throw new Error(
      `${opts.table}.${name} (${opts.unit}): ${v?.[i]} at input line ${opts.lines?.[row]} is not a whole ` +
        `${column.kind} number`,
    );
  };

  // The data page's body: the definition levels' length and the levels, then the values, written in place.
  const levels = definitionLevels(data, nulls, rows);
  const values = new ByteWriter(levels.length + 1024 + (column.kind === "float64" ? 2 : 1) * rows);
  values.u32le(levels.length);
  values.bytes(levels);
  const valuesStart = values.pos;
  let type: PhysicalType;
  let encoding: EncodingName;
  let dictionary: { bytes: Uint8Array; size: number } | null = null;
  let statistics: Statistics | undefined;
  let deflate: Deflate = "runs";
  switch (column.kind) {
    case "float64": {
      type = Type.DOUBLE;
      const dict = doubleDictionary(v as Float64Array, present);
      if (dict) {
        encoding = "RLE_DICTIONARY";
        dictionary = { bytes: doubleBytes(dict.values), size: dict.size };
        indices(values, dict);
      } else {
        // A time axis (about one value per row): PLAIN, as BYTE_STREAM_SPLIT (a third smaller after gzip) is not read
        // by the vectorized reader of Spark 3.x (its default; SPARK-56894 adds it), and Spark reading the files as they
        // are is the point.
        encoding = "PLAIN";
        if (nulls === 0 && countNaN(v as Float64Array, present) > 0) throw NULL_MET;
        values.bytes(new Uint8Array((v as Float64Array).buffer, (v as Float64Array).byteOffset, present * 8));
        deflate = "matches";
      }
      if (opts.statistics) statistics = minMax(v as Float64Array, present, nulls, "double");
      break;
    }
    case "int32":
      type = Type.INT32;
      encoding = "DELTA_BINARY_PACKED";
      deltaInt32(values, v as Float64Array, present, notInteger);
      if (opts.statistics) statistics = minMax(v as Float64Array, present, nulls, "int32");
      break;
    case "int64": {
      type = Type.INT64;
      encoding = "DELTA_BINARY_PACKED";
      // Exact in doubles below 2^52 in magnitude, and so are the deltas (byte counts up to 4 PiB).
      const bad = firstNotInt52(v as Float64Array, present);
      if (bad >= 0) notInteger(bad);
      deltaInt64(values, v as Float64Array, present);
      if (opts.statistics) statistics = { nulls };
      break;
    }
    case "bool":
      type = Type.BOOLEAN;
      encoding = "PLAIN";
      values.bytes(column.packed);
      break;
    case "utf8":
    case "constant": {
      type = Type.BYTE_ARRAY;
      encoding = "RLE_DICTIONARY";
      const dict =
        column.kind === "utf8"
          ? column.dictionary
          : {
              values: column.value === null ? [] : [column.value],
              size: present > 0 ? 1 : 0,
              indices: new Int32Array(present),
            };
      dictionary = { bytes: stringBytes(dict.values), size: dict.size };
      indices(values, dict);
      break;
    }
  }

  if (present === 0) {
    // No values (a column of nulls): the levels alone, no dictionary.
    values.pos = valuesStart;
    dictionary = null;
  }
  const pages: RawPage[] = [];
  if (dictionary !== null) {
    const size = dictionary.size;
    pages.push({
      body: dictionary.bytes,
      header: (w, raw, stored) =>
        w
          .i32(1, PageType.DICTIONARY_PAGE)
          .i32(2, raw)
          .i32(3, stored)
          .struct(7, (d) => d.i32(1, size).i32(2, Encoding.PLAIN)),
    });
  }
  const valueEncoding = present > 0 ? encoding : "PLAIN"; // no values: nothing is encoded
  pages.push({
    body: values.view(),
    header: (w, raw, stored) =>
      w
        .i32(1, PageType.DATA_PAGE)
        .i32(2, raw)
        .i32(3, stored)
        .struct(5, (d) =>
          d.i32(1, rows).i32(2, Encoding[valueEncoding]).i32(3, Encoding.RLE).i32(4, Encoding.RLE),
        ),
  });
  const encodings: EncodingName[] =
    dictionary !== null ? ["PLAIN", "RLE", valueEncoding] : [valueEncoding, "RLE"];
  return {
    type,
    codec:
      opts.codec === "GZIP" && deflate === "runs" && !worthDeflating(values.view())
        ? "UNCOMPRESSED"
        : opts.codec,
    deflate,
    encodings: [...new Set(encodings)],
    rows,
    hasDictionary: dictionary !== null,
    statistics,
    pages,
  };
}

/**
 * The chunk's pages with their stored bodies (`stored[i]` is page i's body after the chunk's codec, the same bytes
 * when it is UNCOMPRESSED): the page headers written, sizes and offsets known.
 */
export function sealChunk(raw: RawChunk, stored: readonly Uint8Array[]): ColumnChunk {
  const { pages, deflate: _, ...meta } = raw;
  const bytes: Uint8Array[] = [];
  let byteLength = 0;
  let uncompressedLength = 0;
  let dataPageOffset = 0;
  pages.forEach((page, i) => {
    const w = new ThriftWriter().begin();
    page.header(w, page.body.length, stored[i].length);
    const head = w.end().out.view().slice();
    if (i === pages.length - 1) dataPageOffset = byteLength;
    bytes.push(head, stored[i]);
    byteLength += head.length + stored[i].length;
    uncompressedLength += head.length + page.body.length;
  });
  return { ...meta, bytes, byteLength, uncompressedLength, dataPageOffset };
}

/** The RLE / bit-packed levels (1 = value, 0 = null), without their length prefix: one run when all are alike. */
function definitionLevels(data: Float64Array | null, nulls: number, rows: number): Uint8Array {
  const out = new ByteWriter(16);
  if (data === null || nulls === 0 || nulls === rows) {
    out.uleb(rows * 2);
    out.byte(nulls === rows && rows > 0 ? 0 : 1);
  } else rleHybrid(out, presence(data, rows), rows, 1);
  return out.view().slice();
}

/** Indices as the data page of a dictionary column wants them: a byte with their bit width, then the hybrid. */
function indices(out: ByteWriter, dict: Dictionary<unknown>): void {
  const width = Math.max(1, bitWidth(Math.max(0, dict.size - 1)));
  out.byte(width);
  rleHybrid(out, dict.indices, dict.indices.length, width);
}
