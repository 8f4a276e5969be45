import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { latencySummary, loadHey, loadTrace } from "../../src";
import { main } from "../../src/cli/main";
import { latencySectionOf } from "../../src/report/latency";
import { memoryIO } from "../cli/memoryIO";

const DATA = path.resolve(__dirname, "../../data");
const HEY_DATA = path.resolve(__dirname, "../load/data");

/** The specs embedded in a report page, by title. */
function specTitles(html: string): string[] {
  const json = /<script type="application\/json" id="godebug-specs">([^<]*)<\/script>/.exec(html)?.[1];
  if (json === undefined) throw new Error("no specs in the page");
  return (JSON.parse(json) as { title: { text: string } }[]).map((s) => s.title.text);
}

describe("the report's latency section", () => {
  it("report trace.log --load hey.csv.gz adds the latency summary and three charts on the trace's clock", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "godebug-lab-latency-"));
    try {
      const out = path.join(dir, "page.html");
      const io = memoryIO("");
      const args = [
        "report",
        path.join(DATA, "gcheavy-latency.log"),
        "--load",
        path.join(DATA, "gcheavy-latency.hey.csv.gz"),
      ];
      expect(await main([...args, "-o", out], io)).toBe(0);
      const html = fs.readFileSync(out, "utf8");
      const titles = specTitles(html);
      expect(titles).toContain("What the users felt: latency over time");
      expect(titles).toContain("Requests hit by GC against the rest");
      expect(titles).toContain("Latency against the run queue");
      // the summary's figures are the analyses' (hey's percentiles over the 20,000 rows)
      const { requests } = await loadHey(path.join(DATA, "gcheavy-latency.hey.csv.gz"));
      const s = latencySummary(requests);
      expect(html).toContain(
        `20,000 requests, ${Math.round(s.throughputPerSec).toLocaleString("en-US")}/s: p50 ${s.p50Ms.toFixed(1)} ms`,
      );
      expect(html).toContain(`p99 ${s.p99Ms.toFixed(1)}`);
      expect(html).toMatch(/Little&#39;s law: λW = \d+\.\d requests in flight/);
      expect(html).toMatch(/by start, which has no such bias: [\d,]+ requests started inside a GC cycle/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("a load file that is not hey's output is a usage error naming it; a missing one too", async () => {
    const io = memoryIO("");
    const trace = path.join(DATA, "gcheavy-latency.log");
    expect(await main(["report", trace, "--load", trace, "-o", "-"], io)).not.toBe(0);
    expect(io.err()).toContain("gcheavy-latency.log");
    const io2 = memoryIO("");
    expect(await main(["report", trace, "--load", "/nonexistent/hey.csv", "-o", "-"], io2)).not.toBe(0);
    expect(io2.err()).toContain("/nonexistent/hey.csv");
  });

  it("without the trace's clock (no .meta.json) latency is drawn alone, and hey's text summary gives figures only", async () => {
    const trace = await loadTrace(path.join(DATA, "gcheavy-latency.log"));
    const csv = await loadHey(path.join(HEY_DATA, "sendjson-200.csv"), { meta: false });
    expect(csv.clock).toBe("hey");
    const alone = latencySectionOf(csv, trace);
    expect(alone.summary).toContain("no load start on the trace's clock");
    expect(alone.charts.map((c) => c.name)).toEqual(["latency-timeline", "latency-ecdf"]);
    const text = await loadHey(path.join(HEY_DATA, "sendjson-200.txt"), { meta: false });
    const figures = latencySectionOf(text, trace);
    expect(figures.charts).toEqual([]);
    const p99 = text.summary.percentiles.find((p) => p.percent === 99)?.latencyMs as number;
    expect(figures.summary).toContain(`p99 ${p99.toFixed(1)} ms`);
  });
});
