import { describe, expect, it } from "vitest";
import { heapCycles, heapTimelineChart, mainRun, parseTrace, show } from "../../src";
import { VEGA_LITE_SCHEMA } from "../../src/chart/spec";
import { inJupyterKernel, publishDisplayData } from "../../src/render/jupyter";
import { displayBundle, VEGALITE_MIME } from "../../src/render/show";
import { repeatedGctrace } from "../chart/bigTraces";
import { fixture } from "../chart/helpers";

describe("displayBundle", () => {
  it("displayBundle of a spec carries Vega-Lite under the v5 MIME type with the v5 schema, SVG and text", async () => {
    const spec = heapTimelineChart(
      heapCycles(mainRun((await fixture("data/workload-gogc100.log")).tables.gctrace)),
    );
    expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    const bundle = await displayBundle(spec);
    expect(Object.keys(bundle).sort()).toEqual([VEGALITE_MIME, "image/svg+xml", "text/plain"].sort());
    expect(VEGALITE_MIME).toBe("application/vnd.vegalite.v5+json");
    expect(bundle[VEGALITE_MIME]).toEqual({
      ...spec,
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    });
    expect(String(bundle["image/svg+xml"])).toMatch(/^<svg [^>]*class="marks"/);
    expect(bundle["text/plain"]).toBe("Heap per GC cycle (Vega-Lite chart)");
  });

  it("displayBundle of a table shows its first and last rows and its shape as HTML and text", async () => {
    const gc = (await fixture("data/workload-gogc100.log")).tables.gctrace;
    const bundle = await displayBundle(gc, { rows: 3 });
    const html = String(bundle["text/html"]);
    expect(html).toContain("<caption>gctrace</caption>");
    expect(html.match(/<tr>/g)).toHaveLength(4); // header + 2 first rows + the last row
    expect(html.match(/<tr class="gap">/g)).toHaveLength(1);
    expect(html).toContain(
      `<p>${gc.length} rows × ${gc.schema.length} columns (first 2 and last 1 shown)</p>`,
    );
    expect(html).toContain("<th>heapLiveMB</th>");
    const text = String(bundle["text/plain"]).split("\n");
    expect(text[0]).toBe("gctrace");
    expect(text).toHaveLength(1 + 1 + 2 + 1 + 1 + 1);
    expect(
      text[4]
        .trim()
        .split(/\s+/)
        .every((c) => c === "…"),
    ).toBe(true);
  });

  it("displayBundle shows every row of a table no longer than the rows asked for, with no gap", async () => {
    const gc = (await fixture("data/workload-gogc100.log")).tables.gctrace;
    const html = String((await displayBundle(gc, { rows: gc.length }))["text/html"]);
    expect(html.match(/<tr>/g)).toHaveLength(1 + gc.length);
    expect(html).not.toContain("gap");
    expect(html).toContain(`<p>${gc.length} rows × ${gc.schema.length} columns</p>`);
  });

  it("displayBundle of a 300,000-row table prints its shape, head and tail, never every row", async () => {
    const gc = parseTrace(repeatedGctrace(300_000)).tables.gctrace;
    const bundle = await displayBundle(gc);
    const text = String(bundle["text/plain"]);
    const lines = text.split("\n");
    expect(lines).toHaveLength(1 + 1 + 5 + 1 + 5 + 1);
    expect(lines.at(-1)).toBe(`300,000 rows × ${gc.schema.length} columns (first 5 and last 5 shown)`);
    // gcNum is the third column: 1..5, then 299,996..300,000
    const gcNum = (line: string) => Number(line.trim().split(/\s+/)[2]);
    expect(lines.slice(2, 7).map(gcNum)).toEqual([1, 2, 3, 4, 5]);
    expect(lines.slice(8, 13).map(gcNum)).toEqual([299_996, 299_997, 299_998, 299_999, 300_000]);
    expect(String(bundle["text/html"]).length).toBeLessThan(10_000);
  });

  it("displayBundle of a danfo DataFrame shows its head, tail and shape", async () => {
    const trace = await fixture("data/workload-gogc100.log");
    const df = trace.frame("gctrace");
    const bundle = await displayBundle(df, { rows: 2 });
    const html = String(bundle["text/html"]);
    expect(html.match(/<tr>/g)).toHaveLength(3);
    expect(html).toContain(`${df.shape[0]} rows × ${df.shape[1]} columns (first 1 and last 1 shown)`);
    // the first cell is the first row's run (0) and the gcNum column holds 1 on that row; the last row holds 28
    expect(html).toMatch(/<tbody>\n<tr><td>0<\/td><td>\d+<\/td><td>1<\/td>/);
    expect(html).toMatch(/<\/tr>\n<tr><td>0<\/td><td>\d+<\/td><td>28<\/td>[^\n]*\n<\/tbody>/);
  });

  it("displayBundle escapes trace text in a table cell", async () => {
    const trace = parseTrace("init <b>x</b> @0.5 ms, 0.1 ms clock, 0 bytes, 0 allocs\n");
    expect(trace.counts.inittrace).toBe(1);
    const html = String((await displayBundle(trace.tables.inittrace))["text/html"]);
    expect(html).toContain("<td>&lt;b&gt;x&lt;/b&gt;</td>");
    expect(html).not.toContain("<b>");
  });

  it("displayBundle refuses what it cannot show", async () => {
    await expect(displayBundle({ answer: 42 } as never)).rejects.toThrow(
      "show() takes a Vega-Lite spec, a danfo DataFrame/Series or a godebug-lab table",
    );
  });
});

describe("show outside a notebook", () => {
  it("show throws a message that points to toSVG/toPNG/toHTML when no tslab kernel runs", async () => {
    expect(inJupyterKernel()).toBe(false);
    expect(() => publishDisplayData({ "text/plain": "x" })).toThrow(/no kernel is running here/);
    const spec = heapTimelineChart(
      heapCycles(mainRun((await fixture("data/workload-gogc100.log")).tables.gctrace)),
    );
    await expect(show(spec)).rejects.toThrow(/use toSVG\(\), toPNG\(\) or toHTML\(\)/);
  });
});
