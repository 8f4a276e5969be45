/** Progress on stderr: shown on a terminal (stage, bytes read of total), erased when done; nothing otherwise. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { data } from "./fixtures";
import { memoryIO } from "./memoryIO";

const ERASE = "\r\x1b[K";

async function run(args: string[], tty: boolean, stdin = "") {
  const io = memoryIO(stdin, { tty });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** The progress lines drawn, in order (each starts with \r + erase-line). */
const drawn = (err: string) => err.split(ERASE).filter((s) => s !== "");

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "godebug-lab-progress-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A real capture repeated until the file passes `bytes` (a repeated trace is several runs; fine for reading). */
function bigFile(bytes: number): string {
  const text = fs.readFileSync(data("workload-gogc100.log"), "utf8");
  const file = path.join(dir, "big.log");
  fs.writeFileSync(file, text.repeat(Math.ceil(bytes / text.length)));
  return file;
}

describe("progress on stderr", () => {
  it("report on a terminal: each stage, then the line is erased before the command's own output", async () => {
    const out = path.join(dir, "r.html");
    const file = data("case1-schedtrace.log");
    const r = await run(["report", file, "-o", out], true);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^wrote /);
    const stages = drawn(r.err);
    expect(stages[0]).toBe(`godebug-lab report: reading ${file}`);
    for (const stage of ["building the charts", "summing up", "writing the page"]) {
      expect(stages).toContain(`godebug-lab report: ${stage}`);
    }
    expect(r.err.endsWith(ERASE)).toBe(true);
    expect(r.err).not.toContain("\n");
  });

  it("report when stderr is not a terminal: nothing on stderr", async () => {
    const r = await run(["report", data("case1-schedtrace.log"), "-o", path.join(dir, "r.html")], false);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
  });

  it("reading a file shows the bytes read of its size", async () => {
    const file = bigFile(3 * 2 ** 20);
    const size = fs.statSync(file).size;
    const r = await run(["summary", file], true);
    expect(r.code).toBe(0);
    const last = drawn(r.err).at(-1);
    expect(last).toBe(
      `godebug-lab summary: reading ${file}: ${(size / 2 ** 20).toFixed(1)} MiB of ${(size / 2 ** 20).toFixed(1)} MiB (100%)`,
    );
    expect(r.err.endsWith(ERASE)).toBe(true);
    const quiet = await run(["summary", file], false);
    expect(quiet.err).toBe("");
    expect(quiet.out).toBe(r.out);
  });

  it("reading stdin shows the bytes read (its size is not known)", async () => {
    const text = fs.readFileSync(data("case1-schedtrace.log"), "utf8");
    const r = await run(["export", "-", "--kind", "schedtrace"], true, text);
    expect(r.code).toBe(0);
    const stages = drawn(r.err);
    expect(stages[0]).toBe("godebug-lab export: reading stdin");
    const mib = (Buffer.byteLength(text) / 2 ** 20).toFixed(1);
    expect(stages.at(-1)).toBe(`godebug-lab export: reading stdin: ${mib} MiB of ${mib} MiB (100%)`);
  });

  it("chart shows building and rendering; an error comes after the erased line, on a line of its own", async () => {
    const svg = path.join(dir, "h.svg");
    const ok = await run(["chart", data("case1-schedtrace.log"), "--chart", "runqueue", "-o", svg], true);
    expect(ok.code).toBe(0);
    expect(drawn(ok.err)).toContain("godebug-lab chart: building the runqueue chart");
    expect(drawn(ok.err)).toContain("godebug-lab chart: rendering SVG");
    const bad = await run(["chart", data("case1-schedtrace.log"), "--chart", "heap", "-o", svg], true);
    expect(bad.code).toBe(2);
    const error = bad.err.slice(bad.err.lastIndexOf(ERASE) + ERASE.length);
    expect(error).toMatch(/^godebug-lab chart: .*has no data for the heap chart.*\n$/);
    expect(error.split("\n")).toHaveLength(2);
  });
});
