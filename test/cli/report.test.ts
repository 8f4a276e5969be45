import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatSummary, loadTrace, parseTrace, summarizeTrace, supportedCharts } from "../../src";
import { main } from "../../src/cli/main";
import { defaultReportName } from "../../src/cli/report";
import { buildReport } from "../../src/report/page";
import { data } from "./fixtures";
import { memoryIO } from "./memoryIO";

const MIXED = path.join(__dirname, "../data/go1.19/gctrace-schedtrace-webservice.txt");

async function run(args: string[], stdin = "") {
  const io = memoryIO(stdin);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

let dir: string;
let cwd: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "godebug-lab-report-"));
  cwd = process.cwd();
});
afterEach(() => {
  process.chdir(cwd);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The specs embedded in a report page. */
function embeddedSpecs(html: string): { title: { text: string } }[] {
  const json = /<script type="application\/json" id="godebug-specs">([^<]*)<\/script>/.exec(html)?.[1];
  if (json === undefined) throw new Error("no specs in the page");
  return JSON.parse(json);
}

describe("buildReport", () => {
  it("buildReport puts every chart the trace supports on the page, with the one summary", async () => {
    const trace = await loadTrace(MIXED);
    const report = buildReport(trace);
    expect(report.charts.map((c) => c.name)).toEqual(supportedCharts(trace));
    expect(report.charts.length).toBe(10);
    const specs = embeddedSpecs(report.html);
    expect(specs.map((s) => s.title.text)).toEqual(
      report.charts.map((c) => (c.spec.title as { text: string }).text),
    );
    expect(report.html.match(/<section class="chart-section"/g)).toHaveLength(10);
    // what the file holds and the headline figures, each once
    expect(report.summary).toContain("gctrace      22");
    expect(report.summary).toMatch(/pauses \(R-7 quantiles\): p50 [\d.]+ ms/);
    expect(report.summary.match(/^GC: /gm)).toHaveLength(1);
    expect(report.summary.match(/^Scheduler: /gm)).toHaveLength(1);
    expect(report.summary).toBe(formatSummary(summarizeTrace(trace)).trimEnd());
    expect(report.html).toContain("<title>godebug-lab report: gctrace-schedtrace-webservice.txt</title>");
  });

  it("buildReport quotes malformed lines as escaped text", () => {
    const text = fs.readFileSync(data("workload-gogc100.log"), "utf8");
    // damaged input: a real gc line cut off, then a hostile tail glued on
    const cut = `${text.split("\n")[3].slice(0, 40)}<script>alert(1)</script>\n`;
    const trace = parseTrace(text + cut, { file: "cut.log" });
    expect(trace.malformed).toHaveLength(1);
    const report = buildReport(trace);
    // listed once, under its reason, as printed
    const m = trace.malformed[0];
    expect(report.summary).toContain(`malformed lines:\n  cut.log:${m.line}: ${m.reason}\n    ${m.text}`);
    expect(report.summary).toContain("<script>alert(1)</script>");
    expect(report.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(report.html.includes("<script>alert(1)")).toBe(false);
  });

  it("buildReport of an input without trace lines says there is no chart", () => {
    const report = buildReport(parseTrace("hello\nworld\n", { file: "notes.txt" }));
    expect(report.charts).toEqual([]);
    expect(report.summary).toContain("No chart: the input has no trace lines a chart can draw.");
  });
});

describe("godebug-lab report", () => {
  it("report without -o writes <trace>.report.html in the working directory and names its charts", async () => {
    process.chdir(dir);
    const r = await run(["report", data("workload-gogc100.log")]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      "wrote workload-gogc100.report.html: 7 charts (heap, alloc-rate, gc-cpu, pause-histogram, pause-ecdf, mmu, whatif)\n",
    );
    expect(
      embeddedSpecs(fs.readFileSync(path.join(dir, "workload-gogc100.report.html"), "utf8")),
    ).toHaveLength(7);
  });

  it("report without -o never replaces an existing page unless --force; -o replaces as told", async () => {
    process.chdir(dir);
    const page = path.join(dir, "inittrace.report.html");
    fs.writeFileSync(page, "mine");
    const r = await run(["report", data("inittrace.log")]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      "godebug-lab report: inittrace.report.html exists: pass --force to replace it, or -o <file> to write elsewhere\n",
    );
    expect(fs.readFileSync(page, "utf8")).toBe("mine");
    const forced = await run(["report", data("inittrace.log"), "--force"]);
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(page, "utf8")).toMatch(/^<!doctype html>/);
    fs.writeFileSync(page, "mine");
    expect((await run(["report", data("inittrace.log"), "-o", page])).code).toBe(0);
    expect(fs.readFileSync(page, "utf8")).toMatch(/^<!doctype html>/);
  });

  it("defaultReportName drops .gz and the last extension; stdin is stdin.report.html", () => {
    expect(defaultReportName("/x/run.log")).toBe("run.report.html");
    expect(defaultReportName("run.log.gz")).toBe("run.report.html");
    expect(defaultReportName("a.b.txt")).toBe("a.b.report.html");
    expect(defaultReportName(".hidden")).toBe(".hidden.report.html");
    expect(defaultReportName("trace")).toBe("trace.report.html");
    expect(defaultReportName("-")).toBe("stdin.report.html");
  });

  it("report -o and --output write where they are told", async () => {
    for (const flag of ["-o", "--output"]) {
      const out = path.join(dir, `${flag.replaceAll("-", "")}.html`);
      const r = await run(["report", data("inittrace.log"), flag, out]);
      expect(r.code).toBe(0);
      expect(r.out).toBe(`wrote ${out}: 1 chart (init)\n`);
      expect(fs.readFileSync(out, "utf8")).toMatch(/^<!doctype html>/);
    }
  });

  it("report -o - writes the page to stdout, and reads the trace from stdin with -", async () => {
    const r = await run(["report", "-", "-o", "-"], fs.readFileSync(data("case1-schedtrace.log"), "utf8"));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^<!doctype html>/);
    expect(embeddedSpecs(r.out)).toHaveLength(3);
    expect(r.out).toContain("<title>godebug-lab report: &lt;stdin&gt;</title>");
  });

  it("report names a missing input file and an unwritable output (exit 2)", async () => {
    const missing = await run(["report", path.join(dir, "nope.log")]);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(
      `godebug-lab report: cannot read ${path.join(dir, "nope.log")}: no such file or directory\n`,
    );
    const out = path.join(dir, "no-such-dir", "r.html");
    const unwritable = await run(["report", data("inittrace.log"), "-o", out]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.err).toBe(`godebug-lab report: cannot write ${out}: no such file or directory\n`);
  });

  it("report --help prints its usage and a second file is a usage error", async () => {
    const help = await run(["report", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("usage: godebug-lab report <file|-> [-o <page.html|->] [--force]");
    const two = await run(["report", "a.log", "b.log"]);
    expect(two.code).toBe(2);
    expect(two.err).toContain("unexpected argument 'b.log'");
  });
});
