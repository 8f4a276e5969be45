/** `summary` and `export` on hey output, recognised by content (file, gzip, stdin), on real hey output. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { memoryIO } from "./memoryIO";

const HEY = path.join(__dirname, "..", "load", "data");
const DATA = path.join(__dirname, "..", "..", "data");
const hey = (f: string) => path.join(HEY, f);

async function run(args: string[], stdin = "") {
  const io = memoryIO(stdin);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("godebug-lab summary on hey output", () => {
  it("summarises a hey CSV capture on the trace's clock (its .meta.json found beside it)", async () => {
    const r = await run(["summary", path.join(DATA, "case1-latency-p1.hey.csv.gz")]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toContain("(hey -o csv, one row per request)");
    expect(r.out).toMatch(/request +20000/);
    expect(r.out).toContain("timeMs: on the traced process's clock: hey started at");
    expect(r.out).toContain("status: 200 × 20000");
  });

  it("summary --json of hey's text summary gives its figures and errors", async () => {
    const r = await run(["summary", hey("stopped.txt"), "--json"]);
    const s = JSON.parse(r.out);
    expect(s.kind).toBe("hey");
    expect(s.format).toBe("text");
    expect(s.summary.responses).toBe(98);
    expect(s.summary.errors).toBe(102);
    expect(s.summary.phases[0].fastestMs).toBeNull();
  });

  it("reads hey output from stdin, plain or gzip, and still reads a trace from stdin", async () => {
    const csv = fs.readFileSync(hey("sendjson-200.csv"), "utf8");
    const plain = await run(["summary", "-", "--json"], csv);
    expect(JSON.parse(plain.out).summary.responses).toBe(200);
    const io = memoryIO();
    Object.assign(io, { stdin: (await import("node:stream")).Readable.from([gzipSync(csv)]) });
    expect(await main(["summary", "-", "--json"], io)).toBe(0);
    expect(JSON.parse(io.out()).counts.request).toBe(200);
    const trace = fs.readFileSync(path.join(DATA, "case1-schedtrace.log"), "utf8");
    const t = JSON.parse((await run(["summary", "-", "--json"], trace)).out);
    expect(t.counts.schedtrace).toBeGreaterThan(0);
  });

  it("lists a hey file's malformed rows with file, line and reason", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hey-cli-"));
    const lines = fs.readFileSync(hey("sendjson-200.csv"), "utf8").split("\n");
    lines[4] = "0.0005,oops";
    const bad = path.join(dir, "bad.csv");
    fs.writeFileSync(bad, lines.join("\n"));
    const r = await run(["summary", bad]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`malformed lines:\n  ${bad}:5: 2 fields, expected 8`);
  });

  it("refuses the window flags for a hey file", async () => {
    const r = await run(["summary", hey("sendjson-200.csv"), "--from", "1s"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("cut a trace, not a hey file");
  });
});

describe("godebug-lab export on hey output", () => {
  it("writes the requests table (the default --kind for hey) as CSV with the column names", async () => {
    const r = await run(["export", path.join(DATA, "queue-p1-1000rps.hey.csv.gz")]);
    expect(r.code).toBe(0);
    const rows = r.out.trim().split("\n");
    expect(rows[0]).toBe(
      "run,line,timeMs,endMs,latencyMs,dnsDialupMs,dnsMs,requestWriteMs,responseDelayMs,responseReadMs,status,offsetMs",
    );
    expect(rows.length).toBe(3001);
    const meta = JSON.parse(fs.readFileSync(path.join(DATA, "queue-p1-1000rps.meta.json"), "utf8"));
    const [, , timeMs, , , , , , , , , offsetMs] = rows[1].split(",").map(Number);
    expect(timeMs).toBeCloseTo(meta.load.startMs + offsetMs, 9);
  });

  it("--kind requests --format json, and --kind all -o <dir> writes <dir>/requests.csv", async () => {
    const j = await run(["export", hey("get-405.csv"), "--kind", "requests", "--format", "json"]);
    const rows = JSON.parse(j.out);
    expect(rows.length).toBe(100);
    expect(rows[0].status).toBe(405);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hey-cli-"));
    const all = await run(["export", hey("get-405.csv"), "--kind", "all", "-o", dir]);
    expect(all.out).toBe(`wrote ${path.join(dir, "requests.csv")}: 100 rows\n`);
    expect(fs.readFileSync(path.join(dir, "requests.csv"), "utf8").split("\n").length).toBe(102);
  });

  it("says why for a trace kind on a hey file, and for hey's text summary (no rows)", async () => {
    const k = await run(["export", hey("get-405.csv"), "--kind", "gctrace"]);
    expect(k.code).toBe(2);
    expect(k.err).toContain("is hey output: its one table is --kind requests, not 'gctrace'");
    const t = await run(["export", hey("sendjson-200.txt")]);
    expect(t.code).toBe(2);
    expect(t.err).toContain("is hey's text summary: it has no per-request rows (run hey with -o csv)");
  });

  it("--load-start puts a hey file without a .meta.json on the trace's clock, and is refused for a trace", async () => {
    const r = await run(["export", hey("sendjson-200.csv"), "--load-start", "1.5", "--format", "json"]);
    const rows = JSON.parse(r.out);
    expect(rows[0].timeMs).toBeCloseTo(1500 + rows[0].offsetMs, 9);
    const ms = JSON.parse(
      (await run(["export", hey("sendjson-200.csv"), "--load-start", "250ms", "--format", "json"])).out,
    );
    expect(ms[0].timeMs).toBeCloseTo(250 + ms[0].offsetMs, 9);
    const bad = await run(["export", hey("sendjson-200.csv"), "--load-start", "soon"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--load-start: expected seconds (1.5) or a Go duration (1500ms), got 'soon'");
    const trace = await run([
      "export",
      path.join(DATA, "case1-schedtrace.log"),
      "--kind",
      "schedtrace",
      "--load-start",
      "1",
    ]);
    expect(trace.code).toBe(2);
    expect(trace.err).toContain("--load-start places hey's requests on a trace's clock");
  });

  it("still needs --kind for a trace", async () => {
    const r = await run(["export", path.join(DATA, "case1-schedtrace.log")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--kind is required");
  });
});
