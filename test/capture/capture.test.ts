import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { capture } from "../../src";
import { formatGodebug } from "../../src/capture";
import { data, fileLines } from "../cli/fixtures";

// Stand-in programs are node scripts that print real trace lines (from data/) to stderr, as a Go program would.
const NODE = process.execPath;
const GC = fileLines(data("workload-gogc50.log")).slice(0, 5);
const SCHED = fileLines(data("case1-schedtrace.log"))
  .filter((l) => l.startsWith("SCHED "))
  .slice(0, 4);
const dir = mkdtempSync(join(tmpdir(), "godebug-lab-capture-"));

function collect() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on("data", (c) => chunks.push(String(c)));
  return { stream, text: () => chunks.join("") };
}

/** A script printing `lines` to stderr, one write each, then running `then`. */
function printer(lines: string[], then = "") {
  return `for (const l of ${JSON.stringify(lines)}) process.stderr.write(l + "\\n"); ${then}`;
}

describe("capture", () => {
  it("capture parses the program's stderr and passes its stdout to the given stream", async () => {
    const out = collect();
    const run = capture({
      command: NODE,
      args: ["-e", `console.log("hello from stdout"); ${printer([...GC, "program log line"])}`],
      godebug: "gctrace=1",
      stdout: out.stream,
    });
    const result = await run.done;
    expect(result.exitCode).toBe(0);
    expect(result.signal).toBeNull();
    expect(result.stopped).toBe(false);
    expect(out.text()).toBe("hello from stdout\n");
    expect(result.trace.counts.gctrace).toBe(GC.length);
    expect(result.trace.counts.other).toBe(1); // the program's own stderr line
    expect(result.trace.lines).toBe(GC.length + 1);
    expect(Array.from(result.trace.num("gctrace", "gcNum"))).toEqual([1, 2, 3, 4, 5]);
  });

  it("capture sets GODEBUG after an inherited GODEBUG so its settings win", async () => {
    const out = collect();
    const run = capture({
      command: NODE,
      args: ["-e", "console.log(process.env.GODEBUG)"],
      godebug: { gctrace: 1, scheddetail: true },
      env: { GODEBUG: "madvdontneed=1" },
      stdout: out.stream,
    });
    await run.done;
    expect(out.text()).toBe("madvdontneed=1,gctrace=1,scheddetail=1\n");
  });

  it("capture with stdout null discards the program's stdout", async () => {
    const run = capture({
      command: NODE,
      args: ["-e", `console.log("x".repeat(1e5))`],
      godebug: "gctrace=1",
      stdout: null,
    });
    const result = await run.done;
    expect(result.exitCode).toBe(0);
    expect(result.trace.lines).toBe(0);
  });

  it("capture calls onLine with each stderr line and its number, without CR or newline, the last unterminated line included", async () => {
    const seen: [string, number][] = [];
    const script = `process.stderr.write(${JSON.stringify(`${SCHED[0]}\r\n${SCHED[1]}\n${SCHED[2].slice(0, 10)}`)}); setTimeout(() => process.stderr.write(${JSON.stringify(`${SCHED[2].slice(10)}\n${SCHED[3]}`)}), 50);`;
    const run = capture({
      command: NODE,
      args: ["-e", script],
      godebug: "schedtrace=100",
      onLine: (l, n) => seen.push([l, n]),
    });
    const result = await run.done;
    expect(seen).toEqual(SCHED.map((l, i) => [l, i + 1]));
    expect(result.trace.counts.schedtrace).toBe(4);
    expect(result.trace.counts.malformed).toBe(0);
  });

  it("capture writes the raw stderr byte for byte to stderrFile", async () => {
    const file = join(dir, "raw.log");
    const text = `${GC.join("\r\n")}\nno newline at the end`;
    const run = capture({
      command: NODE,
      args: ["-e", `process.stderr.write(${JSON.stringify(text)})`],
      godebug: "gctrace=1",
      stderrFile: file,
    });
    await run.done;
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("capture's snapshot holds the complete lines received so far while the program runs", async () => {
    const script = printer(
      GC.slice(0, 3),
      `process.stderr.write(${JSON.stringify(GC[3].slice(0, 20))}); setInterval(() => {}, 1000);`,
    );
    const run = capture({ command: NODE, args: ["-e", script], godebug: "gctrace=1" });
    while (run.lines < 3) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100)); // the partial fourth line has arrived too
    const snap = run.snapshot();
    expect(snap.lines).toBe(3);
    expect(snap.counts.gctrace).toBe(3);
    expect(snap.counts.malformed).toBe(0); // the unfinished line is not judged yet
    const result = await run.stop();
    expect(result.stopped).toBe(true);
    expect(result.signal).toBe("SIGINT");
    expect(result.trace.lines).toBe(4); // now the cut-off line counts
    expect(result.trace.counts.malformed).toBe(1);
  });

  it("capture's stop sends SIGINT, then SIGTERM after graceMs to a program that ignores SIGINT", async () => {
    const script = `process.on("SIGINT", () => process.stderr.write("ignored SIGINT\\n")); process.stderr.write("ready\\n"); setInterval(() => {}, 1000);`;
    const run = capture({ command: NODE, args: ["-e", script], godebug: "gctrace=1", graceMs: 200 });
    while (run.lines < 1) await new Promise((r) => setTimeout(r, 20));
    const t0 = Date.now();
    const result = await run.stop();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
    expect(result.signal).toBe("SIGTERM");
    expect(result.trace.counts.other).toBe(2); // "ready" and "ignored SIGINT"
  });

  it("capture's stop reaches the program behind a parent that ignores SIGINT (as go run does)", async () => {
    // sh ignores SIGINT itself (trap ''), then runs the program in the background with SIGINT restored, and
    // waits: a signal to sh alone would do nothing; the process group gets the program to exit.
    const child = `process.on("SIGINT", () => { process.stderr.write("child got SIGINT\\n"); process.exit(0); }); process.stderr.write("ready\\n"); setInterval(() => {}, 1000);`;
    const script = `trap '' INT; (trap - INT; exec "$0" -e '${child}') & wait; echo "parent done" >&2`;
    const run = capture({ command: "sh", args: ["-c", script, NODE], godebug: "gctrace=1", graceMs: 5000 });
    while (run.lines < 1) await new Promise((r) => setTimeout(r, 20));
    const t0 = Date.now();
    const result = await run.stop();
    expect(Date.now() - t0).toBeLessThan(4000); // not the SIGTERM after the 5 s grace
    expect(result.exitCode).toBe(0);
    expect(result.trace.counts.other).toBe(3);
  });

  it("capture rejects done with the command's name when the program cannot start", async () => {
    const run = capture({ command: "/nonexistent/go-program", godebug: "gctrace=1" });
    await expect(run.done).rejects.toThrow(
      "capture: cannot run /nonexistent/go-program: no such file or directory",
    );
  });

  it("capture stops the program and rejects done with the error of a throwing onLine", async () => {
    const script = printer(GC.slice(0, 1), "setInterval(() => {}, 1000);");
    const run = capture({
      command: NODE,
      args: ["-e", script],
      godebug: "gctrace=1",
      onLine: () => {
        throw new Error("callback bug");
      },
    });
    await expect(run.done).rejects.toThrow("callback bug");
  });
});

describe("formatGodebug", () => {
  it("formatGodebug joins settings, writes booleans as 1/0 and trims spaces", () => {
    expect(formatGodebug({ gctrace: 1, scheddetail: true, madvdontneed: false })).toBe(
      "gctrace=1,scheddetail=1,madvdontneed=0",
    );
    expect(formatGodebug(" gctrace=1, schedtrace=1000")).toBe("gctrace=1,schedtrace=1000");
  });

  it.each(["", "gctrace", "gctrace=", "gc trace=1", "gctrace=1,,schedtrace=1"])(
    "formatGodebug throws for %j",
    (bad) => {
      expect(() => formatGodebug(bad)).toThrow(/invalid GODEBUG setting/);
    },
  );
});
