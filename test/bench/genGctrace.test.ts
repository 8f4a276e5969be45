import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateGctrace, realSteadyCycles, realSteadyLines } from "../../bench/gen-gctrace";
import { calibrateGcModel, parseTrace } from "../../src";

const REPO = join(__dirname, "..", "..");
const GC =
  /^gc (\d+) @(\d+)\.(\d{3})s (\d+)%: (\S+) ms clock, (\S+) ms cpu, (\d+)->(\d+)->(\d+) MB, (\d+) MB goal, /;
let dir: string;
let lines: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "godebug-lab-gen-"));
  const file = join(dir, "gc.txt");
  await generateGctrace(REPO, file, 20_000);
  lines = readFileSync(file, "utf8").trimEnd().split("\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("bench/gen-gctrace keeps the real capture's time structure", () => {
  it("every cycle is a real line's figures, and every consecutive pair a real pair (gap, live heap before)", () => {
    const real = realSteadyLines(REPO).map((l) => GC.exec(l) as RegExpExecArray);
    const body = (m: RegExpExecArray) => `${m[5]}|${m[6]}|${m[7]}->${m[8]}->${m[9]}|${m[10]}`;
    // real pairs: (live heap of the first, gap, the second's figures)
    const pairs = new Set<string>();
    for (let k = 1; k < real.length; k++) {
      const gap =
        (Number(real[k][2]) - Number(real[k - 1][2])) * 1000 + Number(real[k][3]) - Number(real[k - 1][3]);
      pairs.add(`${real[k - 1][9]}|${gap}|${body(real[k])}`);
    }
    const bodies = new Set(real.map(body));
    let prev: RegExpExecArray | null = null;
    for (const [i, l] of lines.entries()) {
      const m = GC.exec(l);
      expect(m, l).not.toBeNull();
      const g = m as RegExpExecArray;
      expect(Number(g[1])).toBe(i + 1);
      expect(bodies.has(body(g)), l).toBe(true);
      if (prev !== null) {
        const gap = (Number(g[2]) - Number(prev[2])) * 1000 + Number(g[3]) - Number(prev[3]);
        expect(pairs.has(`${prev[9]}|${gap}|${body(g)}`), `line ${i + 1}`).toBe(true);
      }
      prev = g;
    }
  });

  it("cycles never overlap, the allocation curve never goes back, and gcPct is the runtime's cumulative figure", () => {
    const gc = parseTrace(`${lines.join("\n")}\n`).tables.gctrace;
    const model = calibrateGcModel(gc);
    const { endMs, allocMB } = model.curve;
    for (let i = 1; i < endMs.length; i++) {
      expect(endMs[i]).toBeGreaterThan(endMs[i - 1]);
      expect(allocMB[i]).toBeGreaterThanOrEqual(allocMB[i - 1]);
    }
    const real = realSteadyCycles(REPO);
    expect(real.length).toBe(62);
    // runtime/mgc.go: int(100 × Σ cycle CPU (without idle marking) / (end of cycle × 2 P)), checked on the last line
    let cpu = 0;
    for (const l of lines) {
      const c = (GC.exec(l) as RegExpExecArray)[6].split(/[+/]/).map(Number);
      cpu += c[0] + c[1] + c[2] + c[4];
    }
    const last = GC.exec(lines[lines.length - 1]) as RegExpExecArray;
    const clock = last[5].split("+").map(Number);
    const endLast = Number(last[2]) * 1000 + Number(last[3]) + clock[0] + clock[1] + clock[2];
    expect(Number(last[4])).toBe(Math.trunc((100 * cpu) / (endLast * 2)));
    // about 1 cycle in 100 is forced, as before
    const forced = lines.filter((l) => l.endsWith(" (forced)")).length;
    expect(forced).toBeGreaterThan(100);
    expect(forced).toBeLessThan(300);
  });
});
