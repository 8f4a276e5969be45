import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  goroutineCounts,
  goroutinesByWaitReasonChart,
  initWaterfallChart,
  leakSignals,
  parseTrace,
  toPNG,
  toSVG,
} from "../../src";
import { HOSTILE, unsafeCodes } from "../helpers/hostile";
import { drawnMarks, ROOT } from "./helpers";

/** data/inittrace.log with hostile package names put in place of real ones (damaged input, made by hand). */
function hostileInit(): string {
  const lines = readFileSync(path.join(ROOT, "data/inittrace.log"), "utf8").split("\n");
  // NUL is the parser's concern (a damaged region), not a name's
  const names = Object.entries(HOSTILE)
    .filter(([k]) => k !== "nul")
    .map(([, v]) => v);
  let k = 0;
  return lines
    .map((l) =>
      l.startsWith("init ") && k < names.length ? l.replace(/^init \S+/, `init ${names[k++]}`) : l,
    )
    .join("\n");
}

describe("trace text in charts", () => {
  it("initWaterfallChart with U+2028, ESC, quotes and bidi package names draws every bar to SVG and PNG", async () => {
    const trace = parseTrace(hostileInit(), { file: "hostile-init.log" });
    const init = trace.tables.inittrace;
    expect(trace.str("inittrace", "pkg")).toContain(HOSTILE.lineSeparator);
    const spec = initWaterfallChart(init, { top: 1000 });
    const { items } = await drawnMarks(spec);
    expect(items.rect).toBe(init.length);
    const svg = await toSVG(spec);
    expect(svg).toContain("evil\\u2028pkg");
    expect(unsafeCodes(svg)).toEqual([]);
    const png = await toPNG(spec);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
  });

  it("goroutinesByWaitReasonChart with ESC and U+2029 in wait reasons draws to PNG", async () => {
    const text = readFileSync(path.join(ROOT, "data/case2-leak-scheddetail.log"), "utf8")
      .replaceAll("(chan send)", `(chan${HOSTILE.ansiColour}send)`)
      .replaceAll("(IO wait)", `(IO${HOSTILE.paragraphSeparator}wait)`);
    const trace = parseTrace(text, { file: "hostile-sched.log" });
    const counts = goroutineCounts(trace);
    const spec = goroutinesByWaitReasonChart(counts, leakSignals(counts));
    const svg = await toSVG(spec);
    expect(svg).toContain("\\x1b[31m");
    expect(unsafeCodes(svg)).toEqual([]);
    const png = await toPNG(spec);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
  });
});
