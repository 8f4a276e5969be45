import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { initWaterfallChart, parseTrace, toHTML } from "../../src";
import { escapeHtml, jsonForScript, summaryHtml } from "../../src/render/html";
import { fixture, ROOT } from "../chart/helpers";
import { pageSummaryLines } from "../helpers/pageSummary";

/** A hostile package name planted in a real inittrace line (damaged input: hand-made on purpose; no spaces, as a package path has none). */
const HOSTILE = "</script><script>alert(1)</script><img/src=x/onerror=alert(2)>";

function hostileInittrace() {
  const text = fs.readFileSync(path.join(ROOT, "data/inittrace.log"), "utf8");
  const planted = text.replace(/^init encoding\/json @/m, `init ${HOSTILE} @`);
  expect(planted).not.toBe(text);
  return parseTrace(planted, { file: "hostile.log" });
}

/** The contents of every <script> element, in order. */
function scripts(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
}

describe("toHTML", () => {
  it("toHTML inlines vega, vega-lite and vega-embed and loads nothing from the network", async () => {
    const spec = initWaterfallChart((await fixture("data/inittrace.log")).tables.inittrace);
    const html = toHTML([{ name: "init", heading: "Package init", spec }], { title: "inittrace" });
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link\b/);
    expect(html).not.toMatch(/sourceMappingURL/);
    const bodies = scripts(html);
    expect(bodies).toHaveLength(5); // three libraries, the specs, the embed script
    expect(bodies[0]).toContain("vega");
    expect(bodies[0].length).toBeGreaterThan(400_000);
    expect(bodies[1]).toContain("vegaLite");
    expect(bodies[2]).toContain("vegaEmbed");
    expect(JSON.parse(bodies[3])).toEqual([spec]);
  });

  it("toHTML keeps a hostile package name from a trace line as text in the page and the spec JSON", () => {
    const trace = hostileInittrace();
    expect(trace.tables.inittrace.columns.pkg).toContain(HOSTILE);
    const spec = initWaterfallChart(trace.tables.inittrace, { top: 1000 });
    const html = toHTML([{ name: "init", heading: `init of ${HOSTILE}`, note: HOSTILE, spec }], {
      title: HOSTILE,
      summaryText: `malformed: ${HOSTILE}`,
    });
    // Nothing of it survives as markup: no <img, no extra <script>, no early </script>. (The library
    // sources are left out of the search: vega-embed's own code mentions "<img".)
    const bodies = scripts(html);
    expect(bodies).toHaveLength(5);
    const page = bodies.slice(0, 3).reduce((rest, lib) => rest.replace(lib, ""), html);
    expect(page.length).toBeLessThan(html.length / 10);
    expect(page.includes("<img")).toBe(false);
    expect(page.includes("<script>alert")).toBe(false);
    expect(page.match(/<script>/g)).toHaveLength(4); // three libraries and the embed script
    expect(bodies[3]).not.toContain("<");
    // The JSON still carries the name exactly.
    const parsed = JSON.parse(bodies[3]) as { datasets: { packages: { pkg: string }[] } }[];
    expect(parsed[0].datasets.packages.map((r) => r.pkg)).toContain(HOSTILE);
    expect(html).toContain(`<title>${escapeHtml(HOSTILE)}</title>`);
    expect(html).toContain(`<div class="line"><b>malformed:</b> ${escapeHtml(HOSTILE)}</div>`);
  });

  it("summaryHtml shows each line as a block: indent kept (no-break spaces), a top-level label bold, all text escaped", () => {
    const text = [
      "<b>x</b>.log: 3 lines, 1 run",
      "  gctrace      3",
      "GC: 3 cycles",
      "",
      "malformed lines:",
      `  x.log:2: ${HOSTILE}`,
      `    gc 1 @0.1s ${HOSTILE}: 0.1 ms clock`,
    ].join("\n");
    const html = summaryHtml(text);
    expect(html.split("\n")).toEqual([
      '<div class="summary">',
      '<div class="line"><b>&lt;b&gt;x&lt;/b&gt;.log:</b> 3 lines, 1 run</div>',
      '<div class="line" style="--indent: 2">\u00a0\u00a0gctrace      3</div>',
      '<div class="line"><b>GC:</b> 3 cycles</div>',
      '<div class="line"><br></div>',
      '<div class="line"><b>malformed lines:</b></div>',
      `<div class="line" style="--indent: 2">\u00a0\u00a0x.log:2: ${escapeHtml(HOSTILE)}</div>`,
      `<div class="line" style="--indent: 4">\u00a0\u00a0\u00a0\u00a0gc 1 @0.1s ${escapeHtml(HOSTILE)}: 0.1 ms clock</div>`,
      "</div>",
    ]);
    // read back as the lines it shows: the text, escaped
    expect(pageSummaryLines(toHTML([], { title: "t", summaryText: text }))).toBe(escapeHtml(text));
  });

  it("escapeHtml escapes the five markup characters and jsonForScript round-trips through JSON.parse", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
    const value = { s: "</script><!-- \u2028 \u2029 & >" };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
