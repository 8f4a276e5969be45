/**
 * Many traces in: inputs (folders, globs, gzip), labels from --label and a path pattern, the export command with a
 * failing file among good ones, the built binary reading on worker threads, the three formats, and openFleet.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateGctrace } from "../../bench/gen-gctrace";
import {
  type ColumnData,
  expandInputs,
  loadTrace,
  MissingPackageError,
  openFleet,
  parseLabelPattern,
  parseTrace,
  type Trace,
  tableToArrow,
  writeDataset,
} from "../../src";
import { main } from "../../src/cli/main";
import { escapePartitionValue, PART_ROWS, partitionDir } from "../../src/columnar/dataset";
import { columnarType } from "../../src/columnar/schema";
import { globRegExp } from "../../src/fleet/inputs";
import { labelsFor, parseLabelArgs } from "../../src/fleet/labels";
import { memoryIO } from "../cli/memoryIO";

const ROOT = join(__dirname, "..", "..");
const FLEET = join(ROOT, "data", "fleet");
const BIN = join(ROOT, "dist", "cli", "main.js");
const tmp = mkdtempSync(join(tmpdir(), "godebug-lab-fleet-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(args: string[]) {
  const io = memoryIO();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("inputs and labels", () => {
  it("expandInputs finds every .log.gz below a folder, sources relative to it, sorted", () => {
    const inputs = expandInputs([FLEET]);
    expect(inputs).toHaveLength(36);
    expect(inputs[0].source).toBe("api/r1/gogc100-p1.log.gz");
    expect(inputs.every((i) => i.path.startsWith(FLEET) && !i.source.includes("meta.json"))).toBe(true);
  });

  it("expandInputs takes globs with ** and *, relative to the glob's fixed folders", () => {
    const inputs = expandInputs([`${FLEET}/**/r2/gogc50-*.log.gz`]);
    expect(inputs.map((i) => i.source)).toEqual([
      "api/r2/gogc50-p1.log.gz",
      "api/r2/gogc50-p2.log.gz",
      "batch/r2/gogc50-p1.log.gz",
      "batch/r2/gogc50-p2.log.gz",
      "cache/r2/gogc50-p1.log.gz",
      "cache/r2/gogc50-p2.log.gz",
    ]);
    expect(globRegExp("a/**/b?.log").test("a/x/y/b1.log")).toBe(true);
    expect(globRegExp("a/*.log").test("a/x/b.log")).toBe(false);
  });

  it("expandInputs names an argument that matches nothing, and two inputs with the same source", () => {
    expect(() => expandInputs([join(tmp, "nope")])).toThrow(/nope: no such file or directory/);
    expect(() => expandInputs([`${FLEET}/*.zip`])).toThrow(/no file matches/);
    expect(() =>
      expandInputs([join(FLEET, "api/r1/gogc50-p1.log.gz"), join(FLEET, "api/r2/gogc50-p1.log.gz")]),
    ).toThrow(/would both be source 'gogc50-p1.log.gz'/);
  });

  it("a label pattern reads labels from the path; fixed labels fill the rest; an unmatched source gets nulls", () => {
    const pattern = parseLabelPattern("{service}/{release}/gogc{gogc}-p{maxprocs}.log.gz");
    expect(pattern.match("batch/r2/gogc200-p1.log.gz")).toEqual({
      service: "batch",
      release: "r2",
      gogc: "200",
      maxprocs: "1",
    });
    const fixed = parseLabelArgs(["host=h1", "release=fixed"]);
    expect(labelsFor("batch/r2/gogc200-p1.log.gz", fixed, pattern)).toEqual({
      host: "h1",
      release: "r2",
      service: "batch",
      gogc: "200",
      maxprocs: "1",
    });
    expect(labelsFor("other.log", fixed, pattern)).toEqual({
      host: "h1",
      release: "fixed",
      service: null,
      gogc: null,
      maxprocs: null,
    });
    expect(() => parseLabelArgs(["novalue"])).toThrow(/expected name=value/);
    expect(() => parseLabelArgs(["source=x"])).toThrow(/partition key/);
    expect(() => parseLabelPattern("{a}/{a}")).toThrow(/appears twice/);
  });
});

describe("columnar tables", () => {
  const trace = parseTrace(readFileSync(join(ROOT, "data", "gctrace-pacer-scav.log"), "utf8"), {
    file: "x.log",
  });

  it("toArrow keeps every column with the schema's types, NaN as null, labels as dictionary strings", () => {
    const t = tableToArrow(trace.tables.gctrace, { labels: { service: "api", host: null } });
    expect(t.numRows).toBe(trace.tables.gctrace.length);
    const names = t.schema.fields.map((f) => f.name);
    expect(names).toEqual([...trace.tables.gctrace.schema.map((c) => c.name), "service", "host"]);
    expect(String(t.schema.fields[names.indexOf("gcNum")].type)).toBe("Int32");
    expect(String(t.schema.fields[names.indexOf("pauseMs")].type)).toBe("Float64");
    expect(t.getChild("clockScanMs")?.nullCount).toBe(t.numRows); // go1.5 only: never printed by go1.19
    expect(t.getChild("pauseMs")?.get(0)).toBe(trace.tables.gctrace.columns.pauseMs[0]);
    expect(t.getChild("service")?.get(3)).toBe("api");
    expect(t.getChild("host")?.get(3)).toBe(null);
  });

  it("an integer unit holding a fraction is an error naming table, column and line", () => {
    const gc = trace.tables.gctrace;
    const heap = Float64Array.from(gc.columns.heapLiveMB as Float64Array);
    heap[2] = 1.5;
    const bad = { ...gc, columns: { ...gc.columns, heapLiveMB: heap } };
    const line = (gc.columns.line as Float64Array)[2];
    expect(() => tableToArrow(bad)).toThrow(
      `gctrace.heapLiveMB (MiB): 1.5 at input line ${line} is not a whole int32 number`,
    );
    expect(columnarType({ name: "x", type: "number", unit: "bytes", doc: "" })).toBe("int64");
  });

  it("partition values escape what Hive escapes, so any file name is one folder", () => {
    expect(escapePartitionValue("a b/c:d%e=f.log")).toBe("a b%2Fc%3Ad%25e%3Df.log");
    expect(escapePartitionValue("")).toBe("%00");
  });

  it("writes ndjson and arrow parts with the same layout; a table now empty loses its old part", async () => {
    const dir = join(tmp, "formats");
    const ndjson = writeDataset(trace, dir, { format: "ndjson", labels: { service: "api" } });
    const first = readFileSync(ndjson[0].path, "utf8").split("\n")[0];
    const row = JSON.parse(first);
    expect(row.service).toBe("api");
    expect(row.clockScanMs).toBe(null);
    expect(ndjson.map((p) => p.table)).toEqual(
      ["gctrace", "gcforced", "gcpacertrace", "scavtrace"].filter((t) => ndjson.some((p) => p.table === t)),
    );
    const arrowParts = writeDataset(trace, dir, { format: "arrow" });
    const arrow = await import("apache-arrow");
    const back = arrow.tableFromIPC(readFileSync(arrowParts[0].path));
    expect(back.numRows).toBe(trace.tables.gctrace.length);
    // The same source again with no gc lines: its gctrace part goes.
    writeDataset(
      parseTrace(
        "SCHED 0ms: gomaxprocs=1 idleprocs=0 threads=2 spinningthreads=0 idlethreads=0 runqueue=0 [0]\n",
        { file: "x.log" },
      ),
      dir,
      { format: "arrow" },
    );
    expect(existsSync(partitionDir(dir, "gctrace", "x.log"))).toBe(false);
    expect(existsSync(partitionDir(dir, "schedtrace", "x.log"))).toBe(true);
  });

  it("a table longer than PART_ROWS is written as part-0, part-1, ... that DuckDB reads back whole", async () => {
    const gc = trace.tables.gctrace;
    const n = PART_ROWS + 3;
    const columns: Record<string, ColumnData> = {};
    for (const [name, c] of Object.entries(gc.columns)) {
      columns[name] =
        c instanceof Float64Array
          ? Float64Array.from({ length: n }, (_, i) => (name === "line" ? i + 1 : c[i % c.length]))
          : (Array.from({ length: n }, (_, i) => c[i % c.length]) as ColumnData);
    }
    const big = { ...trace, tables: { ...trace.tables, gctrace: { ...gc, length: n, columns } } } as Trace;
    const parts = writeDataset(big, join(tmp, "big"), { tables: ["gctrace"] });
    expect(parts.map((p) => [p.path.slice(p.path.lastIndexOf("/") + 1), p.rows])).toEqual([
      ["part-0.parquet", PART_ROWS],
      ["part-1.parquet", 3],
    ]);
    const fleet = await openFleet(join(tmp, "big"));
    const t = await fleet.sql("SELECT count(*) AS n, sum(line) AS s, sum(pauseMs) AS p FROM gctrace");
    fleet.close();
    expect(t.columns.n[0]).toBe(n);
    expect(t.columns.s[0]).toBe((n * (n + 1)) / 2);
    const pause = (columns.pauseMs as Float64Array).reduce((a, b) => a + b, 0);
    expect(Math.abs((t.columns.p[0] as number) - pause)).toBeLessThan(1e-6 * pause);
  });

  it("writeParquet of the built package encodes a large table's parts on 2 threads; DuckDB reads the same rows", async () => {
    expect(existsSync(join(ROOT, "dist", "columnar", "encodeWorker.js")), "npm run build first").toBe(true);
    const file = join(tmp, "gc-140k.txt");
    await generateGctrace(ROOT, file, 140_000);
    const out = join(tmp, "parallel");
    const script = `
      const { loadTrace, writeParquet, openFleet } = require(${JSON.stringify(join(ROOT, "dist", "index.js"))});
      (async () => {
        const trace = await loadTrace(${JSON.stringify(file)});
        const gc = trace.tables.gctrace;
        const parts = await writeParquet(trace, ${JSON.stringify(out)}, { threads: 2, tables: ["gctrace"] });
        const f = await openFleet(${JSON.stringify(out)});
        const t = await f.sql("SELECT count(*) AS n, sum(line) AS s, sum(pauseMs) AS p, sum(heapLiveMB) AS h, sum(timeMs) AS ms FROM gctrace");
        f.close();
        const sum = (c) => c.reduce((a, b) => a + b, 0);
        console.log(JSON.stringify({
          parts: parts.map((p) => [p.path.slice(p.path.lastIndexOf("/") + 1), p.rows]),
          got: [t.columns.n[0], t.columns.s[0], t.columns.p[0], t.columns.h[0], t.columns.ms[0]],
          want: [gc.length, sum(gc.columns.line), sum(gc.columns.pauseMs), sum(gc.columns.heapLiveMB), sum(gc.columns.timeMs)],
        }));
      })();`;
    const t0 = performance.now();
    const r = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
    // The idle encode worker kept for the next export (60 s) does not keep the script alive.
    expect(performance.now() - t0).toBeLessThan(50_000);
    // 140,000 rows on 2 threads: two parts of 70,000 (more than MIN_PARALLEL_ROWS each), one per thread.
    expect(r.parts).toEqual([
      ["part-0.parquet", 70_000],
      ["part-1.parquet", 70_000],
    ]);
    expect(r.got.slice(0, 2)).toEqual(r.want.slice(0, 2));
    for (let k = 2; k < 5; k++) expect(Math.abs(r.got[k] - r.want[k])).toBeLessThanOrEqual(1e-9 * r.want[k]);
  });

  it("MissingPackageError says what to install", () => {
    expect(new MissingPackageError("apache-arrow", "--format arrow").message).toBe(
      "--format arrow needs the optional package apache-arrow, which is not installed: npm install apache-arrow@^21.2.0",
    );
  });
});

describe("godebug-lab export --format parquet", () => {
  it("writes every table of every input; a broken file is reported and the others are written (exit 1)", async () => {
    const inDir = join(tmp, "in");
    mkdirSync(inDir);
    copyFileSync(join(FLEET, "api", "r1", "gogc50-p1.log.gz"), join(inDir, "good.log.gz"));
    copyFileSync(join(ROOT, "data", "scheddetail.log"), join(inDir, "detail.log"));
    // Mostly binary: loadTrace refuses it. A corrupt gzip: what came before the damage is exported, with a warning.
    writeFileSync(
      join(inDir, "broken.log"),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    );
    writeFileSync(join(inDir, "cut.log.gz"), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]));
    const out = join(tmp, "out");
    const r = await run(["export", inDir, "--format", "parquet", "-o", out, "--label", "host=h1"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`godebug-lab: ${join(inDir, "broken.log")}: not a text trace (binary data`);
    expect(r.err).toMatch(/warning: .*cut\.log\.gz: gzip data ends early/i);
    expect(r.err).toMatch(/wrote 3 of 4 traces .* 1 failed/);
    const tables = readdirSync(out).sort();
    expect(tables).toEqual([
      "table=gctrace",
      "table=scheddetailG",
      "table=scheddetailM",
      "table=scheddetailP",
      "table=schedtrace",
      "table=schedtraceP",
    ]);
    const fleet = await openFleet(out);
    const t = await fleet.sql("SELECT source, host, count(*) AS n FROM gctrace GROUP BY ALL");
    expect(t.columns.source).toEqual(["good.log.gz"]);
    expect(t.columns.host).toEqual(["h1"]);
    const trace = await loadTrace(join(inDir, "good.log.gz"));
    expect(t.columns.n).toEqual(Float64Array.of(trace.tables.gctrace.length));
    const g = await fleet.sql("SELECT count(*) AS n FROM scheddetailG");
    expect(g.columns.n[0]).toBe((await loadTrace(join(inDir, "detail.log"))).tables.scheddetailG.length);
    fleet.close();
  });

  it("--kind picks tables, and usage mistakes are one line with status 2", async () => {
    const out = join(tmp, "kinds");
    const r = await run([
      "export",
      join(FLEET, "cache"),
      "--format=parquet",
      "-o",
      out,
      "--kind",
      "schedtrace",
    ]);
    expect(r.code).toBe(0);
    expect(readdirSync(out)).toEqual(["table=schedtrace"]);
    expect((await run(["export", FLEET, "--format", "parquet"])).err).toMatch(/give it with -o <dir>/);
    expect((await run(["export", FLEET, "--format", "parquet", "-o", out, "--kind", "gc"])).code).toBe(2);
    expect((await run(["export", FLEET, "--format", "parquet", "-o", out, "--label", "x"])).err).toMatch(
      /expected name=value/,
    );
  });

  it("the built binary reads the 36 traces on worker threads (2 or more on a multi-core machine)", () => {
    expect(existsSync(BIN), "npm run build first").toBe(true);
    const out = join(tmp, "bin");
    const r = spawnSync(
      process.execPath,
      [
        BIN,
        "export",
        FLEET,
        "--format",
        "parquet",
        "-o",
        out,
        "--label-pattern",
        "{service}/{release}/gogc{gogc}-p{maxprocs}.log.gz",
        "--threads",
        "2",
      ],
      { encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/wrote 36 of 36 traces .* on 2 threads/);
    const rows = execFileSync(
      process.execPath,
      [
        "-e",
        `
      const { openFleet } = require(${JSON.stringify(join(ROOT, "dist", "index.js"))});
      openFleet(${JSON.stringify(out)}).then(async (f) => {
        const t = await f.sql("SELECT count(DISTINCT source) AS s, count(DISTINCT service) AS v, count(*) AS n FROM gctrace");
        console.log(JSON.stringify([t.columns.s[0], t.columns.v[0], t.columns.n[0]])); f.close();
      });`,
      ],
      { encoding: "utf8" },
    );
    expect(JSON.parse(rows)).toEqual([36, 3, expect.any(Number)]);
  });
});
