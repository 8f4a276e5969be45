import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateGctrace } from "../../bench/gen-gctrace";
import { PARALLEL_MIN_BYTES } from "../../src/parse/parallel/scan";

const REPO = join(__dirname, "..", "..");
const INDEX = join(REPO, "dist", "index.js");
let dir: string;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "godebug-lab-workers-"));
  file = join(dir, "big-gctrace.log");
  // ~125 bytes per generated line: past the size from which loadTrace uses worker threads
  await generateGctrace(REPO, file, Math.ceil((PARALLEL_MIN_BYTES * 1.25) / 120));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `script` in a fresh node process; resolves to its stdout and how long it lived after printing `done`. */
function runNode(script: string): Promise<{ code: number | null; out: string; exitAfterDoneMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    let doneAt = Number.NaN;
    child.stdout.on("data", (c) => {
      out += String(c);
      if (Number.isNaN(doneAt) && out.includes("done")) doneAt = Date.now();
    });
    // a process still alive 10 s on is the bug: end it so the test fails on the assertion, not a timeout
    const limit = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(limit);
      resolve({ code, out, exitAfterDoneMs: Date.now() - doneAt });
    });
  });
}

describe("worker threads never keep a process alive", () => {
  it("a script that loads a file past PARALLEL_MIN_BYTES on 2 threads prints its result and exits at once", async () => {
    expect(statSync(file).size).toBeGreaterThan(PARALLEL_MIN_BYTES);
    const script = `require(${JSON.stringify(INDEX)}).loadTrace(${JSON.stringify(file)}, { threads: 2 }).then((t) => console.log("rows", t.tables.gctrace.length, "done"));`;
    const r = await runNode(script);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^rows \d+ done\n$/);
    expect(Number(/rows (\d+)/.exec(r.out)?.[1])).toBeGreaterThan(50_000);
    // idle workers stay for a minute for the next load; they used to hold the process that long
    expect(r.exitAfterDoneMs).toBeLessThan(5000);
  }, 20_000);

  it("a second load in the same script reuses the idle workers, and the script still exits at once", async () => {
    const load = `m.loadTrace(${JSON.stringify(file)}, { threads: 2 })`;
    const script = `const m = require(${JSON.stringify(INDEX)}); ${load}.then((a) => ${load}.then((b) => console.log(a.tables.gctrace.length === b.tables.gctrace.length ? "same" : "differ", "done")));`;
    const r = await runNode(script);
    expect(r.code).toBe(0);
    expect(r.out).toBe("same done\n");
    expect(r.exitAfterDoneMs).toBeLessThan(5000);
  }, 20_000);
});
