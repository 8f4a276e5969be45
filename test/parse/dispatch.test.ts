import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTrace, type Trace } from "../../src";
import { Dispatcher, prefixEnd, strongAnchor } from "../../src/parse/dispatch";
import { createGcpacertraceScanner } from "../../src/parse/gcpacertrace";
import { createGctraceScanner } from "../../src/parse/gctrace";
import { createInittraceScanner } from "../../src/parse/inittrace";
import { ProcessRuns } from "../../src/parse/runs";
import { createScavtraceScanner } from "../../src/parse/scavtrace";
import { createSchedScanner } from "../../src/parse/schedtrace";
import type { ScanResult } from "../../src/parse/types";

const CORPUS = "/work/shared/corpus";
const TEST_DATA = join(__dirname, "..", "data");
const DATA = join(__dirname, "..", "..", "data");

/** The trace lines of a fixture (after its `# ---` header line; data/ captures have none). */
function lines(path: string): string[] {
  const text = readFileSync(path, "utf8");
  const end = text.indexOf("# ---\n");
  const body = end < 0 ? text : text.slice(end + 6);
  return body.replace(/\n$/, "").split("\n");
}

/** Real lines, one per shape the dispatcher must route (all copied from real traces, never written by hand). */
const corpus = (f: string) => lines(join(CORPUS, f));
const GC = corpus("ardanlabs-gotraining_go1.8_gctrace-8P.txt")[0];
const GC_DEV = corpus("golang-go-commit-17db6e0_go1.5dev_gctrace-hash-forced-benchmark_1P.txt")[1];
const GC_OLD = lines(join(TEST_DATA, "go1.4", "gctrace-go1.4.2-issue12228.txt")).find((l) =>
  /^gc\d+\(/.test(l),
);
const GC_FORCED = corpus("DoMySon-blog_go1.13_gctrace-scvg-GCforced_12P.txt")[3];
const [, SWEEP, ASSIST, MARK] = corpus("ardanlabs-gotraining_go1.7_gctrace-gcpacertrace.txt");
const SCVG = corpus("thinkboy-go-notes_go1.9.2_gctrace-scvg_40P-15GB.txt")[2];
const SCVG_RELEASED = corpus("thinkboy-go-notes_go1.9.2_gctrace-scvg_40P-15GB.txt")[12];
const FORCED_SCVG = lines(join(TEST_DATA, "go1.13", "blog-freeosmemory-forced-scvg.txt"))[3];
const SCAV = lines(join(DATA, "gctrace-pacer-scav.log")).find((l) => l.startsWith("scav "));
const SCHED = corpus("ardanlabs-gotraining_go1.6_schedtrace-gomaxprocs1.txt")[0];
const DETAIL = corpus("zqlpaopao-testCode_go1.14_scheddetail-gorun.txt").slice(2, 14); // header, 4 P, 4 M, 3 G
const INIT = corpus("golang-go-commit-7c58ef7_go1.16dev_inittrace.txt")[1];

function dispatcher(): { d: Dispatcher; ctx: { lineNo: number; runs: ProcessRuns } } {
  const sched = createSchedScanner();
  const d = new Dispatcher({
    gctrace: createGctraceScanner(),
    gcpacertrace: createGcpacertraceScanner(),
    scavtrace: createScavtraceScanner(),
    sched,
    detail: sched.detail,
    inittrace: createInittraceScanner(),
  });
  return { d, ctx: { lineNo: 0, runs: new ProcessRuns() } };
}

/** The class of each line when dispatched in order: a kind, "other", or "malformed: <reason>". */
function classify(input: readonly string[]): string[] {
  const { d, ctx } = dispatcher();
  return input.map((l) => {
    ctx.lineNo++;
    return show(d.dispatch(l, ctx));
  });
}

function show(r: ScanResult | null): string {
  if (r === null) return "other";
  return typeof r === "string" ? r : `malformed: ${r.reason}`;
}

const ALL_KINDS: [string, string][] = [
  [GC, "gctrace"],
  [GC_DEV, "gctrace"],
  [GC_OLD as string, "gctrace"],
  [GC_FORCED, "gctrace"],
  [SWEEP, "gcpacertrace"],
  [ASSIST, "gcpacertrace"],
  [MARK, "gcpacertrace"],
  [SCVG, "scavtrace"],
  [SCVG_RELEASED, "scavtrace"],
  [FORCED_SCVG, "scavtrace"],
  [SCAV as string, "scavtrace"],
  [INIT, "inittrace"],
  [SCHED, "schedtrace"],
  ...DETAIL.map((l): [string, string] => [l, "scheddetail"]),
];

describe("Dispatcher at column 0", () => {
  it("routes a real line of every shape to its kind", () => {
    expect(GC_OLD).toBeDefined();
    expect(SCAV).toBeDefined();
    expect(classify(ALL_KINDS.map(([l]) => l))).toEqual(ALL_KINDS.map(([, k]) => k));
  });

  it("classifies program output, including words like gc, init, pacer and SCHED, as other", () => {
    const out = [
      "GODEBUG=gctrace=1 go run ./main.go",
      "# command-line-arguments",
      "gc is running",
      "gcc -O2 main.c",
      "GC forcing is off",
      "init: loading config",
      "initializing cache",
      "pacer is pacing",
      "scavenger started",
      "scan complete",
      "scan: 5 files",
      "SCHEDULER ready",
      "M1: ready",
      "P1: patient one",
      "G7: all good",
      "       1       9150447353 ns/op",
      "",
      "\r",
    ];
    expect(classify(out)).toEqual(out.map(() => "other"));
  });

  it("reports a line that starts like a trace record but does not parse as malformed with the scanner's reason", () => {
    const cut = [
      GC.slice(0, 40),
      SCHED.slice(0, 30),
      SCVG.slice(0, 30),
      INIT.slice(0, 25),
      ASSIST.slice(0, 30),
    ];
    const got = classify(cut);
    for (const g of got) expect(g).toMatch(/^malformed: \S/);
    expect(got[0]).toContain("column");
  });

  it("the go1.9 line quoted without `@` (golang/go commit 9d17e17) is malformed", () => {
    const [line] = corpus("golang-go-commit-9d17e17_go1.9_gctrace-bogus-start-time.txt");
    expect(classify([line])[0]).toMatch(/^malformed: .*"@"/);
  });

  it("ignores a trailing CR (CRLF files) on every kind", () => {
    expect(classify(ALL_KINDS.map(([l]) => `${l}\r`))).toEqual(ALL_KINDS.map(([, k]) => k));
  });

  it("accepts P/M/G lines whose indent was trimmed only with the runtime's first key", () => {
    const trimmed = [DETAIL[0], ...DETAIL.slice(1).map((l) => l.trimStart())];
    expect(classify(trimmed)).toEqual(trimmed.map(() => "scheddetail"));
    expect(classify(["P0: status report follows", "M1: ready", "G1: status pending"])).toEqual([
      "other",
      "other",
      "other",
    ]);
  });
});

/** Real-looking log prefixes (the wrapping is the damage; the trace text is real). */
const PREFIXES: [string, string][] = [
  ["journald", "Sep 01 18:36:54 node-3 etcd-wrapper[15450]: "],
  ["journald without host", "Sep 01 18:36:54 etcd-wrapper[15450]: "],
  ["BSD syslog, day padded", "Jan  5 03:04:05 web-1 app: "],
  ["rsyslog RFC 3339", "2024-01-02T03:04:05.678901+00:00 web-1 app[812]: "],
  ["kubectl / CRI", "2024-01-02T03:04:05.678901234Z stderr F "],
  ["docker --timestamps", "2024-01-02T03:04:05.678901234Z "],
  ["ISO with comma millis", "2024-01-02 03:04:05,678 "],
  ["Go log package", "2024/01/02 03:04:05 "],
  ["docker compose", "app-1  | "],
  ["kubectl --prefix", "[pod/web-7d4b9c-xk2p/app] "],
  ["compose + docker timestamp", "api-1  | 2024-01-02T03:04:05.678901234Z "],
];

describe("Dispatcher after a log prefix", () => {
  for (const [name, prefix] of PREFIXES) {
    it(`finds every kind behind a ${name} prefix, P/M/G indents included`, () => {
      expect(prefixEnd(prefix + GC, 0) > 0 || name.includes("+")).toBe(true);
      expect(classify(ALL_KINDS.map(([l]) => prefix + l))).toEqual(ALL_KINDS.map(([, k]) => k));
    });
  }

  it("prefixed lines give the same rows as the raw lines", () => {
    const raw = corpus("zqlpaopao-testCode_go1.14_scheddetail-gorun.txt").join("\n");
    const plain = parseTrace(raw);
    for (const [, prefix] of PREFIXES) {
      const wrapped = parseTrace(
        raw
          .split("\n")
          .map((l) => prefix + l)
          .join("\n"),
      );
      expect(wrapped.counts).toEqual(plain.counts);
      expect(wrapped.tables).toEqual(plain.tables);
    }
  });

  it("a cut trace line behind a prefix is malformed, program output behind one is other", () => {
    expect(classify([`${PREFIXES[0][1]}${GC.slice(0, 40)}`])[0]).toMatch(/^malformed: /);
    expect(classify([`${PREFIXES[0][1]}starting server on :4000`, `${PREFIXES[4][1]}gc is fine`])).toEqual([
      "other",
      "other",
    ]);
  });
});

describe("Dispatcher on trace text glued after program output", () => {
  it("parses the real `BenchmarkBinaryTree17<TAB>gc #3 …` line of golang/go commit 17db6e0", () => {
    const glued = corpus("golang-go-commit-17db6e0_go1.5dev_gctrace-hash-forced-benchmark_1P.txt")[5];
    expect(glued.startsWith("BenchmarkBinaryTree17\tgc #3 @")).toBe(true);
    expect(strongAnchor(glued, 0)).toBe("BenchmarkBinaryTree17\t".length);
    const t = parseTrace(glued);
    expect(t.counts.gctrace).toBe(1);
    expect(t.num("gctrace", "gcNum")[0]).toBe(3);
    expect(t.bool("gctrace", "forced")[0]).toBe(true);
  });

  it("finds every strong kind glued after output with or without a separator", () => {
    const strong = ALL_KINDS.filter(([l]) => !l.startsWith(" ") && l !== GC_FORCED);
    for (const glue of ["PASS\t", "done 400", "ok  ", "BenchmarkX-8   "]) {
      expect(classify(strong.map(([l]) => glue + l))).toEqual(strong.map(([, k]) => k));
    }
  });

  it("glued rows equal the rows of the same lines at column 0", () => {
    const body = corpus("thinkboy-go-notes_go1.9.2_gctrace-scvg_40P-15GB.txt");
    const plain = parseTrace(body.join("\n"));
    const glued = parseTrace(body.map((l, i) => `output ${i}: ${l}`).join("\n"));
    expect(glued.counts).toEqual(plain.counts);
    expect(glued.tables).toEqual(plain.tables);
  });

  it("weak anchors (`GC forced`, `scan: `, P/M/G lines) in the middle of a line are other", () => {
    expect(classify([DETAIL[0], `worker ${DETAIL[1]}`, `note: ${GC_FORCED}`, "total scan: 5 objs"])).toEqual([
      "scheddetail",
      "other",
      "other",
      "other",
    ]);
  });

  it("prose quoting a broken trace line stays other; a later real line in it is still found", () => {
    const prose = `# notes: '${GC.slice(0, 16)}' stops after the percent`;
    expect(classify([prose])).toEqual(["other"]);
    expect(classify([`${prose} then ${SCHED}`])).toEqual(["schedtrace"]);
  });

  it("prefers a line-start record over text later in the line", () => {
    const t = parseTrace(`${SCHED} ${GC}`);
    // the SCHED scanner owns the line; the gc text inside it is not a second record
    expect(t.lines).toBe(1);
    expect(t.counts.gctrace + t.counts.schedtrace + t.counts.malformed).toBe(1);
    expect(t.counts.gctrace).toBe(0);
  });
});

describe("every line is classified exactly once", () => {
  it("counts add up to the line count on a mixed, prefixed, glued, CRLF input", () => {
    const mixed = [
      "$ GODEBUG=gctrace=1,schedtrace=1000 ./server",
      ...ALL_KINDS.map(([l]) => l),
      `${PREFIXES[2][1]}${GC}`,
      `PASS\t${SCHED}`,
      "listening on 127.0.0.1:4000",
      GC.slice(0, 30),
    ].join("\r\n");
    const t: Trace = parseTrace(mixed);
    const sum = Object.values(t.counts).reduce((a, b) => a + b, 0);
    expect(sum).toBe(t.lines);
    expect(t.lines).toBe(ALL_KINDS.length + 5);
    expect(t.counts.other).toBe(2);
    expect(t.counts.malformed).toBe(1);
    expect(Array.from(t.other)).toEqual([1, ALL_KINDS.length + 4]);
  });
});
