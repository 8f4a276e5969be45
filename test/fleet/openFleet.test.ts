/**
 * fleet.sql() on every kind of statement: a query, a query with no rows, statements that return nothing (CREATE VIEW,
 * SET, DROP) and statements that change rows, on a dataset of two real captures of data/fleet.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Fleet, loadTrace, openFleet, writeDataset } from "../../src";

const FLEET = join(__dirname, "..", "..", "data", "fleet");
const SOURCES = ["api/r1/gogc100-p1.log.gz", "cache/r2/gogc50-p2.log.gz"];
const tmp = mkdtempSync(join(tmpdir(), "godebug-lab-openfleet-"));
let fleet: Fleet;
let gcRows: number[];

beforeAll(async () => {
  gcRows = [];
  for (const source of SOURCES) {
    const trace = await loadTrace(join(FLEET, source));
    writeDataset(trace, tmp, { source, tables: ["gctrace"], labels: { service: source.split("/")[0] } });
    gcRows.push(trace.tables.gctrace.length);
  }
  fleet = await openFleet(tmp, { threads: 1 });
});
afterAll(() => {
  fleet?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("fleet.sql", () => {
  it("CREATE VIEW returns an empty table, and the view is there for the next query", async () => {
    const created = await fleet.sql(
      "CREATE TEMP VIEW perService AS SELECT service, count(*) AS cycles, max(gcNum) AS last FROM gctrace GROUP BY ALL",
    );
    expect(created).toMatchObject({ schema: [], length: 0, columns: {} });
    const t = await fleet.sql("SELECT service, cycles FROM perService ORDER BY service");
    expect(t.columns.service).toEqual(["api", "cache"]);
    expect(t.columns.cycles).toEqual(Float64Array.from(gcRows));
  });

  it("SET, CREATE TABLE and DROP return empty tables; INSERT returns the rows it changed", async () => {
    for (const q of [
      "SET threads = 1",
      "CREATE TEMP TABLE marks (gcNum INTEGER)",
      "DROP VIEW IF EXISTS nothing",
    ]) {
      const t = await fleet.sql(q);
      expect([t.schema.length, t.length], q).toEqual([0, 0]);
    }
    const ins = await fleet.sql("INSERT INTO marks SELECT gcNum FROM gctrace WHERE service = 'cache'");
    expect(ins.schema.map((c) => c.name)).toEqual(["Count"]);
    expect(ins.columns.Count).toEqual(Float64Array.of(gcRows[1]));
    await fleet.sql("DROP TABLE marks");
  });

  it("a query with no rows keeps its columns and their types", async () => {
    const t = await fleet.sql("SELECT service, pauseMs, pauseMs > 1 AS slow FROM gctrace WHERE gcNum < 0");
    expect(t.length).toBe(0);
    expect(t.schema.map((c) => [c.name, c.type])).toEqual([
      ["service", "string"],
      ["pauseMs", "number"],
      ["slow", "boolean"],
    ]);
    expect(t.columns.pauseMs).toEqual(new Float64Array(0));
    expect(t.columns.service).toEqual([]);
  });

  it("query() of a statement without a result is an empty DataFrame", async () => {
    const df = await fleet.query("CREATE OR REPLACE TEMP VIEW v AS SELECT 1 AS x");
    expect(df.shape).toEqual([0, 0]);
  });
});
