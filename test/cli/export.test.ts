import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Table } from "../../src";
import { tableRows } from "../../src/cli/export";
import { main } from "../../src/cli/main";
import { clockTexts } from "../capture/printedMs";
import { data, fileLines } from "./fixtures";
import { memoryIO } from "./memoryIO";

async function run(args: string[], stdin = "") {
  const io = memoryIO(stdin);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** RFC 4180 fields of one CSV line (enough for these tables: quotes only around fields with , " or newline). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = re.exec(line); m !== null && m.index < line.length; m = re.exec(line)) {
    fields.push(m[1].startsWith('"') ? m[1].slice(1, -1).replaceAll('""', '"') : m[1]);
    if (m[2] === "") break;
  }
  return fields;
}

const GCTRACE_COLUMNS =
  "run,line,gcNum,timeMs,gcPct,clockSweepTermMs,clockMarkMs,clockMarkTermMs,cpuSweepTermMs,cpuAssistMs,cpuBackgroundMs,cpuIdleMs,cpuMarkTermMs,heapStartMB,heapEndMB,heapLiveMB,heapGoalMB,stacksMB,globalsMB,procs,forced,pauseMs";

describe("godebug-lab export", () => {
  it("export --kind gctrace writes CSV with the column names as header and one row per gc line", async () => {
    const file = data("workload-gogc100.log");
    const r = await run(["export", file, "--kind", "gctrace"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const [header, ...rows] = r.out.trimEnd().split("\n");
    expect(header.startsWith(`${GCTRACE_COLUMNS},`)).toBe(true);
    const gcLines = fileLines(file);
    expect(rows).toHaveLength(gcLines.length);
    const names = csvFields(header);
    const first = Object.fromEntries(csvFields(rows[0]).map((v, i) => [names[i], v]));
    const [c1, c2, c3] = clockTexts(gcLines[0]);
    expect(first.gcNum).toBe("1");
    expect(first.line).toBe("1");
    expect(Number(first.clockSweepTermMs)).toBe(Number(c1));
    expect(Number(first.clockMarkMs)).toBe(Number(c2));
    expect(Number(first.pauseMs)).toBeCloseTo(Number(c1) + Number(c3), 9);
    expect(first.forced).toBe("false");
    // go1.19 prints no go1.5 scan phase: an empty field, not NaN.
    expect(first.clockScanMs).toBe("");
  });

  it("export --format json writes an array of row objects with null for numbers the version does not print", async () => {
    const file = data("gctrace-pacer-scav.log");
    const r = await run(["export", file, "--kind", "gctrace", "--format", "json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out);
    const gcLines = fileLines(file).filter((l) => l.startsWith("gc "));
    expect(rows).toHaveLength(gcLines.length);
    expect(Object.keys(rows[0]).slice(0, 22).join(",")).toBe(GCTRACE_COLUMNS);
    expect(rows[0].clockScanMs).toBeNull();
    expect(rows.filter((row: { forced: boolean }) => row.forced).length).toBe(
      gcLines.filter((l) => l.endsWith("(forced)")).length,
    );
  });

  it("export accepts table names: --kind schedtraceP gives one row per P per SCHED line", async () => {
    const file = data("case1-schedtrace.log");
    const r = await run(["export", file, "--kind", "schedtraceP"]);
    expect(r.code).toBe(0);
    const [header, ...rows] = r.out.trimEnd().split("\n");
    expect(header.split(",").slice(0, 5)).toEqual(["run", "line", "timeMs", "p", "runqueue"]);
    expect(rows).toHaveLength(fileLines(file).filter((l) => l.startsWith("SCHED ")).length); // GOMAXPROCS=1
  });

  it("export --kind scheddetailG keeps wait reasons with spaces", async () => {
    const file = data("case2-leak-scheddetail.log");
    const r = await run(["export", file, "--kind", "scheddetailG", "--format", "csv"]);
    expect(r.code).toBe(0);
    const [header, ...rows] = r.out.trimEnd().split("\n");
    const names = csvFields(header);
    const reason = names.indexOf("waitReason");
    expect(reason).toBeGreaterThan(0);
    const gLines = fileLines(file).filter((l) => /^ {2}G\d+: /.test(l));
    expect(rows).toHaveLength(gLines.length);
    const chanReceive = rows.filter((row) => csvFields(row)[reason] === "chan receive").length;
    expect(chanReceive).toBe(gLines.filter((l) => l.includes("(chan receive)")).length);
  });

  it("export - reads the trace from stdin", async () => {
    const text = fileLines(data("inittrace.log")).join("\n");
    const r = await run(["export", "-", "--kind", "inittrace"], text);
    expect(r.code).toBe(0);
    const rows = r.out.trimEnd().split("\n").slice(1);
    expect(rows).toHaveLength(fileLines(data("inittrace.log")).filter((l) => l.startsWith("init ")).length);
    expect(rows[0]).toContain(",internal/bytealg,");
  });

  it("tableRows quotes CSV fields with commas, quotes and newlines, and writes an empty table as [] in JSON", () => {
    const table: Table = {
      name: "t",
      length: 2,
      schema: [
        { name: "n", type: "number", unit: "", doc: "" },
        { name: "s", type: "string", unit: "", doc: "" },
      ],
      columns: { n: Float64Array.of(1.5, Number.NaN), s: ['a,b "c"', "x\ny"] },
    };
    expect([...tableRows(table, "csv")].join("")).toBe('n,s\n1.5,"a,b ""c"""\n,"x\ny"\n');
    expect(JSON.parse([...tableRows(table, "json")].join(""))).toEqual([
      { n: 1.5, s: 'a,b "c"' },
      { n: null, s: "x\ny" },
    ]);
    expect(
      JSON.parse(
        [...tableRows({ ...table, length: 0, columns: { n: new Float64Array(0), s: [] } }, "json")].join(""),
      ),
    ).toEqual([]);
  });
});

describe("godebug-lab export: user errors exit 2 with one clear line", () => {
  const file = data("inittrace.log");
  it.each([
    [["export", file], /--kind is required/],
    [["export", file, "--kind", "gctrase"], /unknown kind 'gctrase': expected one of gctrace, gcforced/],
    [["export", file, "--kind", "scheddetail"], /use --kind scheddetailP, scheddetailM or scheddetailG/],
    [["export", file, "--kind", "gctrace", "--format", "xml"], /unknown format 'xml': expected csv or json/],
    [["export", "/nonexistent.log", "--kind", "gctrace"], /cannot read \/nonexistent\.log: no such file/],
    [["export", file, "--kind"], /--kind/],
    [["export", "--kind", "gctrace"], /missing <file\|->/],
  ])("export %j fails with status 2", async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/^godebug-lab export: /);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe("godebug-lab export -o and --kind all", () => {
  const dir = mkdtempSync(join(tmpdir(), "godebug-lab-export-"));

  it("export -o writes the same text as stdout to the file and says how many rows", async () => {
    const file = data("workload-gogc100.log");
    const out = join(dir, "gc.csv");
    const toFile = await run(["export", file, "--kind", "gctrace", "-o", out]);
    expect(toFile.code).toBe(0);
    expect(toFile.out).toBe(`wrote ${out}: ${fileLines(file).length} rows\n`);
    expect(readFileSync(out, "utf8")).toBe((await run(["export", file, "--kind", "gctrace"])).out);
    expect((await run(["export", file, "--kind", "gctrace", "-o", "-"])).out).toBe(readFileSync(out, "utf8"));
  });

  it("export --kind all -o <dir> writes every table with rows, each equal to its --kind export", async () => {
    const file = data("scheddetail.log");
    const out = join(dir, "all", "nested");
    const r = await run(["export", file, "--kind", "all", "-o", out, "--format", "json"]);
    expect(r.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(["scheddetailG.json", "scheddetailM.json", "scheddetailP.json", "schedtrace.json"]);
    for (const f of files) {
      const kind = f.replace(/\.json$/, "");
      const one = await run(["export", file, "--kind", kind, "--format", "json"]);
      expect(readFileSync(join(out, f), "utf8")).toBe(one.out);
      expect(r.out).toContain(`wrote ${join(out, f)}: ${JSON.parse(one.out).length} rows\n`);
    }
    expect(r.out).toMatch(
      /\nno rows, not written: gctrace, gcforced, gcscan, gcpacertrace, scavtrace, schedtraceP, inittrace\n$/,
    );
  });

  it("--kind all needs a folder; a file that cannot be written fails before anything is made", async () => {
    const all = await run(["export", data("scheddetail.log"), "--kind", "all"]);
    expect(all.code).toBe(2);
    expect(all.err).toBe(
      "godebug-lab export: --kind all writes one file per table: name a folder with -o <dir>\n",
    );
    const missing = join(dir, "no-such-dir", "x.csv");
    const bad = await run(["export", data("scheddetail.log"), "--kind", "schedtrace", "-o", missing]);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(`godebug-lab export: cannot write ${missing}: no such file or directory\n`);
    const never = join(dir, "never.csv");
    const unreadable = await run(["export", join(dir, "missing.log"), "--kind", "gctrace", "-o", never]);
    expect(unreadable.code).toBe(2);
    expect(existsSync(never)).toBe(false);
  });
});
