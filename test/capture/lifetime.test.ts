import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { capture } from "../../src";
import { STDERR_DRAIN_MS, STDERR_TAIL_CHARS } from "../../src/capture";
import { data, fileLines } from "../cli/fixtures";

const NODE = process.execPath;
const GC = fileLines(data("workload-gogc50.log")).slice(0, 5);
const dir = mkdtempSync(join(tmpdir(), "godebug-lab-capture-life-"));

/** Whether `pid` runs (a killed process whose parent is gone may stay a zombie until reaped: not running). */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
}

describe("capture's output file", () => {
  it("a program that cannot start leaves an existing stderrFile as it was, and no temporary file", async () => {
    const target = join(dir, "existing.log");
    writeFileSync(target, "the previous capture\n");
    const run = capture({ command: "/nonexistent/prog", godebug: "gctrace=1", stderrFile: target });
    await expect(run.done).rejects.toThrow("cannot run /nonexistent/prog: no such file or directory");
    expect(readFileSync(target, "utf8")).toBe("the previous capture\n");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("the stderrFile takes its place once the program has started and grows while it runs", async () => {
    const target = join(dir, "live.log");
    writeFileSync(target, "old\n");
    const script = `for (const l of ${JSON.stringify(GC)}) process.stderr.write(l + "\\n"); setInterval(() => {}, 1000);`;
    const run = capture({
      command: NODE,
      args: ["-e", script],
      godebug: "gctrace=1",
      stdout: null,
      stderrFile: target,
    });
    while (run.lines < GC.length) await new Promise((r) => setTimeout(r, 20));
    // the program runs: the file in place is the new one, with what it wrote so far
    await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(target, "utf8")).toBe(`${GC.join("\n")}\n`);
    const result = await run.stop();
    expect(result.trace.counts.gctrace).toBe(GC.length);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("capture throws at once, before starting anything, when the folder of stderrFile is not writable", () => {
    expect(() =>
      capture({
        command: NODE,
        args: ["-e", "0"],
        godebug: "gctrace=1",
        stderrFile: "/nonexistent/dir/x.log",
      }),
    ).toThrow("capture: cannot write /nonexistent/dir/x.log: no such file or directory");
    expect(() =>
      capture({ command: NODE, args: ["-e", "0"], godebug: "gctrace=1", stderrFile: dir }),
    ).toThrow(`capture: cannot write ${dir}: is a directory`);
  });
});

describe("capture's memory and lifetime", () => {
  it("capture keeps the rows and a bounded tail of stderr: stderrTail holds the last STDERR_TAIL_CHARS characters", async () => {
    // 40,000 program-output lines (~2 MB), then real gc lines, then a last word
    const script = `const s = "x".repeat(49) + "\\n"; for (let i = 0; i < 40000; i++) process.stderr.write(i + s); for (const l of ${JSON.stringify(GC)}) process.stderr.write(l + "\\n"); process.stderr.write("panic: the end\\n");`;
    const result = await capture({ command: NODE, args: ["-e", script], godebug: "gctrace=1", stdout: null })
      .done;
    expect(result.trace.counts.gctrace).toBe(GC.length);
    expect(result.trace.counts.other).toBe(40_001);
    expect(result.stderrTail.length).toBe(STDERR_TAIL_CHARS);
    expect(result.stderrTail.endsWith(`${GC.join("\n")}\npanic: the end\n`)).toBe(true);
  });

  it("snapshot() is a copy: lines parsed after it do not change it", async () => {
    const script = `process.stderr.write(${JSON.stringify(GC[0])} + "\\n"); process.stdin.resume(); setTimeout(() => { for (const l of ${JSON.stringify(GC.slice(1))}) process.stderr.write(l + "\\n"); }, 300); setInterval(() => {}, 1000);`;
    const run = capture({ command: NODE, args: ["-e", script], godebug: "gctrace=1", stdout: null });
    while (run.lines < 1) await new Promise((r) => setTimeout(r, 10));
    const early = run.snapshot();
    expect(early.tables.gctrace.length).toBe(1);
    while (run.lines < GC.length) await new Promise((r) => setTimeout(r, 10));
    expect(early.tables.gctrace.length).toBe(1);
    expect(early.num("gctrace", "gcNum")).toEqual(Float64Array.from([1]));
    expect(run.snapshot().tables.gctrace.length).toBe(GC.length);
    await run.stop();
  });

  it("stop() returns within the grace period although a descendant that called setsid holds stderr open", async () => {
    const setsid = spawnSync("which", ["setsid"], { encoding: "utf8" }).stdout.trim();
    expect(setsid, "setsid (util-linux) is needed for this test").not.toBe("");
    // the program starts a sleeper with its stderr and waits for Ctrl-C; the sleeper says its pid only after setsid
    // has run (said before, a stop() in between would still reach it through the group)
    const sleep = "echo sleeper $$ >&2; exec sleep 30";
    const script = `const c = require("node:child_process").spawn(${JSON.stringify(setsid)}, ${JSON.stringify(["sh", "-c", sleep])}, { stdio: ["ignore", "ignore", "inherit"] }); c.unref(); setInterval(() => {}, 1000);`;
    let sleeper = 0;
    const graceMs = 300;
    const run = capture({
      command: NODE,
      args: ["-e", script],
      godebug: "gctrace=1",
      stdout: null,
      graceMs,
      onLine: (line) => {
        const m = /^sleeper (\d+)$/.exec(line);
        if (m) sleeper = Number(m[1]);
      },
    });
    while (sleeper === 0) await new Promise((r) => setTimeout(r, 10));
    try {
      const t0 = Date.now();
      const result = await run.stop();
      const tookMs = Date.now() - t0;
      expect(result.stopped).toBe(true);
      expect(result.signal).toBe("SIGINT");
      // SIGINT ends the program at once; then at most min(grace, STDERR_DRAIN_MS) for the pipe, plus slack
      expect(tookMs).toBeLessThan(Math.min(graceMs, STDERR_DRAIN_MS) + 1500);
      expect(alive(sleeper)).toBe(true); // it escaped the group: capture stopped reading instead of waiting
    } finally {
      if (sleeper > 0 && alive(sleeper)) process.kill(sleeper, "SIGKILL");
    }
  });

  it("done settles although the program exits leaving a child in its group that holds stderr (the group is killed)", async () => {
    const script = `const c = require("node:child_process").spawn("sleep", ["30"], { stdio: ["ignore", "ignore", "inherit"] }); c.unref(); process.stderr.write("sleeper " + c.pid + "\\n"); setTimeout(() => process.exit(0), 50);`;
    let sleeper = 0;
    const run = capture({
      command: NODE,
      args: ["-e", script],
      godebug: "gctrace=1",
      stdout: null,
      graceMs: 200,
      onLine: (line) => {
        const m = /^sleeper (\d+)$/.exec(line);
        if (m) sleeper = Number(m[1]);
      },
    });
    const result = await run.done;
    expect(result.exitCode).toBe(0);
    expect(sleeper).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(sleeper)).toBe(false);
  });
});
