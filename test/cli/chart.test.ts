import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHART_NAMES, toSVG } from "../../src";
import { outputFormat } from "../../src/cli/chart";
import { main } from "../../src/cli/main";
import { data } from "./fixtures";
import { memoryIO } from "./memoryIO";

async function run(args: string[]) {
  const io = memoryIO();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "godebug-lab-chart-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("godebug-lab chart", () => {
  it("chart --chart heap -o x.svg writes the chart as SVG", async () => {
    const out = path.join(dir, "heap.svg");
    const r = await run(["chart", data("gctrace-pacer-scav.log"), "--chart", "heap", "-o", out]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toBe(`wrote ${out}: Heap and goal per GC cycle (svg)\n`);
    const svg = fs.readFileSync(out, "utf8");
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain("heap (MiB)");
  });

  it("chart --output x.png writes a PNG", async () => {
    const out = path.join(dir, "mmu.png");
    const r = await run(["chart", data("workload-gogc100.log"), "--chart", "mmu", "--output", out]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  });

  it("chart -o x.html writes a standalone page with that one chart", async () => {
    const out = path.join(dir, "runq.html");
    const r = await run(["chart", data("case1-schedtrace.log"), "--chart", "runqueue", "-o", out]);
    expect(r.code).toBe(0);
    const html = fs.readFileSync(out, "utf8");
    expect(html.match(/<section class="chart-section"/g)).toHaveLength(1);
    expect(html).toContain("<title>godebug-lab runqueue: case1-schedtrace.log</title>");
  });

  it("chart --chart compare --with draws two runs, named by --labels or by their files", async () => {
    const out = path.join(dir, "compare.svg");
    const args = [
      "chart",
      data("workload-gogc100.log"),
      "--chart",
      "compare",
      "--with",
      data("workload-gogc200.log"),
    ];
    const labelled = await run([...args, "--labels", "GOGC=100,GOGC=200", "-o", out]);
    expect(labelled.code).toBe(0);
    expect(labelled.out).toBe(`wrote ${out}: GOGC=200 compared with GOGC=100 (svg)\n`);
    expect(fs.readFileSync(out, "utf8")).toContain("change from GOGC=100 to GOGC=200 (% of GOGC=100)");
    const named = await run([...args, "-o", out]);
    expect(named.out).toBe(`wrote ${out}: workload-gogc200.log compared with workload-gogc100.log (svg)\n`);
  });

  it.each([
    [["--chart", "heap"], "missing -o <out.svg|out.png|out.html|out.vl.json|->"],
    [["-o", "x.svg"], `missing --chart <name>; charts: ${CHART_NAMES.join(", ")}, compare`],
    [
      ["--chart", "heap", "-o", "x.pdf"],
      "cannot tell the format of 'x.pdf': the output must end in .svg, .png, .html or .vl.json (- for the spec on stdout)",
    ],
    [
      ["--chart", "pie", "-o", "x.svg"],
      `unknown chart 'pie': expected one of ${CHART_NAMES.join(", ")}, compare`,
    ],
    [
      ["--chart", "runqueue", "-o", "x.svg"],
      "has no data for the runqueue chart; it supports: heap, alloc-rate",
    ],
    [["--chart", "compare", "-o", "x.svg"], "--chart compare needs the second trace: --with <file>"],
    [
      ["--chart", "heap", "--with", "data/inittrace.log", "-o", "x.svg"],
      "--with is only for --chart compare",
    ],
    [
      ["--chart", "heap", "--labels", "a,b", "-o", "x.svg"],
      "--labels is only for --chart compare --with <file2>",
    ],
    [
      ["--chart", "compare", "--with", "data/inittrace.log", "--labels", "a", "-o", "x.svg"],
      "--labels needs two names",
    ],
  ])("chart %j is a usage error: %s", async (flags, message) => {
    const r = await run([
      "chart",
      data("workload-gogc100.log"),
      ...flags.map((f) => (f.startsWith("data/") ? path.join(__dirname, "../..", f) : f)),
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err.split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("outputFormat reads the extension case-insensitively", () => {
    expect(outputFormat("a/b/Chart.PNG")).toBe("png");
    expect(outputFormat("x.html")).toBe("html");
    expect(outputFormat("runq.VL.JSON")).toBe("vl.json");
    expect(outputFormat("spec.json")).toBe("vl.json");
    expect(outputFormat("-")).toBe("vl.json");
  });

  it("chart -o x.vl.json writes the Vega-Lite spec with its data, and -o - writes it to stdout", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "godebug-lab-chart-spec-"));
    const out = path.join(dir, "runq.vl.json");
    const file = data("case1-schedtrace.log");
    const r = await run(["chart", file, "--chart", "runqueue", "-o", out]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`wrote ${out}: Run queue over time (vl.json)\n`);
    const spec = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(spec.$schema).toMatch(/^https:\/\/vega\.github\.io\/schema\/vega-lite\/v6/);
    // The spec compiles with vega-lite and renders the same SVG as -o x.svg.
    const svg = await run(["chart", file, "--chart", "runqueue", "-o", path.join(dir, "runq.svg")]);
    expect(svg.code).toBe(0);
    expect(await toSVG(spec)).toBe(fs.readFileSync(path.join(dir, "runq.svg"), "utf8"));
    const stdout = await run(["chart", file, "--chart", "runqueue", "-o", "-"]);
    expect(stdout.code).toBe(0);
    expect(stdout.out).toBe(fs.readFileSync(out, "utf8"));
  });

  it("chart --help lists every chart name", async () => {
    const r = await run(["chart", "--help"]);
    expect(r.code).toBe(0);
    for (const name of CHART_NAMES) expect(r.out).toContain(name);
    expect(r.out).toContain("compare");
  });
});
