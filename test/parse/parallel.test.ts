import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { loadTrace, type Trace } from "../../src";
import { MAX_LINE_CHARS } from "../../src/parse/lines";
import { planChunks } from "../../src/parse/parallel/ranges";
import { headProblem, threadsFor } from "../../src/parse/parallel/scan";
import { loadTraceParallel } from "../../src/trace/doors";
import { essence, FIXTURES, REPO } from "./realTraces";

const tmp = mkdtempSync(join(tmpdir(), "godebug-parallel-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let files = 0;

function file(text: string | Buffer): string {
  const p = join(tmp, `t${files++}.log`);
  writeFileSync(p, text);
  return p;
}

const oneThread = (path: string): Promise<Trace> =>
  loadTrace(path, { file: "x", keepOtherText: true, threads: 1 });

/** The parallel reader on this thread (no worker script when running from sources) with `ranges` ranges. */
function parallel(path: string, ranges: number): Promise<Trace | null> {
  return loadTraceParallel(
    path,
    statSync(path).size,
    ranges,
    { file: "x", keepOtherText: true },
    { useWorkers: false, minGcShare: 0 },
  );
}

/** A gctrace row that came from a line without a row slot (not `gc ` + digit at column 0): parallel gives up. */
function hasRowWithoutSlot(t: Trace, text: string): boolean {
  const lines = text.split("\n");
  return Array.from(t.num("gctrace", "line")).some((n) => !/^gc \d/.test(lines[n - 1]));
}

const GO119 = readFileSync(join(REPO, "data", "gctrace-pacer-scav.log"), "utf8");
const GO15 = FIXTURES.filter((f) => f.name.includes("/go1.5/")).map((f) => f.text);
const GORUN = FIXTURES.find((f) => f.name.endsWith("go1.19/gctrace-gorun.txt"))?.text ?? "";
const DETAIL = readFileSync(join(REPO, "data", "scheddetail.log"), "utf8");
/** Real gc-only captures (the workload at GOMEMLIMIT=64MiB and GOGC=50, a steady go1.19 trace). */
const GC_ONLY = [
  readFileSync(join(REPO, "data", "workload-memlimit64.log"), "utf8"),
  readFileSync(join(REPO, "data", "workload-gogc50.log"), "utf8"),
  FIXTURES.find((f) => f.name.endsWith("go1.19/gctrace-steady.txt"))?.text ?? "",
].join("\n");

/** The share of the text's bytes in lines that start `gc ` + digit. */
function gcShare(text: string): number {
  const gc = text
    .split("\n")
    .filter((l) => /^gc \d/.test(l))
    .reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
  return gc / Buffer.byteLength(text);
}

describe("the parallel reader gives the one-thread result", () => {
  it("on every real fixture, cut into 2, 3 and 16 ranges, or it gives up exactly when a gc row has no slot", async () => {
    let parallelled = 0;
    let gaveUp = 0;
    for (const { name, text } of FIXTURES) {
      const path = file(text);
      const expected = await oneThread(path);
      for (const ranges of [2, 3, 16]) {
        const got = await parallel(path, ranges);
        if (got === null) {
          expect(hasRowWithoutSlot(expected, text), name).toBe(true);
          gaveUp++;
        } else {
          expect(essence(got), `${name} in ${ranges} ranges`).toEqual(essence(expected));
          parallelled++;
        }
      }
    }
    expect(parallelled).toBeGreaterThan(3 * 40);
    expect(gaveUp).toBeGreaterThan(0); // the go1.0–1.4 layouts and glued lines of the corpus
  });

  it("on a mix of real traces: go1.5 rows between fast rows, interleaved runs, detail dumps, pacer lines before their gc line, a cut line, CRLF, no final newline", async () => {
    const cut =
      GO119.split("\n")
        .find((l) => l.startsWith("gc 5 "))
        ?.slice(0, 40) ?? "";
    expect(cut).toMatch(/^gc 5 @/);
    const lastGc = GO119.split("\n").find((l) => l.startsWith("gc 7 ")) ?? "";
    const mix = [GO119, ...GO15, cut, GORUN, DETAIL, GO119.replace(/\n/g, "\r\n"), GO119, lastGc].join("\n");
    const path = file(mix);
    const expected = await oneThread(path);
    expect(expected.counts.malformed).toBeGreaterThan(0); // the cut line
    expect(expected.tables.gctrace.columns.format).toContain("go1.5");
    expect(expected.tables.gctrace.columns.format).toContain("go1.18");
    expect(expected.runs).toBeGreaterThan(3);
    // The last line, without "\n", is a whole gc line: its row comes from the slow path, in its slot.
    const lines = expected.num("gctrace", "line");
    expect(lines[lines.length - 1]).toBe(expected.lines);
    for (const ranges of [2, 3, 5, 8, 16, 64]) {
      const got = await parallel(path, ranges);
      expect(got, `${ranges} ranges`).not.toBeNull();
      expect(essence(got as Trace), `${ranges} ranges`).toEqual(essence(expected));
    }
  });

  it("gives up on a gc line behind a log prefix (no slot for its row); loadTrace then parses on one thread", async () => {
    const lines = GO119.split("\n");
    const k = lines.findIndex((l) => l.startsWith("gc 3 "));
    lines[k] = `Sep 01 18:36:54 etcd-wrapper[15450]: ${lines[k]}`; // the journald prefix quoted in issue 2
    const text = lines.join("\n");
    const path = file(text);
    const expected = await oneThread(path);
    expect(expected.num("gctrace", "line")).toContain(k + 1);
    expect(await parallel(path, 4)).toBeNull();
    expect(essence(await loadTrace(path, { file: "x", keepOtherText: true, threads: 4 }))).toEqual(
      essence(expected),
    );
  });

  it("leaves to the one-thread reader: a line over MAX_LINE_CHARS, gzip, a byte order mark, UTF-16 and binary input", async () => {
    const long = file(`${GO119}${"x".repeat(MAX_LINE_CHARS + 10)}\n${GO119}`);
    expect(essence(await loadTrace(long, { file: "x", keepOtherText: true, threads: 3 }))).toEqual(
      essence(await oneThread(long)),
    );
    await expect(parallel(long, 3)).rejects.toThrow(/a line longer than 1048576 bytes/);

    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GO119)]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GO119, "utf16le")]);
    const gz = gzipSync(GO119);
    expect(headProblem(bom)).toBe("byte order mark");
    expect(headProblem(utf16)).toBe("UTF-16");
    expect(headProblem(gz)).toBe("gzip");
    expect(headProblem(Buffer.from(GO119))).toBeNull();
    for (const bytes of [bom, utf16, gz]) {
      const p = file(bytes);
      expect(essence(await loadTrace(p, { file: "x", keepOtherText: true, threads: 2 }))).toEqual(
        essence(await oneThread(p)),
      );
    }
    // A NUL near the start and a NUL block: damaged files go to one thread. A lone CR further on ends a line for the
    // ranges as it does for the one-thread reader (parse/lines.ts), so that file stays on several threads.
    const nul = file(Buffer.concat([Buffer.from(GO119.slice(0, 100)), Buffer.from([0]), Buffer.from(GO119)]));
    expect(headProblem(readFileSync(nul))).toBe("NUL byte");
    const block = file(`${GO119}${GO119}${"\0".repeat(4096)}${GO119}`);
    const cr = file(
      `${GO119}${GO119}gc 1 @0.1s 0%: 0.1+0.2+0.3 ms clock, 0.4+0.5/0.6/0.7+0.8 ms cpu, 4->4->0 MB, 5 MB goal, 2 P\r${GO119}`,
    );
    for (const p of [nul, block, cr]) {
      const one = await oneThread(p);
      expect(essence(await loadTrace(p, { file: "x", keepOtherText: true, threads: 2 }))).toEqual(
        essence(one),
      );
      if (p === block) expect(await parallel(p, 3)).toBeNull();
      if (p === cr) expect(essence((await parallel(p, 3)) as Trace)).toEqual(essence(one));
    }
    expect((await oneThread(block)).damage.length).toBe(1);
  });
});

