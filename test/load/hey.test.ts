/** loadHey / parseHey on real hey output (test/load/data/, see its README) and on damaged copies made here. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadHey, parseHey } from "../../src";
import { looksLikeHey } from "../../src/load/hey";
import { HEY_REQUEST_COLUMNS } from "../../src/load/heyCsv";

const DIR = path.join(__dirname, "data");
const fixture = (name: string) => path.join(DIR, name);
const read = (name: string) => fs.readFileSync(fixture(name), "utf8");
const col = (t: { columns: Record<string, unknown> }, name: string) => t.columns[name] as Float64Array;

/** The oracle: hey's CSV rows split by hand, seconds as printed. */
function rowsOf(text: string): number[][] {
  return text
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(",").map(Number));
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "hey-test-"));
}

describe("loadHey on hey -o csv", () => {
  it("reads one row per request with every phase in ms, on hey's clock when no load start is known", async () => {
    const h = await loadHey(fixture("sendjson-200.csv"));
    const rows = rowsOf(read("sendjson-200.csv"));
    expect(h.format).toBe("csv");
    expect(h.clock).toBe("hey");
    expect(h.requests.length).toBe(200);
    expect(h.counts).toEqual({ header: 1, request: 200, blank: 0, malformed: 0 });
    expect(h.lines).toBe(201);
    expect(h.requests.schema.map((c) => c.name)).toEqual(HEY_REQUEST_COLUMNS.map((c) => c.name));
    const names = [
      "latencyMs",
      "dnsDialupMs",
      "dnsMs",
      "requestWriteMs",
      "responseDelayMs",
      "responseReadMs",
    ];
    for (const [i, r] of rows.entries()) {
      for (const [f, n] of names.entries()) expect(col(h.requests, n)[i]).toBeCloseTo(r[f] * 1000, 9);
      expect(col(h.requests, "status")[i]).toBe(r[6]);
      expect(col(h.requests, "offsetMs")[i]).toBeCloseTo(r[7] * 1000, 9);
      expect(col(h.requests, "timeMs")[i]).toBe(col(h.requests, "offsetMs")[i]);
      expect(col(h.requests, "endMs")[i]).toBeCloseTo((r[7] + r[0]) * 1000, 9);
      expect(col(h.requests, "line")[i]).toBe(i + 2);
    }
    expect(h.malformed).toEqual([]);
    expect(h.damage).toEqual([]);
  });

  it("converts seconds to ms exactly (the decimal point moved): 0.0007 s is 0.7 ms, not 0.7000000000000001", () => {
    const h =
      parseHey(`response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset
0.0007,0.0003,0.0000,0.0002,0.0009,0.0000,200,0.0007
`);
    expect(col(h.requests, "latencyMs")[0]).toBe(0.7);
    expect(col(h.requests, "offsetMs")[0]).toBe(0.7);
  });

  it("puts timeMs on the traced process's clock: the capture's load.startMs + hey's offset", async () => {
    const h = await loadHey(fixture("sendjson-200.csv"), { loadStartMs: 1315, run: 2 });
    expect(h.clock).toBe("process");
    const off = col(h.requests, "offsetMs");
    for (const [i, t] of col(h.requests, "timeMs").entries()) expect(t).toBe(1315 + off[i]);
    expect(new Set(col(h.requests, "run"))).toEqual(new Set([2]));
  });

  it("finds <name>.meta.json beside <name>.hey.csv.gz and takes load.startMs and load.requests from it", async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, "cap.hey.csv.gz"), gzipSync(read("sendjson-200.csv")));
    fs.writeFileSync(
      path.join(dir, "cap.meta.json"),
      JSON.stringify({ load: { startMs: 1000, requests: 200 } }),
    );
    const h = await loadHey(path.join(dir, "cap.hey.csv.gz"));
    expect(h.metaFile).toBe(path.join(dir, "cap.meta.json"));
    expect(h.loadStartMs).toBe(1000);
    expect(h.expectedRequests).toBe(200);
    expect(col(h.requests, "timeMs")[0]).toBe(1000 + col(h.requests, "offsetMs")[0]);
    const off = await loadHey(path.join(dir, "cap.hey.csv.gz"), { meta: false });
    expect(off.clock).toBe("hey");
    expect(Number.isNaN(off.expectedRequests)).toBe(true);
  });

  it("computes hey's summary from the rows: its percentile rule, 11 buckets, status codes", async () => {
    const h = await loadHey(fixture("sendjson-200.csv"));
    const s = h.summary;
    const sorted = Float64Array.from(col(h.requests, "latencyMs")).sort();
    expect(s.from).toBe("csv");
    expect(s.responses).toBe(200);
    expect(s.statusCodes).toEqual({ "200": 200 });
    // hey report.go: the p-th percentile is the first sorted latency at i with floor(100 i / n) >= p
    expect(s.percentiles.map((p) => p.percent)).toEqual([10, 25, 50, 75, 90, 95, 99]);
    expect(s.percentiles[2].latencyMs).toBe(sorted[100]);
    expect(s.percentiles[6].latencyMs).toBe(sorted[198]);
    expect(s.histogram.length).toBe(11);
    expect(s.histogram.reduce((a, b) => a + b.count, 0)).toBe(200);
    expect(s.histogram[10].markMs).toBe(sorted[199]);
    expect(s.fastestMs).toBe(sorted[0]);
    expect(s.slowestMs).toBe(sorted[199]);
    expect(s.phases.map((p) => p.phase)).toEqual([
      "DNS+dialup",
      "DNS-lookup",
      "req write",
      "resp wait",
      "resp read",
    ]);
  });

  it("keeps the status codes of non-200 responses", async () => {
    const h = await loadHey(fixture("get-405.csv"));
    expect(h.requests.length).toBe(100);
    expect(h.summary.statusCodes).toEqual({ "405": 100 });
  });

  it("reads a CSV of a run where every request failed: the header only, no rows (hey leaves failures out)", async () => {
    const h = await loadHey(fixture("refused.csv"));
    expect(h.requests.length).toBe(0);
    expect(h.counts.header).toBe(1);
    expect(h.summary.responses).toBe(0);
    expect(Number.isNaN(h.summary.averageMs)).toBe(true);
  });

  it("reads the rows of a run whose service stopped halfway (the refused requests have no row)", async () => {
    const h = await loadHey(fixture("stopped.csv"));
    expect(h.requests.length).toBe(rowsOf(read("stopped.csv")).length);
    expect(h.malformed).toEqual([]);
  });
});

