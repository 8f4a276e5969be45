/**
 * Linear time on every input, checked by counting work (src/parse/work.ts: characters the line splitters and the
 * glued-trace search pass over), not by a clock: doubling an input must double the count. Before the counters'
 * fixes, the first two inputs grew 4-5x per doubling (issue 10: a 1 MB line of x then 87,000 `SCHED 1ms: \r` took
 * 90 s).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseTrace, parseTraceStream } from "../../src";
import { work } from "../../src/parse/work";
import { REPO } from "./realTraces";

/** Work of parsing `text` through the text door and the byte door (in chunks of `chunk` bytes). */
async function steps(text: string, chunk: number): Promise<[number, number]> {
  work.steps = 0;
  parseTrace(text);
  const textSteps = work.steps;
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  work.steps = 0;
  await parseTraceStream(Readable.from(chunks));
  return [textSteps, work.steps];
}

async function expectLinear(make: (k: number) => string, chunk = 64 << 10): Promise<void> {
  const [t1, b1] = await steps(make(1), chunk);
  const [t2, b2] = await steps(make(2), chunk);
  expect(t1).toBeGreaterThan(0);
  expect(t2 / t1).toBeGreaterThan(1.8);
  expect(t2 / t1).toBeLessThan(2.2);
  expect(b2 / b1).toBeGreaterThan(1.8);
  expect(b2 / b1).toBeLessThan(2.2);
}

const CAPTURE = readFileSync(join(REPO, "data", "case2-leak-scheddetail.log"), "utf8");

describe("work doubles when the input doubles", () => {
  it("a long line of program output, then many CR-ended SCHED lines that do not parse (issue 10's reproducer)", async () => {
    await expectLinear((k) => `${"x".repeat(400_000 * k)}${"SCHED 1ms: \r".repeat(40_000 * k)}\n`);
  });

  it("one line of program output full of strong anchors that fail to parse (the glued-trace search)", async () => {
    await expectLinear(
      (k) => `${"x".repeat(100_000 * k)}${"SCHED 1ms: gc 1 @ pacer scvg init ".repeat(5000 * k)}\n`,
    );
  });

  it("a real capture with CR-only line endings, in 7-byte chunks", async () => {
    const cr = CAPTURE.slice(0, 60_000).replace(/\n/g, "\r");
    await expectLinear((k) => cr.repeat(k), 7);
  });

  it("a real capture whose line ends are cut out (one line of trace text glued together)", async () => {
    const glued = CAPTURE.slice(0, 200_000).replace(/\n/g, " ");
    await expectLinear((k) => `${glued.repeat(k)}\n`);
  });
});
