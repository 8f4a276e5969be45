/**
 * The report in a real browser: Debian's Chromium, driven by playwright-core (no browser download), opens
 * report pages written for real traces from file:// with the network unused, and checks that every chart drew
 * its marks, that the console shows no error, and that trace text never ran as script.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTrace, parseTrace } from "../../src";
import { buildReport } from "../../src/report/page";
import { ROOT } from "../chart/helpers";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = path.join(ROOT, "test-artifacts");

let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--no-first-run",
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

interface ChartState {
  name: string;
  /** Scene items per vega mark type, from the vega-embed result's view. */
  items: Record<string, number>;
  /** Elements inside the chart's SVG role-mark groups, as the page shows them. */
  svgMarks: number;
}

/** Widths in CSS px: the page's, its summary block's, and what each measures of its content (scrollWidth). */
interface Layout {
  page: { clientWidth: number; scrollWidth: number };
  summary: { clientWidth: number; scrollWidth: number };
  /** Summary lines wider than the block's content box (a line that ran past it). */
  linesPastBlock: number;
  /** Summary lines drawn on more than one row (wrapped). */
  wrappedLines: number;
}

interface PageResult {
  charts: ChartState[];
  errors: string[];
  dialogs: string[];
  requests: string[];
  layout: Layout;
}

/** Writes the page, opens it in Chromium, waits for vega-embed and reads what every chart drew. */
async function openReport(html: string, name: string, width = 1200): Promise<PageResult> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.html`);
  fs.writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  const dialogs: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("request", (r) => {
    if (!r.url().startsWith("file://")) requests.push(r.url());
  });
  try {
    await page.goto(`file://${file}`);
    const charts = await page.evaluate(async () => {
      // Runs in the page. The project compiles without the DOM library, so the few browser objects used are
      // described here.
      type Scene = { marktype: string; role?: string; items: { items?: Scene[] }[] };
      type Element = { dataset: Record<string, string>; querySelectorAll(s: string): { length: number } };
      const page = globalThis as unknown as {
        godebugCharts: Promise<({ view: { scenegraph(): { root: Scene } } } | null)[]>;
        document: { querySelectorAll(s: string): Iterable<Element> };
      };
      const results = await page.godebugCharts;
      const sections = [...page.document.querySelectorAll("section.chart-section")];
      return sections.map((section, i) => {
        const items: Record<string, number> = {};
        const walk = (scene: Scene) => {
          if (scene.role === "mark")
            items[scene.marktype] = (items[scene.marktype] ?? 0) + scene.items.length;
          if (scene.marktype === "group")
            for (const item of scene.items) for (const child of item.items ?? []) walk(child);
        };
        const result = results[i];
        if (result) walk(result.view.scenegraph().root);
        const svgMarks = section.querySelectorAll("svg g.role-mark > *").length;
        return { name: section.dataset.chart ?? "", items, svgMarks };
      });
    });
    const layout = await page.evaluate(() => {
      // Runs in the page (browser objects described here, as above).
      type Box = { clientWidth: number; scrollWidth: number };
      type Rows = { length: number; [i: number]: { top: number } };
      const doc = (globalThis as unknown as { document: unknown }).document as {
        documentElement: Box;
        querySelector(s: string): Box | null;
        querySelectorAll(s: string): Iterable<Box>;
        createRange(): { selectNodeContents(n: Box): void; getClientRects(): Rows };
      };
      const block = doc.querySelector(".summary");
      if (block === null) throw new Error("no summary block");
      const lines = [...doc.querySelectorAll(".summary .line")];
      // the rows a line's text is laid out in: a Range over it has one rect per row (per text run in a row)
      const rows = (line: Box) => {
        const range = doc.createRange();
        range.selectNodeContents(line);
        const rects = range.getClientRects();
        return new Set(Array.from({ length: rects.length }, (_, i) => Math.round(rects[i].top))).size;
      };
      return {
        page: { clientWidth: doc.documentElement.clientWidth, scrollWidth: doc.documentElement.scrollWidth },
        summary: { clientWidth: block.clientWidth, scrollWidth: block.scrollWidth },
        linesPastBlock: lines.filter((l) => l.scrollWidth > l.clientWidth).length,
        wrappedLines: lines.filter((l) => rows(l) > 1).length,
      };
    });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    return { charts, errors, dialogs, requests, layout };
  } finally {
    await page.close();
  }
}

