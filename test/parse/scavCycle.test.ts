/**
 * Which gc cycle a go1.19 `scav` line belongs to, on the real capture data/gctrace-pacer-scav.log (36 cycles, two
 * forced by debug.FreeOSMemory). The runtime prints one unforced scav line when each cycle's sweep ends, which can be
 * before that cycle's gc line is printed (src/parse/scavtrace.ts header, docs/formats.md §2).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTrace } from "../../src";

const PATH = join(__dirname, "..", "..", "data", "gctrace-pacer-scav.log");
const LINES = readFileSync(PATH, "utf8").split("\n");

describe("scav lines of gctrace-pacer-scav.log", async () => {
  const trace = await loadTrace(PATH);
  const line = Array.from(trace.num("scavtrace", "line"));
  const gcNum = Array.from(trace.num("scavtrace", "gcNum"));
  const timeMs = Array.from(trace.num("scavtrace", "timeMs"));
  const afterGc = Array.from(trace.num("scavtrace", "afterGcNum"));
  const forced = trace.bool("scavtrace", "forced");
  const gcStart = new Map<number, number>();
  const gcs = trace.num("gctrace", "gcNum");
  gcs.forEach((n, r) => {
    gcStart.set(n, trace.num("gctrace", "timeMs")[r]);
  });
  const at = (n: number) => line.indexOf(n);

  it("gives the line printed before gc 6's line to cycle 6, at gc 6's start (lines 23-24)", () => {
    expect(LINES[22]).toMatch(/^scav 0 KiB work, 3104 KiB total/);
    expect(LINES[23]).toMatch(/^gc 6 @1\.139s/);
    expect(gcNum[at(23)]).toBe(6);
    expect(timeMs[at(23)]).toBe(1139);
    expect(afterGc[at(23)]).toBe(5); // the last gc line printed before it
    // gc 5's own line (20) keeps cycle 5: no two rows at 711 ms.
    expect([gcNum[at(20)], timeMs[at(20)]]).toEqual([5, 711]);
    expect(timeMs.filter((t) => t === 711).length).toBe(1);
  });

  it("gives every cycle exactly one unforced line, in order, as many as MemStats.NumGC", () => {
    const numGC = JSON.parse(readFileSync(PATH.replace(/\.log$/, ".memstats.json"), "utf8")).numGC;
    const unforced = gcNum.filter((_, r) => !forced[r]);
    expect(unforced).toEqual(Array.from({ length: numGC }, (_, k) => k + 1));
    // Lines printed before their own cycle's gc line: 12 of the 36.
    const early = gcNum.filter((n, r) => !forced[r] && n === afterGc[r] + 1).length;
    expect(early).toBe(12);
    expect(gcNum.every((n, r) => n === afterGc[r] || n === afterGc[r] + 1)).toBe(true);
    // timeMs is always the start of the cycle the line belongs to.
    expect(timeMs).toEqual(gcNum.map((n) => gcStart.get(n)));
  });

  it("gives a FreeOSMemory line the forced cycle it followed", () => {
    const forcedCycles = Array.from(gcs).filter((_, r) => trace.bool("gctrace", "forced")[r]);
    expect(forcedCycles).toEqual([10, 21]);
    expect(gcNum.filter((_, r) => forced[r])).toEqual(forcedCycles);
  });
});