describe("memory: text of other lines is held until the replay, so there is a limit", () => {
  const otherBytes = (text: string) =>
    text
      .split("\n")
      .filter((l) => !/^gc \d/.test(l))
      .reduce((n, l) => n + Buffer.byteLength(l), 0);
  const opts = { file: "x", keepOtherText: true };

  it("leaves a file with more text of other lines than MAX_TEXT_BYTES to one thread", async () => {
    const path = file(GO119);
    const size = statSync(path).size;
    const run = (maxTextBytes: number) =>
      loadTraceParallel(path, size, 3, opts, { useWorkers: false, maxTextBytes, minGcShare: 0 });
    await expect(run(otherBytes(GO119) - 1)).rejects.toThrow(/bytes of other lines/);
    expect(essence((await run(otherBytes(GO119))) as Trace)).toEqual(essence(await oneThread(path)));
  });

  it("and one with too many gc lines that the fast path does not take (go1.5)", async () => {
    const text = GO15.join("\n");
    const path = file(text);
    const size = statSync(path).size;
    const run = (maxTextBytes?: number) =>
      loadTraceParallel(path, size, 1, opts, { useWorkers: false, maxTextBytes, minGcShare: 0 });
    await expect(run(otherBytes(text) + 100)).rejects.toThrow(/fast path does not take/);
    expect(essence((await run()) as Trace)).toEqual(essence(await oneThread(path)));
  });
});

