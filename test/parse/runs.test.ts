import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTrace, type Trace } from "../../src";
import { ProcessRuns } from "../../src/parse/runs";

const CORPUS = "/work/shared/corpus";
const TEST_DATA = join(__dirname, "..", "data");

/** A fixture's trace text: everything after the `# ---` header line. */
function body(path: string): string {
  const text = readFileSync(path, "utf8");
  const end = text.indexOf("# ---\n");
  if (end < 0) throw new Error(`${path}: no "# ---" header end`);
  return text.slice(end + 6);
}

function parse(path: string): Trace {
  return parseTrace(body(path), { file: path });
}

/** gc numbers and start times of the real gc lines of a fixture, read by a plain regex (the oracle). */
function gcHeads(path: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of body(path).matchAll(/^gc #?(\d+) @(\d+\.\d+)s/gm))
    out.push([Number(m[1]), Number(m[2]) * 1000]);
  return out;
}

describe("ProcessRuns (gc)", () => {
  it("a mid-run excerpt (gc 318..322) is one run", () => {
    const r = new ProcessRuns();
    const heads = gcHeads(join(CORPUS, "ardanlabs-gotraining_go1.8_gctrace-8P.txt"));
    expect(heads.map(([n, t]) => r.gc(n, t))).toEqual([0, 0, 0, 0, 0]);
    expect(r.count).toBe(1);
    expect(r.lastGcNum).toBe(322);
    expect(r.lastGcTimeMs).toBe(36860);
  });

  it("gc numbering that restarts opens a new run (go run: go command, compiler, program)", () => {
    const r = new ProcessRuns();
    const heads = gcHeads(join(CORPUS, "zqlpaopao-testCode_go1.14_gctrace-gorun-forced.txt"));
    expect(heads.map(([n, t]) => r.gc(n, t))).toEqual([0, 0, 0, 1, 1, 2]);
    expect(r.count).toBe(3);
  });

  it("a gc line that is the next cycle of an earlier run goes back to that run (interleaved go run)", () => {
    // gc 1,2,3 (go command), gc 1 (compiler), gc 4 @0.407s (the go command again), gc 1, gc 2 (the linker)
    const r = new ProcessRuns();
    const heads = gcHeads(join(CORPUS, "zqlpaopao-testCode_go1.14_gctrace-gorun-interleaved.txt"));
    expect(heads.map(([n]) => n)).toEqual([1, 2, 3, 1, 4, 1, 2]);
    expect(heads.map(([n, t]) => r.gc(n, t))).toEqual([0, 0, 0, 1, 0, 2, 2]);
    expect(r.count).toBe(3);
  });

  it("an earlier run is not resumed when the time goes backwards", () => {
    const r = new ProcessRuns();
    r.gc(3, 283); // gc 3 @0.283s
    r.gc(1, 19); // another process
    expect(r.gc(4, 100)).toBe(1); // gc 4 before gc 3's time: not the first process, the current one with a gap
    expect(r.count).toBe(2);
  });

  it("gc lines without a time (go1.3/go1.4 `gcN(P):`) are ordered by number alone", () => {
    const r = new ProcessRuns();
    expect([r.gc(6, Number.NaN), r.gc(7, Number.NaN), r.gc(1, Number.NaN)]).toEqual([0, 0, 1]);
  });

  it("every run of a go1.19 `go run -a` capture counts its cycles 1, 2, 3… without gaps", () => {
    const t = parse(join(TEST_DATA, "go1.19", "gctrace-gorun.txt"));
    const run = t.num("gctrace", "run");
    const gcNum = t.num("gctrace", "gcNum");
    const timeMs = t.num("gctrace", "timeMs");
    // 35 processes print `gc 1` (go command, one compiler per package, linker, program)
    expect(t.runs).toBe(35);
    const next = new Map<number, [number, number]>();
    for (let i = 0; i < run.length; i++) {
      const [n, tm] = next.get(run[i]) ?? [1, 0];
      expect(gcNum[i], `row ${i}`).toBe(n);
      expect(timeMs[i]).toBeGreaterThanOrEqual(tm);
      next.set(run[i], [n + 1, timeMs[i]]);
    }
    expect(next.size).toBe(35);
  });
});

describe("ProcessRuns (SCHED)", () => {
  it("increasing SCHED times stay in one run", () => {
    const t = parse(join(CORPUS, "ardanlabs-gotraining_go1.6_schedtrace-gomaxprocs1.txt"));
    expect(Array.from(t.num("schedtrace", "run"))).toEqual([0, 0, 0, 0]);
    expect(t.runs).toBe(1);
  });

  it("every `SCHED 0ms` after the first opens a new run (one per go-run process)", () => {
    const t = parse(join(CORPUS, "zqlpaopao-testCode_go1.14_schedtrace-gorun.txt"));
    expect(Array.from(t.num("schedtrace", "timeMs"))).toEqual([0, 0, 0, 0]);
    expect(Array.from(t.num("schedtrace", "run"))).toEqual([0, 1, 2, 3]);
    expect(t.runs).toBe(4);
  });

  it("a SCHED time below the last one opens a new run; an equal non-zero one does not", () => {
    const r = new ProcessRuns();
    expect([r.sched(0), r.sched(1001), r.sched(2008), r.sched(2008), r.sched(1001)]).toEqual([0, 0, 0, 0, 1]);
    expect(r.lastSchedTimeMs).toBe(1001);
  });

  it("P, M and G rows carry the run of their SCHED header", () => {
    const t = parse(join(CORPUS, "zqlpaopao-testCode_go1.14_scheddetail-gorun.txt"));
    expect(Array.from(t.num("schedtrace", "run"))).toEqual([0, 1, 2, 3]);
    expect(new Set(t.num("scheddetailP", "run"))).toEqual(new Set([0, 2, 3]));
    expect(Array.from(t.num("scheddetailG", "run"))).toEqual([0, 0, 0, 2, 2, 2, 2, 3, 3, 3, 3]);
  });
});

describe("ProcessRuns (init)", () => {
  it("`init internal/bytealg` then `init runtime` is one process", () => {
    const t = parse(join(CORPUS, "golang-go-commit-7c58ef7_go1.16dev_inittrace.txt"));
    expect(t.runs).toBe(1);
    expect(Array.from(t.num("inittrace", "run"))).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it("each process of a go run starts a new run at `init internal/bytealg`", () => {
    const t = parse(join(TEST_DATA, "go1.19", "inittrace-gorun.txt"));
    const run = t.num("inittrace", "run");
    const pkg = t.str("inittrace", "pkg");
    expect(t.runs).toBe(4);
    const starts = [];
    for (let i = 0; i < run.length; i++) if (i === 0 || run[i] !== run[i - 1]) starts.push([run[i], pkg[i]]);
    expect(starts).toEqual([
      [0, "internal/bytealg"],
      [1, "internal/bytealg"],
      [2, "internal/bytealg"],
      [3, "internal/bytealg"],
    ]);
  });

  it("`init runtime` without `internal/bytealg`, a repeated package or an earlier start time open a new run", () => {
    const r = new ProcessRuns();
    expect(r.init("runtime", 0.059)).toBe(0);
    expect(r.init("errors", 0.22)).toBe(0);
    expect(r.init("runtime", 0.05)).toBe(1);
    expect(r.init("math", 0.19)).toBe(1);
    expect(r.init("math", 0.3)).toBe(2);
    expect(r.init("sync", 0.1)).toBe(3);
  });
});

describe("ProcessRuns (mixed)", () => {
  it("gctrace and schedtrace of one process share one run", () => {
    const t = parse(join(TEST_DATA, "go1.19", "gctrace-schedtrace-webservice.txt"));
    expect(t.counts.gctrace).toBeGreaterThan(0);
    expect(t.counts.schedtrace).toBeGreaterThan(0);
    expect(t.runs).toBe(1);
  });

  it("lines without a sequence use the current run, and the first opens run 0", () => {
    const r = new ProcessRuns();
    expect(r.count).toBe(0);
    expect(r.run).toBe(0);
    expect(r.current()).toBe(0);
    expect(r.count).toBe(1);
    r.gc(5, 100);
    r.gc(1, 2);
    expect(r.current()).toBe(1);
    expect(Number.isNaN(new ProcessRuns().lastGcNum)).toBe(true);
  });
});

describe("ProcessRuns (onNextGc)", () => {
  it("calls a waiting callback once, with the number of that run's next gc line", () => {
    const r = new ProcessRuns();
    const got: number[] = [];
    r.onNextGc(r.current(), (n) => got.push(n));
    r.onNextGc(0, (n) => got.push(n * 10));
    expect(r.gc(1, 13)).toBe(0);
    r.gc(2, 135);
    expect(got).toEqual([1, 10]);
  });

  it("does not call it for another run's gc line, nor when the run never gets one", () => {
    const r = new ProcessRuns();
    r.gc(1, 13);
    r.sched(0);
    expect(r.sched(0)).toBe(1); // a second process's first SCHED line
    const got: number[] = [];
    r.onNextGc(1, (n) => got.push(n));
    expect(r.gc(2, 135)).toBe(0); // the first process's next cycle
    expect(got).toEqual([]);
  });

  it("throws for a run that does not exist (a programmer mistake)", () => {
    expect(() => new ProcessRuns().onNextGc(0, () => {})).toThrow(/onNextGc: no run 0/);
  });
});
