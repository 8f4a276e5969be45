import { describe, expect, it } from "vitest";
import { heapCycles } from "../../src/analysis/heap";
import { mainRun } from "../../src/analysis/tables";
import { heapTimelineChart } from "../../src/chart/heapTimelineChart";
import { VEGA_LITE_SCHEMA } from "../../src/chart/spec";
import { parseTrace } from "../../src/parse/trace";
import { inJupyterKernel, publishDisplayData } from "../../src/render/jupyter";
import { displayBundle, show, VEGALITE_MIME } from "../../src/render/show";
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

  it("displayBundle of a table shows its first rows and its shape as HTML and text", async () => {
    const gc = (await fixture("data/workload-gogc100.log")).tables.gctrace;
    const bundle = await displayBundle(gc, { rows: 3 });
    const html = String(bundle["text/html"]);
    expect(html).toContain("<caption>gctrace</caption>");
    expect(html.match(/<tr>/g)).toHaveLength(4); // header + 3 rows
    expect(html).toContain(`<p>${gc.length} rows × ${gc.schema.length} columns (first 3 shown)</p>`);
    expect(html).toContain("<th>heapLiveMB</th>");
    const text = String(bundle["text/plain"]).split("\n");
    expect(text[0]).toBe("gctrace");
    expect(text).toHaveLength(1 + 1 + 3 + 1);
  });

  it("displayBundle of a danfo DataFrame shows its head and shape", async () => {
    const trace = await fixture("data/workload-gogc100.log");
    const df = trace.frame("gctrace");
    const bundle = await displayBundle(df, { rows: 2 });
    const html = String(bundle["text/html"]);
    expect(html.match(/<tr>/g)).toHaveLength(3);
    expect(html).toContain(`${df.shape[0]} rows × ${df.shape[1]} columns (first 2 shown)`);
    // the first cell is the first row's run (0) and the gcNum column holds 1 on that row
    expect(html).toMatch(/<tbody>\n<tr><td>0<\/td><td>\d+<\/td><td>1<\/td>/);
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
