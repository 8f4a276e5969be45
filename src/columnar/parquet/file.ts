/**
 * A Parquet file of one row group from column chunks (parquet-format's README "File format"): the magic `PAR1`, the
 * chunks, the FileMetaData in the Thrift compact protocol, its length (4 bytes little-endian) and `PAR1` again.
 */
import { endianness } from "node:os";
import { constants, gzip, gzipSync, type ZlibOptions } from "node:zlib";
import {
  type ChunkOptions,
  type ColumnChunk,
  type ColumnValues,
  type Deflate,
  encodeChunk,
  sealChunk,
} from "./chunk";
import { CONVERTED_UTF8, Codec, Encoding, OPTIONAL, Type } from "./format";
import { ThriftWriter } from "./thrift";

if (endianness() !== "LE")
  throw new Error("the Parquet writer writes doubles in this machine's byte order: little-endian only");

const MAGIC = new TextEncoder().encode("PAR1");
/** parquet-mr reads `<app> version <semver>` to know which writer's quirks to expect: none of theirs. */
const CREATED_BY = "godebug-lab version 0.1.0";

export interface FileColumn {
  readonly name: string;
  readonly values: ColumnValues;
  readonly options: ChunkOptions;
}

/** The bytes of a Parquet file holding `rows` rows of these columns, compressed on this thread. */
export function parquetFile(columns: readonly FileColumn[], rows: number): Uint8Array {
  const chunks = columns.map((c) => {
    const raw = encodeChunk(c.name, c.values, rows, c.options);
    return sealChunk(
      raw,
      raw.pages.map((p) => (raw.codec === "GZIP" ? gzipSync(p.body, GZIP[raw.deflate]) : p.body)),
    );
  });
  return assemble(columns, chunks, rows);
}

/**
 * The same bytes, the pages compressed on libuv's thread pool while this thread encodes the next columns: on a
 * machine with two cores or more, compression costs no time on this thread.
 */
export async function parquetFileAsync(columns: readonly FileColumn[], rows: number): Promise<Uint8Array> {
  const sealed = columns.map((c) => {
    const raw = encodeChunk(c.name, c.values, rows, c.options);
    return Promise.all(
      raw.pages.map((p) => (raw.codec === "GZIP" ? gzipAsync(p.body, raw.deflate) : p.body)),
    ).then((stored) => sealChunk(raw, stored));
  });
  return assemble(columns, await Promise.all(sealed), rows);
}

/**
 * zlib's options for each kind of page (chunk.ts `Deflate`), level 1 (the fastest). Measured per part of 262,144
 * gctrace rows (bench/README.md): the dictionary- and delta-encoded pages with runs only (Z_RLE) 22 ms for 2.03 MB
 * against the LZ77 search's 50 ms for 1.76 MB (level 6: 80 ms, 1.71 MB); the PLAIN time axis with the search, 13 ms
 * for 0.53 MB against 1.09 MB with runs only.
 */
const GZIP: Record<Deflate, ZlibOptions> = {
  runs: { level: 1, strategy: constants.Z_RLE },
  matches: { level: 1 },
};

function gzipAsync(body: Uint8Array, deflate: Deflate): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    gzip(body, GZIP[deflate], (e, out) => (e ? reject(e) : resolve(out))),
  );
}

function assemble(columns: readonly FileColumn[], chunks: readonly ColumnChunk[], rows: number): Uint8Array {
  const starts: number[] = [];
  let offset = MAGIC.length;
  for (const c of chunks) {
    starts.push(offset);
    offset += c.byteLength;
  }
  const footer = fileMetaData(columns, chunks, starts, rows).out.view();
  const file = new Uint8Array(offset + footer.length + 4 + MAGIC.length);
  file.set(MAGIC, 0);
  let at = MAGIC.length;
  for (const c of chunks) {
    for (const b of c.bytes) {
      file.set(b, at);
      at += b.length;
    }
  }
  file.set(footer, at);
  at += footer.length;
  new DataView(file.buffer).setUint32(at, footer.length, true);
  file.set(MAGIC, at + 4);
  return file;
}

function fileMetaData(
  columns: readonly FileColumn[],
  chunks: readonly ColumnChunk[],
  starts: readonly number[],
  rows: number,
): ThriftWriter {
  const w = new ThriftWriter().begin();
  w.i32(1, 2); // version: the format's 2.x encodings are used (DELTA_BINARY_PACKED, RLE_DICTIONARY)
  const schema = [null, ...columns.map((c, i) => ({ name: c.name, chunk: chunks[i] }))];
  w.structList(2, schema, (s, e) => {
    if (e === null) {
      s.binary(4, "schema").i32(5, columns.length);
      return;
    }
    s.i32(1, e.chunk.type).i32(3, OPTIONAL).binary(4, e.name);
    if (e.chunk.type === Type.BYTE_ARRAY) s.i32(6, CONVERTED_UTF8).struct(10, (l) => l.struct(1, () => {}));
  });
  w.i64(3, rows);
  const total = chunks.reduce((n, c) => n + c.uncompressedLength, 0);
  const stored = chunks.reduce((n, c) => n + c.byteLength, 0);
  w.structList(4, [0], (g) => {
    g.structList(
      1,
      chunks.map((c, i) => ({ c, start: starts[i], name: columns[i].name })),
      (cc, { c, start, name }) => {
        cc.i64(2, start).struct(3, (m) => {
          m.i32(1, c.type)
            .i32List(
              2,
              c.encodings.map((e) => Encoding[e]),
            )
            .binaryList(3, [name])
            .i32(4, Codec[c.codec])
            .i64(5, c.rows)
            .i64(6, c.uncompressedLength)
            .i64(7, c.byteLength)
            .i64(9, start + c.dataPageOffset);
          if (c.hasDictionary) m.i64(11, start);
          const st = c.statistics;
          if (st !== undefined) {
            m.struct(12, (s) => {
              if (st.max !== undefined && st.min !== undefined) s.binary(1, st.max).binary(2, st.min);
              s.i64(3, st.nulls);
              if (st.max !== undefined && st.min !== undefined) s.binary(5, st.max).binary(6, st.min);
            });
          }
        });
      },
    );
    g.i64(2, total)
      .i64(3, rows)
      .i64(5, starts[0] ?? MAGIC.length)
      .i64(6, stored);
  });
  w.binary(6, CREATED_BY);
  // column_orders: TYPE_ORDER for every column, so that readers trust min_value/max_value.
  w.structList(7, columns, (o) => o.struct(1, () => {}));
  return w.end();
}
