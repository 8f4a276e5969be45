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

interface PageResult {
  charts: ChartState[];
  errors: string[];
  dialogs: string[];
  requests: string[];
}

/** Writes the page, opens it in Chromium, waits for vega-embed and reads what every chart drew. */
async function openReport(html: string, name: string): Promise<PageResult> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.html`);
  fs.writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
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
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    return { charts, errors, dialogs, requests };
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