/** Marks other than text (axes and legends are not role "mark", so these are the data marks). */
function dataItems(items: Record<string, number>): number {
  return Object.entries(items).reduce((n, [type, k]) => n + (type === "text" ? 0 : k), 0);
}

describe("the report in Chromium", () => {
  it.each([
    ["report-gc-sched", "test/data/go1.19/gctrace-schedtrace-webservice.txt", 10],
    ["report-leak", "data/case2-leak-scheddetail.log", 4],
    ["report-init", "data/inittrace.log", 1],
    ["report-gc-pacer-scav", "data/gctrace-pacer-scav.log", 9],
  ])("%s: every chart of %s draws its marks and the console stays clean", async (name, file, count) => {
    const report = buildReport(await loadTrace(path.join(ROOT, file)));
    const page = await openReport(report.html, name);
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([]);
    expect(page.charts.map((c) => c.name)).toEqual(report.charts.map((c) => c.name));
    expect(page.charts).toHaveLength(count);
    for (const chart of page.charts) {
      expect(dataItems(chart.items), chart.name).toBeGreaterThan(0);
      expect(chart.svgMarks, chart.name).toBeGreaterThan(0);
    }
  });

  it.each([
    [1100, 1],
    [420, 10],
  ])(
    "the summary block fits a %i px page: long lines wrap inside it, nothing runs past it",
    async (width, wrapped) => {
      const text = fs.readFileSync(path.join(ROOT, "data/gctrace-pacer-scav.log"), "utf8");
      // damaged input, made by hand: a 400-character line with no space to break at, under a long file name
      const trace = parseTrace(`${text}gc 37 @6.5s 4%: ${"9".repeat(400)}\n`, {
        file: `captures/${"a-long-directory-name/".repeat(5)}gctrace-pacer-scav.log`,
      });
      expect(trace.malformed).toHaveLength(1);
      const { layout, errors } = await openReport(buildReport(trace).html, `report-summary-${width}`, width);
      expect(errors).toEqual([]);
      expect(layout.page.clientWidth).toBe(width);
      expect(layout.page.scrollWidth).toBe(width);
      expect(layout.summary.scrollWidth).toBeLessThanOrEqual(layout.summary.clientWidth);
      expect(layout.summary.clientWidth).toBeLessThanOrEqual(width);
      expect(layout.linesPastBlock).toBe(0);
      // the input did need wrapping: the GC CPU line is ~150 characters, the malformed one 420
      expect(layout.wrappedLines).toBeGreaterThanOrEqual(wrapped);
    },
  );

  it("trace text in the report never runs: a hostile package name and a hostile malformed line stay text", async () => {
    const text = fs.readFileSync(path.join(ROOT, "data/inittrace.log"), "utf8");
    // damaged input, made by hand: a package path and a cut-off line carrying markup
    const hostile = `${text.replace(/^init encoding\/json @/m, "init </script><script>alert(1)</script><img/src=x/onerror=alert(2)> @")}init x<img/src=y/onerror=alert(3)> @oops\n`;
    const trace = parseTrace(hostile, { file: "<b>hostile</b>.log" });
    expect(trace.malformed).toHaveLength(1);
    const page = await openReport(buildReport(trace).html, "report-hostile");
    expect(page.dialogs).toEqual([]);
    expect(page.errors).toEqual([]);
    expect(page.charts).toHaveLength(1);
    expect(dataItems(page.charts[0].items)).toBeGreaterThan(0);
  });
});
