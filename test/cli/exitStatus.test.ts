import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Command } from "../../src/cli/command";
import { isOutOfMemory } from "../../src/cli/failure";
import { main } from "../../src/cli/main";
import { writeBigScheddetail } from "../helpers/bigScheddetail";
import { data } from "./fixtures";
import { memoryIO } from "./memoryIO";

const BIN = path.join(__dirname, "..", "..", "dist", "cli", "main.js");

/** Runs a command in-process with `stdin` bytes. */
async function runWithStdin(args: string[], stdin: Buffer) {
  const io = { ...memoryIO(), stdin: Readable.from([stdin]) };
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("input errors on stdin are the user's (exit 2, one line)", () => {
  it("summary - of binary bytes (not a zero-filled block, which is damage) exits 2 with one line naming <stdin>", async () => {
    const r = await runWithStdin(["summary", "-"], Buffer.alloc(64 * 1024, 1));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^godebug-lab summary: <stdin>: [^\n]+\n$/);
    expect(r.err).not.toContain("internal error");
  });

  it("summary - of a gzip cut in the middle never reports a bug: exit 2 with one line, or the lines before the cut", async () => {
    const gz = gzipSync(fs.readFileSync(data("workload-gogc100.log")));
    const r = await runWithStdin(["summary", "-"], gz.subarray(0, Math.floor(gz.length / 2)));
    expect(r.err).not.toContain("internal error");
    if (r.code === 2) expect(r.err).toMatch(/^godebug-lab summary: <stdin>: [^\n]+\n$/);
    else expect(r.code).toBe(0);
  });

  it("the binary exits 2 with one line for `printf 'x\\0\\n' | godebug-lab summary -` or parses around the NUL", () => {
    const r = spawnSync(process.execPath, [BIN, "summary", "-"], { input: "x\0\n", encoding: "utf8" });
    expect(r.stderr).not.toContain("internal error");
    expect(r.status === 0 || (r.status === 2 && /^godebug-lab summary: [^\n]+\n$/.test(r.stderr))).toBe(true);
  });
});

describe("running out of memory is exit 1 with a hint, not the user's mistake", () => {
  const allocating = (name: string, allocate: () => unknown): Command => ({
    name,
    usage: name,
    description: "allocates more than the engine allows",
    options: "",
    async run() {
      allocate();
      return 0;
    },
  });

  it.each([
    ["an ArrayBuffer the system cannot give", () => new ArrayBuffer(2 ** 45)],
    ["a typed array past the engine's limit", () => new Float64Array(1e23)],
    ["a string past the engine's limit", () => "x".repeat(2 ** 30)],
  ])("main reports %s as out of memory (exit 1, two lines: what and the hint)", async (_what, allocate) => {
    const io = memoryIO();
    const code = await main(["grow"], io, [allocating("grow", allocate)]);
    expect(code).toBe(1);
    const lines = io.err().split("\n");
    expect(lines[0]).toMatch(/^godebug-lab grow: out of memory \(.+\)$/);
    expect(lines[1]).toContain("--from/--to");
    expect(lines[1]).toContain("NODE_OPTIONS=--max-old-space-size=");
    expect(io.err()).not.toContain("this is a bug");
  });

  it("isOutOfMemory does not take a negative length (a bug) for running out of memory", () => {
    expect(isOutOfMemory(new RangeError("Invalid typed array length: -1"))).toBe(false);
    expect(isOutOfMemory(new TypeError("Array buffer allocation failed"))).toBe(false);
    expect(isOutOfMemory(Object.assign(new Error("too long"), { code: "ERR_STRING_TOO_LONG" }))).toBe(true);
  });

  describe("the binary, when V8's heap limit aborts the command", () => {
    let dir: string;
    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "godebug-lab-oom-"));
      await writeBigScheddetail(path.join(dir, "big.log"), 30 * 1024 * 1024);
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("exits 1 and ends stderr with the out-of-memory line and the hint (node --max-old-space-size=24)", () => {
      const r = spawnSync(
        process.execPath,
        ["--max-old-space-size=24", BIN, "export", path.join(dir, "big.log"), "--kind", "scheddetailG"],
        { encoding: "utf8", maxBuffer: 1 << 30 },
      );
      expect(r.status).toBe(1);
      const lines = r.stderr.trimEnd().split("\n");
      // V8's report first (its FATAL ERROR line and a native stack), then ours, set apart by a blank line
      expect(lines.findIndex((l) => l.startsWith("FATAL ERROR:"))).toBeGreaterThan(-1);
      expect(lines.findIndex((l) => l.startsWith("FATAL ERROR:"))).toBeLessThan(lines.length - 3);
      expect(lines[lines.length - 3]).toBe("");
      expect(lines[lines.length - 2]).toBe(
        "godebug-lab export: out of memory (the JavaScript heap is full; V8 aborted the process, its report is above)",
      );
      expect(lines[lines.length - 1]).toMatch(/^hint: .*--from\/--to.*--max-old-space-size=/);
    });
  });
});

describe("the binary's supervising parent passes signals on", () => {
  it("SIGINT to the binary's pid stops a capture cleanly: the program gets SIGINT, the trace is written, exit 0", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "godebug-lab-signal-"));
    const out = path.join(dir, "trace.log");
    const line = fs.readFileSync(data("workload-gogc100.log"), "utf8").split("\n")[0];
    const program = `process.on("SIGINT", () => { process.stderr.write("got SIGINT\\n"); process.exit(130); }); process.stderr.write(${JSON.stringify(`${line}\n`)}); setInterval(() => {}, 1000);`;
    const child = spawn(
      process.execPath,
      [BIN, "capture", "--godebug", "gctrace=1", "-o", out, "--", process.execPath, "-e", program],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let err = "";
    child.stderr.on("data", (c) => {
      err += String(c);
    });
    // wait until the program has written its line to the file, then signal the binary (the parent) only
    while (!fs.existsSync(out) || !fs.readFileSync(out, "utf8").includes("gc 1 @"))
      await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(code).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toBe(`${line}\ngot SIGINT\n`);
    expect(err).toContain(`godebug-lab: wrote ${out}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 20_000);

  it("a command ended by SIGTERM ends the binary with SIGTERM, as without the parent", async () => {
    const child = spawn(process.execPath, [BIN, "summary", "-"], { stdio: ["pipe", "pipe", "pipe"] });
    child.stdin.write(
      "SCHED 0ms: gomaxprocs=1 idleprocs=0 threads=4 spinningthreads=0 idlethreads=1 runqueue=0 [2]\n",
    );
    await new Promise((r) => setTimeout(r, 500));
    child.kill("SIGTERM");
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on("close", (c, s) => resolve([c, s])),
    );
    expect(code).toBe(null);
    expect(signal).toBe("SIGTERM");
  }, 20_000);
});