describe("threads only where they help", () => {
  it("leaves a file with less than half of its bytes in gc lines to one thread, after counting", async () => {
    for (const text of [DETAIL, GO119]) {
      expect(gcShare(text)).toBeLessThan(0.5);
      const path = file(text);
      const size = statSync(path).size;
      const opts = { file: "x", keepOtherText: true };
      await expect(loadTraceParallel(path, size, 2, opts, { useWorkers: false })).rejects.toThrow(
        /less than 0.5 of the file in gc lines/,
      );
      const forced = await loadTraceParallel(path, size, 2, opts, { useWorkers: false, minGcShare: 0 });
      expect(essence(forced as Trace)).toEqual(essence(await oneThread(path)));
    }
  });
});

describe("planning", () => {
  it("cuts at line ends into at most the ranges asked for, covering the file once", () => {
    const path = file(GO119);
    const size = statSync(path).size;
    const bytes = readFileSync(path);
    for (const n of [1, 2, 7, 1000]) {
      const ranges = planChunks(path, size, n);
      expect(ranges.length).toBeLessThanOrEqual(n);
      expect(ranges[0].start).toBe(0);
      expect(ranges[ranges.length - 1].end).toBe(size);
      for (let k = 0; k < ranges.length; k++) {
        if (k > 0) expect(ranges[k].start).toBe(ranges[k - 1].end);
        if (k < ranges.length - 1) expect(bytes[ranges[k].end - 1]).toBe(10);
      }
    }
    // A range per line at most.
    const lines = GO119.split("\n").length - 1;
    expect(planChunks(path, size, 10 * lines).length).toBeLessThanOrEqual(lines);
    expect(planChunks(path, size, 10 * lines).length).toBeGreaterThan(lines / 2);
  });

  it("refuses a thread count that is not a whole number of at least 1", async () => {
    const path = file(GO119);
    for (const threads of [0, -1, 1.5, Number.NaN]) {
      await expect(loadTrace(path, { threads })).rejects.toThrow(
        `loadTrace: threads must be a whole number of at least 1, got ${threads}`,
      );
    }
  });

  it("uses one thread below 16 MiB unless told, never more than 8", () => {
    expect(threadsFor(1 << 20, undefined)).toBe(1);
    expect(threadsFor(1 << 20, 4)).toBe(4);
    expect(threadsFor(64 << 20, 1)).toBe(1);
    expect(threadsFor(64 << 20, 100)).toBe(8);
    expect(threadsFor(64 << 20, undefined)).toBeGreaterThanOrEqual(1);
  });
});

describe("with worker threads (the compiled package)", () => {
  const dist = join(REPO, "dist", "parse");
  it("the compiled worker script is there and current (npm test builds first)", () => {
    expect(existsSync(join(dist, "parallel", "worker.js"))).toBe(true);
    expect(statSync(join(dist, "parallel", "scan.js")).mtimeMs).toBeGreaterThanOrEqual(
      statSync(join(REPO, "src", "parse", "parallel", "scan.ts")).mtimeMs,
    );
  });

  it("parses a multi-MiB mix of real traces on 2 and 3 threads, workers taking ranges, to the one-thread result", async () => {
    const compiled = (await import(
      join(REPO, "dist", "trace", "doors.js")
    )) as typeof import("../../src/trace/doors");
    const par = (await import(
      join(dist, "parallel", "scan.js")
    )) as typeof import("../../src/parse/parallel/scan");
    const mix = [GO119, ...GO15, GORUN, DETAIL, GO119.replace(/\n/g, "\r\n"), ...Array(12).fill(GC_ONLY)];
    const text = Array.from({ length: Math.ceil((12 << 20) / mix.join("\n").length) }, () =>
      mix.join("\n"),
    ).join("\n");
    expect(gcShare(text)).toBeGreaterThan(0.5); // else loadTrace would rightly keep it on one thread
    const path = file(text);
    const size = statSync(path).size;
    const expected = essence(await oneThread(path));
    for (const threads of [2, 3]) {
      const got = await compiled.loadTrace(path, { file: "x", keepOtherText: true, threads });
      expect(essence(got)).toEqual(expected);
      const plan = await par.scanParallel(path, size, threads);
      expect(
        plan.threads.some((t) => t !== 0),
        "a worker thread did some ranges",
      ).toBe(true);
    }
  });

  it("a multi-MiB file damaged deep inside (a NUL block, then a CR-only stretch) gives the one-thread result", async () => {
    const compiled = (await import(
      join(REPO, "dist", "trace", "doors.js")
    )) as typeof import("../../src/trace/doors");
    const body = Array.from({ length: Math.ceil((8 << 20) / GC_ONLY.length) }, () => GC_ONLY).join("\n");
    const at = body.indexOf("\n", body.length / 2) + 1;
    const text = `${body.slice(0, at)}${"\0".repeat(4096)}${body.slice(at, at + 5000).replace(/\n/g, "\r")}${body.slice(at + 5000)}`;
    const path = file(text);
    const expected = await oneThread(path);
    expect(expected.damage).toHaveLength(1);
    const got = await compiled.loadTrace(path, { file: "x", keepOtherText: true, threads: 2 });
    expect(essence(got)).toEqual(essence(expected));
  });
});
