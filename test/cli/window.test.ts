/** --from, --to and --run on summary, export, report and chart, checked against the captures' own text. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { pageSummaryLines } from "../helpers/pageSummary";
import { data, fileLines } from "./fixtures";
import { memoryIO } from "./memoryIO";

const GORUN = path.join(__dirname, "../data/go1.19/gctrace-gorun.txt");

async function run(args: string[]) {
  const io = memoryIO();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** The @ times (ms) of the gc lines of a capture, read from its text. */
function gcTimesMs(file: string): number[] {
  return fileLines(file).flatMap((l) => {
    const m = /^gc \d+ @(\d+\.\d+)s /.exec(l);
    return m ? [Math.round(Number(m[1]) * 1000)] : [];
  });
}

/** The times of the SCHED lines of a capture. */
function schedTimesMs(file: string): number[] {
  return fileLines(file).flatMap((l) => {
    const m = /^SCHED (\d+)ms: /.exec(l);
    return m ? [Number(m[1])] : [];
  });
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "godebug-lab-window-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const GC = data("workload-gogc100.log");
const SCHED = data("case1-schedtrace.log");

describe("--from / --to / --run", () => {
  it("summary --from 1 --to 3 counts the gc cycles that started in [1 s, 3 s)", async () => {
    const expected = gcTimesMs(GC).filter((t) => t >= 1000 && t < 3000).length;
    expect(expected).toBeGreaterThan(3);
    expect(expected).toBeLessThan(gcTimesMs(GC).length);
    const r = await run(["summary", GC, "--from", "1", "--to", "3", "--json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.counts.gctrace).toBe(expected);
    expect(s.gc.cycles).toBe(expected);
    expect(s.lines).toBe(expected);
    expect(s.window).toEqual({ fromMs: 1000, toMs: 3000 });
    expect(s.runs[0].startMs).toBeGreaterThanOrEqual(1000);
    expect(s.runs[0].endMs).toBeLessThan(3000);
  });

  it("summary takes Go durations (1500ms, 2.5s) and says the window in its text", async () => {
    const expected = gcTimesMs(GC).filter((t) => t >= 1500 && t < 2500).length;
    const r = await run(["summary", GC, "--from", "1500ms", "--to", "2.5s"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("window: 1.5s to 2.5s");
    expect(r.out).toContain(`GC: ${expected} cycles`);
  });

  it("summary --from alone and --to alone", async () => {
    const all = gcTimesMs(GC);
    const from = JSON.parse((await run(["summary", GC, "--from", "2s", "--json"])).out);
    expect(from.gc.cycles).toBe(all.filter((t) => t >= 2000).length);
    const to = JSON.parse((await run(["summary", GC, "--to", "2s", "--json"])).out);
    expect(to.gc.cycles).toBe(all.filter((t) => t < 2000).length);
    expect(from.gc.cycles + to.gc.cycles).toBe(all.length);
  });

  it("summary --run N sums up that process run alone and lists only it", async () => {
    const whole = JSON.parse((await run(["summary", GORUN, "--json"])).out);
    const busiest = whole.runs.reduce((a: { gcCycles: number }, b: { gcCycles: number }) =>
      b.gcCycles > a.gcCycles ? b : a,
    );
    const r = await run(["summary", GORUN, "--run", String(busiest.run), "--json"]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.runs).toEqual([busiest]);
    expect(s.gc.cycles).toBe(busiest.gcCycles);
    expect(s.counts.gctrace).toBeGreaterThanOrEqual(busiest.gcCycles);
  });

  it("export --from --to writes the rows of the window only", async () => {
    const expected = schedTimesMs(SCHED).filter((t) => t >= 2000 && t < 5000);
    const r = await run(["export", SCHED, "--kind", "schedtrace", "--from", "2s", "--to", "5s"]);
    expect(r.code).toBe(0);
    const rows = r.out.trimEnd().split("\n");
    const header = rows[0].split(",");
    const t = header.indexOf("timeMs");
    expect(rows.slice(1).map((row) => Number(row.split(",")[t]))).toEqual(expected);
  });

  it("export --run keeps the rows of that run, json too", async () => {
    const r = await run(["export", GORUN, "--kind", "gctrace", "--run", "1", "--format", "json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as { run: number }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.run === 1)).toBe(true);
    const all = JSON.parse((await run(["export", GORUN, "--kind", "gctrace", "--format", "json"])).out);
    expect(rows.length).toBe(all.filter((row: { run: number }) => row.run === 1).length);
  });

  it("report --from --to draws the window, says so in its title, and its summary counts the window", async () => {
    const out = path.join(dir, "r.html");
    const expected = gcTimesMs(GC).filter((t) => t >= 1000 && t < 3000).length;
    const r = await run(["report", GC, "--from", "1s", "--to", "3s", "-o", out]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const html = fs.readFileSync(out, "utf8");
    expect(html).toContain("<title>godebug-lab report: workload-gogc100.log (1s to 3s)</title>");
    expect(pageSummaryLines(html)).toContain(`\nGC: ${expected} cycles`);
  });

  it("report --run picks the run", async () => {
    const out = path.join(dir, "r.html");
    const r = await run(["report", GORUN, "--run", "0", "-o", out]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toContain("(run 0)</title>");
  });

  it("chart --from --to --run draws the window", async () => {
    const whole = path.join(dir, "whole.html");
    const part = path.join(dir, "part.html");
    expect((await run(["chart", SCHED, "--chart", "runqueue", "-o", whole])).code).toBe(0);
    const r = await run([
      "chart",
      SCHED,
      "--chart",
      "runqueue",
      "--run",
      "0",
      "--from",
      "2",
      "--to",
      "5",
      "-o",
      part,
    ]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const html = fs.readFileSync(part, "utf8");
    expect(html).toContain("<title>godebug-lab runqueue: case1-schedtrace.log (run 0, 2s to 5s)</title>");
    // the window's samples, not the whole run's: less data on the page
    const spec = (page: string) => /id="godebug-specs">([^<]*)</.exec(page)?.[1] ?? "";
    expect(spec(html).length).toBeGreaterThan(100);
    expect(spec(html).length).toBeLessThan(spec(fs.readFileSync(whole, "utf8")).length);
  });

  it.each([
    ["summary", []],
    ["export", ["--kind", "gctrace"]],
    ["report", ["-o", "-"]],
    ["chart", ["--chart", "heap", "-o", "x.svg"]],
  ])("%s: bad values are one line on stderr and exit status 2", async (command, extra) => {
    const cases: [string[], RegExp][] = [
      [["--from", "ten"], /--from 'ten': expected seconds \(90, 1\.5\) or a Go duration \(90s, 10m, 1h30m\)/],
      [["--to", "5x"], /--to '5x': expected seconds/],
      [["--from=-1"], /--from '-1': expected seconds/],
      [["--from", "3s", "--to", "2s"], /--from 3s must be before --to 2s/],
      [["--run", "one"], /--run 'one': expected a run number/],
      [["--run", "7"], /--run 7: .*workload-gogc100\.log holds 1 run \(run 0\)/],
      [["--from", "1h"], /no trace line in the window \(from 1h\); the trace holds run 0: 0\.005 s to /],
    ];
    for (const [flags, message] of cases) {
      const r = await run([command, GC, ...extra, ...flags]);
      expect(r.code, flags.join(" ")).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toMatch(message);
      expect(r.err.trimEnd().split("\n")).toHaveLength(1);
    }
  });

  it("--help of each command lists the three flags", async () => {
    for (const command of ["summary", "export", "report", "chart"]) {
      const r = await run([command, "--help"]);
      for (const flag of ["--from <time>", "--to <time>", "--run <n>"]) expect(r.out).toContain(flag);
    }
  });
});
