import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { heapCycles, heapTimelineChart, mainRun, toPNG, toSVG } from "../../src";
import { importEsm, loadVega, loadVegaLite } from "../../src/render/esm";
import { svgToPNG } from "../../src/render/png";
import { compileSpec } from "../../src/render/svg";
import { countTags, fixture, ROOT } from "../chart/helpers";

async function heapSpec() {
  return heapTimelineChart(
    heapCycles(mainRun((await fixture("data/gctrace-pacer-scav.log")).tables.gctrace)),
  );
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
function pngSize(png: Buffer): [number, number] {
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe("esm", () => {
  it("loadVega and loadVegaLite import the installed vega 6 and vega-lite 6 once", async () => {
    const vega = await loadVega();
    const vl = await loadVegaLite();
    expect(vega.version).toMatch(/^6\./);
    expect(vl.version).toMatch(/^6\./);
    expect(await importEsm("vega")).toBe(vega);
  });

  it("the CommonJS build of esm.ts really imports vega (tsc does not turn it into require)", () => {
    const out = path.join(ROOT, "test-artifacts", "esm-build");
    fs.rmSync(out, { recursive: true, force: true });
    const tsc = spawnSync(
      process.execPath,
      [
        path.join(ROOT, "node_modules/typescript/bin/tsc"),
        "--outDir",
        out,
        "--module",
        "commonjs",
        "--target",
        "es2022",
        "--moduleResolution",
        "node10",
        "--types",
        "node",
        "--skipLibCheck",
        path.join(ROOT, "src/render/esm.ts"),
      ],
      { encoding: "utf8" },
    );
    expect(tsc.stdout + tsc.stderr).toBe("");
    const built = fs.readFileSync(path.join(out, "esm.js"), "utf8");
    expect(built).toContain('new Function("specifier", "return import(specifier)")');
    // A plain require("vega") throws (ERR_REQUIRE_ESM / top-level await); the built helper must succeed.
    const run = spawnSync(
      process.execPath,
      [
        "-e",
        `require(${JSON.stringify(path.join(out, "esm.js"))}).loadVega().then((v) => console.log(v.version))`,
      ],
      { encoding: "utf8", cwd: ROOT },
    );
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toMatch(/^6\./);
  });
});

describe("toSVG", () => {
  it("toSVG renders a real chart to an SVG document with its marks and axis titles", async () => {
    const svg = await toSVG(await heapSpec());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('class="mark-line role-mark');
    expect(svg).toContain("heap (MiB)");
    expect(svg).toContain("time since program start (s)");
    expect(countTags(svg, "path")).toBeGreaterThan(100); // 4 lines + a symbol per point
  });

  it("compileSpec collects vega-lite's warnings instead of printing them", async () => {
    const spec = await heapSpec();
    const bad = {
      ...spec,
      encoding: {
        y: { field: "x", type: "quantitative" as const, scale: { type: "log" as const, zero: true } },
      },
    };
    const { warnings } = await compileSpec(bad);
    expect(warnings.some((w) => w.includes('"zero" is dropped'))).toBe(true);
    expect((await compileSpec(spec)).warnings).toEqual([]);
  });
});

describe("toPNG", () => {
  it("toPNG writes a PNG twice the SVG's size by default", async () => {
    const spec = await heapSpec();
    const svg = await toSVG(spec);
    const width = Number(/width="(\d+)"/.exec(svg)?.[1]);
    const height = Number(/height="(\d+)"/.exec(svg)?.[1]);
    const png = await toPNG(spec);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(pngSize(png)).toEqual([2 * width, 2 * height]);
    expect(pngSize(await toPNG(spec, { scale: 1 }))).toEqual([width, height]);
  });

  it("toPNG draws the text: removing the SVG's text elements changes the image", async () => {
    // Without fonts resvg silently draws no text, and both images would be the same.
    const svg = await toSVG(await heapSpec());
    const noText = svg.replace(/<text[^>]*>[^<]*<\/text>/g, "");
    expect(noText.length).toBeLessThan(svg.length);
    expect(svgToPNG(svg, { scale: 1 }).equals(svgToPNG(noText, { scale: 1 }))).toBe(false);
  });
});