describe("loadHey reports bad and cut rows with file, line and reason", () => {
  const good = read("sendjson-200.csv");
  const lines = good.split("\n");

  it("counts malformed rows and keeps the others", () => {
    const bad = [...lines];
    bad[3] = "0.0005,0.0000,x,0.0000,0.0003,0.0001,200,0.0015";
    bad[5] = "0.0005,0.0000,0.0000,0.0000,0.0003,0.0001,200";
    bad[7] = `${lines[7]},9`;
    bad[9] = "0.0005,0.0000,0.0000,0.0000,0.0003,0.0001,999,0.0015";
    bad[11] = "";
    const h = parseHey(bad.join("\n"), { file: "bad.csv" });
    expect(h.counts).toEqual({ header: 1, request: 195, blank: 1, malformed: 4 });
    expect(h.requests.length).toBe(195);
    expect(h.describeMalformed()).toEqual([
      'bad.csv:4: field 3 (DNS) is not a number: "x"',
      "bad.csv:6: 7 fields, expected 8",
      "bad.csv:8: 9 fields, expected 8",
      "bad.csv:10: status-code 999 is not an HTTP status",
    ]);
    expect(h.malformed[0].text).toBe(bad[3]);
    expect(col(h.requests, "line")).not.toContain(4);
  });

  it("reports a file cut inside its last row (fewer fields, or a shorter last field) as cut off", () => {
    const body = lines.slice(0, 51).join("\n");
    const inRow = parseHey(`${body}\n0.0005,0.0000,0.00`, { file: "cut.csv" });
    expect(inRow.requests.length).toBe(50);
    expect(inRow.describeMalformed()).toEqual([
      "cut.csv:52: cut off: the file ends inside this row (3 of 8 fields)",
    ]);
    const inField = parseHey(`${body}\n${lines[51].slice(0, -2)}`, { file: "cut.csv" });
    expect(inField.describeMalformed()).toEqual([
      "cut.csv:52: cut off: the file ends inside this row's last field",
    ]);
    // a complete last row without its newline is kept
    expect(parseHey(`${body}\n${lines[51]}`).requests.length).toBe(51);
  });

  it("keeps what a cut-off gzip stream held before the cut and says where it stopped", async () => {
    const dir = tmpDir();
    const gz = gzipSync(good);
    fs.writeFileSync(path.join(dir, "cut.csv.gz"), gz.subarray(0, Math.floor(gz.length / 2)));
    const h = await loadHey(path.join(dir, "cut.csv.gz"), { file: "cut.csv.gz" });
    expect(h.requests.length).toBeGreaterThan(10);
    expect(h.requests.length).toBeLessThan(200);
    expect(h.damage.length).toBe(1);
    expect(h.describeDamage()[0]).toMatch(/^cut\.csv\.gz:\d+: gzip data ends early or is corrupt/);
  });

  it("throws, naming the file, for input that is not hey output, or a missing file", async () => {
    expect(() => parseHey("gc 1 @0.011s 2%: 0.012+0.31+0.003 ms clock\n", { file: "t.log" })).toThrow(
      /^t\.log: not hey output \(starts with "gc 1/,
    );
    expect(() => parseHey("", { file: "e.csv" })).toThrow(/^e\.csv: not hey output \(empty\)/);
    await expect(loadHey(path.join(DIR, "nope.csv"))).rejects.toThrow(/nope\.csv: cannot read/);
  });

  it("looksLikeHey tells hey's two formats from a trace", () => {
    expect(looksLikeHey(read("sendjson-200.csv"))).toBe(true);
    expect(looksLikeHey(read("sendjson-200.txt"))).toBe(true);
    expect(looksLikeHey("SCHED 0ms: gomaxprocs=1 idleprocs=0\n")).toBe(false);
  });
});

describe("loadHey on hey's text summary", () => {
  it("reads the totals, histogram, percentiles, phases and status codes as printed", async () => {
    const h = await loadHey(fixture("sendjson-200.txt"));
    const text = read("sendjson-200.txt");
    const s = h.summary;
    expect(h.format).toBe("text");
    expect(h.requests.length).toBe(0);
    expect(h.counts.malformed).toBe(0);
    expect(s.from).toBe("text");
    expect(s.responses).toBe(200);
    expect(s.statusCodes).toEqual({ "200": 200 });
    expect(s.totalSec).toBe(Number(text.match(/Total:\s+([\d.]+)/)?.[1]));
    expect(s.requestsPerSec).toBe(Number(text.match(/Requests\/sec:\s+([\d.]+)/)?.[1]));
    expect(s.totalDataBytes).toBe(200 * 45);
    expect(s.sizePerRequestBytes).toBe(45);
    expect(s.histogram.length).toBe(11);
    expect(s.histogram.reduce((a, b) => a + b.count, 0)).toBe(200);
    expect(s.percentiles.map((p) => p.percent)).toEqual([10, 25, 50, 75, 90, 95, 99]);
    expect(s.percentiles[6].latencyMs).toBe(Number(text.match(/99% in ([\d.]+)/)?.[1]) * 1000);
    expect(s.phases.length).toBe(5);
    // hey prints the response time's fastest/slowest on its DNS+dialup line: not the connection's
    expect(Number.isNaN(s.phases[0].fastestMs)).toBe(true);
    expect(s.phases[3].phase).toBe("resp wait");
    expect(s.phases[3].slowestMs).toBe(Number(text.match(/resp wait:.*, ([\d.]+) secs\n/)?.[1]) * 1000);
  });

  it("reads the error distribution of a run where every request was refused (average NaN, no histogram)", async () => {
    const s = (await loadHey(fixture("refused.txt"))).summary;
    expect(s.responses).toBe(0);
    expect(s.errors).toBe(20);
    expect(s.errorDistribution[0].error).toMatch(/connection refused$/);
    expect(Number.isNaN(s.averageMs)).toBe(true);
    expect(s.histogram).toEqual([]);
  });

  it("reads a run with responses and errors; drops the 0% line hey prints for a percentile it did not reach", async () => {
    const h = await loadHey(fixture("stopped.txt"));
    expect(h.summary.responses).toBe(98);
    expect(h.summary.errors).toBe(102);
    expect(h.summary.percentiles.map((p) => p.percent)).toEqual([10, 25, 50, 75, 90, 95]);
    expect(h.malformed).toEqual([]);
  });

  it("reports a summary cut before its status codes as damage, and a stray line as malformed", () => {
    const lines = read("sendjson-200.txt").split("\n");
    const cut = parseHey(lines.slice(0, 20).join("\n"), { file: "cut.txt" });
    expect(cut.describeDamage()).toEqual([
      "cut.txt:20: cut off: hey's summary stops before its status code distribution",
    ]);
    const stray = [...lines];
    stray.splice(30, 0, "hello from somewhere");
    const h = parseHey(stray.join("\n"), { file: "s.txt" });
    expect(h.counts.malformed).toBe(1);
    expect(h.describeMalformed()[0]).toMatch(
      /^s\.txt:31: not a line of hey's summary \(in hey's \w+ section\)$/,
    );
  });
});
