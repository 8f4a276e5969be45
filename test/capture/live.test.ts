/**
 * Live capture against the real Go runtime: builds the bundled programs, runs them through capture() and
 * checks the fresh traces against what the runtime itself recorded.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { capture } from "../../src";
import { buildExamples, freePort, requireTool } from "./goExamples";
import { pauseBoundsMs } from "./printedMs";

let bin: string;
beforeAll(() => {
  bin = buildExamples();
}, 180_000);

interface MemStats {
  numGC: number;
  numForcedGC: number;
  pauseTotalNs: number;
  pauses: { gc: number; pauseNs: number }[];
  goVersion: string;
}

describe("live capture of the bundled workload under gctrace=1", () => {
  let stats: MemStats;
  let lines: string[];
  let trace: Awaited<ReturnType<typeof capture>["done"]>["trace"];
  let exitCode: number | null;

  beforeAll(async () => {
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on("data", (c) => chunks.push(c));
    const file = join(bin, "workload-gctrace.log");
    // runtime.GC every 400 ms gives forced cycles; 2 s at 100 MB/s over 20 MB live gives ~20 cycles.
    const run = capture({
      command: join(bin, "workload"),
      args: ["-rate", "100", "-live", "20", "-duration", "2s", "-gc-every", "400ms"],
      godebug: "gctrace=1",
      stdout,
      stderrFile: file,
    });
    const result = await run.done;
    ({ trace, exitCode } = result);
    stats = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    lines = readFileSync(file, "utf8").split("\n");
  }, 60_000);

  it("the workload exits 0 and its fresh trace parses with no malformed line", () => {
    expect(exitCode).toBe(0);
    expect(trace.describeMalformed()).toEqual([]);
    expect(trace.counts.malformed).toBe(0);
    expect(trace.counts.other).toBe(0); // the workload writes nothing else to stderr
    expect(trace.runs).toBe(1);
  });

  it("the gctrace table has one row per cycle the runtime counted (MemStats.NumGC), numbered 1..NumGC", () => {
    expect(stats.numGC).toBeGreaterThan(5);
    expect(trace.tables.gctrace.length).toBe(stats.numGC);
    expect(Array.from(trace.num("gctrace", "gcNum"))).toEqual(
      Array.from({ length: stats.numGC }, (_, i) => i + 1),
    );
  });

  it("the (forced) cycles of the gctrace table are MemStats.NumForcedGC, plus only the runtime's known mislabels", () => {
    // go1.19 runtime/mgc.go: NumForcedGC is counted with the world stopped, but gcMarkTermination prints
    // " (forced)" from work.userForced after restarting the world, and a runtime.GC() waiting for that cycle
    // can already have run gcStart, which sets work.userForced for the NEXT cycle before taking gcsema. So a
    // background cycle right before a user-forced one may print (forced) too; the counter is right. Such a
    // mislabelled line is always directly followed by a (forced) line.
    const forced = trace.bool("gctrace", "forced");
    const printed = forced.filter(Boolean).length;
    const followedByForced = forced.filter((f, i) => f && forced[i + 1]).length;
    expect(stats.numForcedGC).toBeGreaterThan(0);
    expect(printed).toBeGreaterThanOrEqual(stats.numForcedGC);
    expect(printed - stats.numForcedGC).toBeLessThanOrEqual(followedByForced);
  });

  it("each cycle's pauseMs is the runtime's PauseNs within the truncation of the two printed STW times", () => {
    // runtime/mgc.go: pause_ns[numgc%256] = work.pauseNS = (tMark - tSweepTerm) + (tEnd - tMarkTerm), and
    // gctrace prints those two intervals truncated by fmtNSAsMS: true value in [printed, printed + unit).
    const pauseMs = trace.num("gctrace", "pauseMs");
    const lineNo = trace.num("gctrace", "line");
    expect(stats.pauses).toHaveLength(stats.numGC); // fewer than 256 cycles: the ring holds them all
    let low = 0;
    let high = 0;
    for (let i = 0; i < pauseMs.length; i++) {
      const bounds = pauseBoundsMs(lines[lineNo[i] - 1]);
      expect(pauseMs[i]).toBeCloseTo(bounds.low, 9);
      const trueMs = stats.pauses[i].pauseNs / 1e6;
      expect(stats.pauses[i].gc).toBe(i + 1);
      expect(trueMs).toBeGreaterThanOrEqual(bounds.low - 1e-9);
      expect(trueMs).toBeLessThan(bounds.high);
      low += bounds.low;
      high += bounds.high;
    }
    const totalMs = stats.pauseTotalNs / 1e6;
    expect(totalMs).toBeGreaterThanOrEqual(low - 1e-9);
    expect(totalMs).toBeLessThan(high);
  });
});

describe("live capture of the web service under schedtrace with hey load", () => {
  it("GOMAXPROCS=1 under a bounded hey load on loopback shows a non-zero run queue, then drains", async () => {
    const hey = requireTool("hey", "hey");
    const port = await freePort();
    const run = capture({
      command: join(bin, "webservice"),
      args: ["-addr", `127.0.0.1:${port}`],
      godebug: "schedtrace=50",
      env: { GOMAXPROCS: "1" },
      stdout: null,
    });
    // Wait for the service's "listening" log line (stderr, so it is an `other` line of the trace).
    for (let waited = 0; run.snapshot().counts.other === 0; waited += 50) {
      if (waited > 10_000) throw new Error("the web service did not start");
      await new Promise((r) => setTimeout(r, 50));
    }
    const body = JSON.stringify({ name: "bill", email: "bill@ardanlabs.com" });
    await promisify(execFile)(
      hey,
      [
        "-n",
        "6000",
        "-c",
        "50",
        "-t",
        "10",
        "-m",
        "POST",
        "-T",
        "application/json",
        "-d",
        body,
        `http://127.0.0.1:${port}/sendjson`,
      ],
      { timeout: 60_000 },
    );
    await new Promise((r) => setTimeout(r, 600)); // ~12 samples after the load
    const { exitCode, stopped, trace } = await run.stop();
    expect(stopped).toBe(true);
    expect(exitCode).toBe(0); // the service shuts down cleanly on SIGINT
    expect(trace.counts.malformed).toBe(0);
    expect(trace.counts.other).toBeGreaterThanOrEqual(2); // "listener: started" and "listener: stopped"
    const global = trace.num("schedtrace", "runqueue");
    const local = trace.num("schedtrace", "localRunqueue");
    expect(Array.from(trace.num("schedtrace", "gomaxprocs")).every((p) => p === 1)).toBe(true);
    const runnable = Array.from(global, (g, i) => g + local[i]);
    expect(runnable.some((n) => n > 0)).toBe(true);
    // Drained: the last samples, taken after hey finished, are all zero.
    expect(runnable.slice(-5)).toEqual([0, 0, 0, 0, 0]);
  }, 90_000);
});
