/**
 * A dataset written by `export --format parquet` (or ndjson) opened in DuckDB, the embedded analytical engine:
 * one view per table present (`gctrace`, `schedtrace`, ...) over all its parts, with `source` from the folder
 * names and the labels as columns. SQL results come back as columnar tables, which the chart builders take as
 * they are, or as danfo DataFrames. Loads the optional package @duckdb/node-api on first use.
 *
 *   const fleet = await openFleet("out/fleet");
 *   const df = await fleet.query("SELECT service, quantile_cont(pauseMs, 0.99) AS p99 FROM gctrace GROUP BY 1");
 *   fleet.close();
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type * as DuckDB from "@duckdb/node-api";
import type { DataFrame } from "danfojs-node";
import { datasetTables } from "../columnar/dataset";
import { requireOptional } from "../columnar/optional";
import { toDataFrame } from "../frame/toDataFrame";
import type { TableName } from "../parse/tables";
import { bool, num, str } from "../table/columnSpec";
import type { ColumnData, ColumnSpec, Table } from "../table/table";

type DuckDBModule = typeof DuckDB;

export interface Fleet {
  readonly dir: string;
  /** The views made, one per table with parts in the dataset. */
  readonly tables: readonly TableName[];
  /** The DuckDB connection, for anything else (prepared statements, streaming results, COPY ... TO). */
  readonly connection: DuckDB.DuckDBConnection;
  /**
   * Runs SQL; the result as a columnar table (numbers as Float64Array with NaN for NULL). A statement that returns
   * nothing (CREATE VIEW, SET, DROP ...) gives a table of no columns and no rows; one that changes rows (INSERT,
   * UPDATE, COPY) gives DuckDB's one-row `Count` column.
   */
  sql(query: string): Promise<Table>;
  /** Runs SQL; the result as a danfo DataFrame. */
  query(query: string): Promise<DataFrame>;
  close(): void;
}

export interface OpenFleetOptions {
  /** Threads DuckDB may use (default: its own, all cores). */
  readonly threads?: number;
}

export async function openFleet(dir: string, opts: OpenFleetOptions = {}): Promise<Fleet> {
  if (!existsSync(dir)) throw new Error(`${dir}: no such dataset folder`);
  const tables = datasetTables(dir);
  if (tables.length === 0) {
    throw new Error(
      `${dir}: no table=<name> folders: write one with godebug-lab export <traces> --format parquet -o ${dir}`,
    );
  }
  const duckdb = requireOptional<DuckDBModule>("@duckdb/node-api", "openFleet (SQL over a dataset)");
  const config: Record<string, string> = opts.threads === undefined ? {} : { threads: String(opts.threads) };
  const instance = await duckdb.DuckDBInstance.create(":memory:", config);
  const connection = await instance.connect();
  for (const table of tables) await connection.run(viewSql(dir, table));
  const sql = async (query: string): Promise<Table> =>
    resultTable(duckdb, await connection.runAndReadAll(query));
  return {
    dir,
    tables,
    connection,
    sql,
    async query(query) {
      return toDataFrame(await sql(query));
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** The view of one table: every part below table=<name>, `source` decoded from the folder name, no `table`. */
export function viewSql(dir: string, table: TableName): string {
  const folder = join(dir, `table=${table}`);
  const exts = new Set(
    readdirSync(folder, { recursive: true, encoding: "utf8" }).map((f) => f.slice(f.lastIndexOf(".") + 1)),
  );
  const glob = (ext: string) => quote(join(folder, "*", `*.${ext}`));
  const read = exts.has("parquet")
    ? `read_parquet(${glob("parquet")}, hive_partitioning = true, union_by_name = true)`
    : exts.has("ndjson")
      ? `read_json(${glob("ndjson")}, format = 'newline_delimited', hive_partitioning = true, union_by_name = true)`
      : null;
  if (read === null) {
    throw new Error(
      `${folder}: no .parquet or .ndjson parts (DuckDB reads .arrow parts only with an extension)`,
    );
  }
  return `CREATE VIEW "${table}" AS SELECT * EXCLUDE ("table") FROM ${read}`;
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

const NUMERIC_TYPES = [
  "TINYINT",
  "SMALLINT",
  "INTEGER",
  "BIGINT",
  "HUGEINT",
  "UTINYINT",
  "USMALLINT",
  "UINTEGER",
  "UBIGINT",
  "UHUGEINT",
  "FLOAT",
  "DOUBLE",
  "DECIMAL",
] as const;

/** A DuckDB result as a columnar Table: numeric columns as Float64Array (NULL = NaN), BOOLEAN, the rest as text. */
function resultTable(duckdb: DuckDBModule, reader: DuckDB.DuckDBResultReader): Table {
  // DuckDB describes a statement without a result (CREATE, SET, DROP) as one column, `Count` or `Success`, and no data.
  if (reader.returnType === duckdb.ResultReturnType.NOTHING) {
    return { name: "query", schema: [], length: 0, columns: {} };
  }
  const numeric = new Set<number>(NUMERIC_TYPES.map((t) => duckdb.DuckDBTypeId[t]));
  const names = reader.deduplicatedColumnNames();
  // No rows read, no chunks: getColumnsJS() is [] whatever the number of columns.
  const values = reader.getColumnsJS();
  const schema: ColumnSpec[] = [];
  const columns: Record<string, ColumnData> = {};
  names.forEach((name, c) => {
    const typeId = reader.columnTypeId(c) as number;
    const v = values[c] ?? [];
    if (numeric.has(typeId)) {
      const out = new Float64Array(v.length);
      for (let i = 0; i < v.length; i++) out[i] = v[i] === null ? Number.NaN : Number(v[i]);
      columns[name] = out;
      schema.push(num(name, "", "")); // a query result: no unit or doc is known
    } else if (typeId === duckdb.DuckDBTypeId.BOOLEAN) {
      columns[name] = v.map((x) => x === true);
      schema.push(bool(name, ""));
    } else {
      columns[name] = v.map((x) => (x === null ? "" : String(x)));
      schema.push(str(name, ""));
    }
  });
  return { name: "query", schema, length: reader.currentRowCount, columns };
}
