import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { type LineClass, loadTrace, parseTrace, parseTraceStream, TABLE_NAMES, type Trace } from "../../src";
import { MAX_LINE_CHARS } from "../../src/parse/lines";
import { MALFORMED_TEXT_CHARS } from "../../src/parse/traceData";
import { LINE_CLASSES } from "../../src/parse/types";

const CORPUS = "/work/shared/corpus";
const tmp = mkdtempSync(join(tmpdir(), "godebug-trace-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A corpus file's trace text: everything after its `# ---` header line. */
function body(file: string): string {
  const text = readFileSync(join(CORPUS, file), "utf8");
  const end = text.indexOf("# ---\n");
  if (end < 0) throw new Error(`${file}: no "# ---" header end`);
  return text.slice(end + 6);
}

type Expect = Partial<Record<LineClass, number>> & { runs: number; malformedLines?: number[] };

/**
 * What each corpus header implies: the body line count split into kinds (a `GC forced` line counts as gctrace),
 * program and shell lines as other (typed commands, `# command-line-arguments`, blank lines, benchmark output, the
 * author's `...`), processes as runs, and malformed only where the header says a line is cut off or damaged.
 */
const CORPUS_EXPECT: Record<string, Expect> = {
  "DoMySon-blog_go1.13_gctrace-scvg-GCforced_12P.txt": { gctrace: 2, scavtrace: 2, runs: 1 },
  "ardanlabs-gotraining_go1.5_gctrace-5phase.txt": { gctrace: 4, runs: 1 },
  "ardanlabs-gotraining_go1.6_schedtrace-gomaxprocs1.txt": { schedtrace: 4, runs: 1 },
  "ardanlabs-gotraining_go1.7_gctrace-gcpacertrace.txt": { gctrace: 1, gcpacertrace: 3, runs: 1 },
  "ardanlabs-gotraining_go1.8_gctrace-8P.txt": { gctrace: 5, runs: 1 },
  "gcvis-examples_go1.5_gctrace.txt": { gctrace: 130, runs: 1 },
  // the last scvg line is cut off in the source ("consumed: 7" without " (MB)")
  "golang-design-go-questions_go1.14beta1_gctrace-scvg-KB_12P.txt": {
    gctrace: 6,
    scavtrace: 11,
    other: 2,
    malformed: 1,
    malformedLines: [20],
    runs: 1,
  },
  // the typed command, `testing: warning…`, `PASS`, the ns/op line; the benchmark name glued before gc #3
  "golang-go-commit-17db6e0_go1.5dev_gctrace-hash-forced-benchmark_1P.txt": { gctrace: 4, other: 4, runs: 1 },
  "golang-go-commit-4f2e382_go1.2dev_scheddetail-original.txt": { scheddetail: 10, runs: 1 },
  "golang-go-commit-4f2e382_go1.2dev_schedtrace-original.txt": { schedtrace: 3, runs: 1 },
  "golang-go-commit-7c58ef7_go1.16dev_inittrace.txt": { inittrace: 7, other: 2, runs: 1 },
  // the line quoted without "@": damaged, so no row and no run
  "golang-go-commit-9d17e17_go1.9_gctrace-bogus-start-time.txt": {
    malformed: 1,
    malformedLines: [1],
    runs: 0,
  },
  "thinkboy-go-notes_go1.9.2_gctrace-scvg_40P-15GB.txt": { gctrace: 11, scavtrace: 8, runs: 1 },
  "thinkboy-go-notes_go1.9_schedtrace_40P.txt": { schedtrace: 1, runs: 1 },
  "vogo-learning-go_go1.10_gctrace-scvg_4P.txt": { gctrace: 12, scavtrace: 2, runs: 1 },
  // go run: the go command (gc 1-3), the compiler (gc 1-2), the program (gc 1 forced)
  "zqlpaopao-testCode_go1.14_gctrace-gorun-forced.txt": { gctrace: 6, other: 2, runs: 3 },
  // go run: the go command (gc 1-4, interleaved), the compiler (gc 1), the linker (gc 1-2)
  "zqlpaopao-testCode_go1.14_gctrace-gorun-interleaved.txt": { gctrace: 7, other: 3, runs: 3 },
  // three detail dumps and one plain SCHED line, each `SCHED 0ms` of its own process
  "zqlpaopao-testCode_go1.14_scheddetail-gorun.txt": { schedtrace: 1, scheddetail: 40, other: 4, runs: 4 },
  "zqlpaopao-testCode_go1.14_schedtrace-gorun.txt": { schedtrace: 4, other: 3, runs: 4 },
};

function expectedCounts(e: Expect): Record<LineClass, number> {
  return Object.fromEntries(LINE_CLASSES.map((c) => [c, e[c] ?? 0])) as Record<LineClass, number>;
}

/** Everything a parse produced, for comparing the doors (source aside). */
function essence(t: Trace) {
  return {
    lines: t.lines,
    counts: t.counts,
    runs: t.runs,
    tables: t.tables,
    malformed: t.malformed,
    other: Array.from(t.other),
  };
}

async function* chunksOf(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function* bytesOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe("every corpus file, through all three doors", () => {
  it("the expectations cover every corpus trace file", () => {
    const files = readFileSync(join(CORPUS, "README.md"), "utf8").match(/`[^`]+\.txt`/g) ?? [];
    expect(new Set(files.map((f) => f.slice(1, -1)))).toEqual(new Set(Object.keys(CORPUS_EXPECT)));
  });

  for (const [file, e] of Object.entries(CORPUS_EXPECT)) {
    it(`${file} parses with the counts its header implies`, async () => {
      const text = body(file);
      const t = parseTrace(text, { file });
      expect(t.counts).toEqual(expectedCounts(e));
      expect(t.lines).toBe(text.split("\n").length - 1);
      expect(Object.values(t.counts).reduce((a, b) => a + b, 0)).toBe(t.lines);
      expect(t.runs).toBe(e.runs);
      expect(t.malformed.map((m) => m.line)).toEqual(e.malformedLines ?? []);
      expect(t.other.length).toBe(e.other ?? 0);
      expect(t.source).toBe(file);

      const bytes = Buffer.from(text, "utf8");
      const path = join(tmp, file);
      writeFileSync(path, text);
      const gz = join(tmp, `${file}.gz`);
      writeFileSync(gz, gzipSync(bytes));
      const doors: [string, Trace][] = [
        ["7-character string chunks", await parseTraceStream(chunksOf(text, 7), { file })],
        ["1-byte chunks", await parseTraceStream(bytesOf(bytes, 1), { file })],
        ["a file Readable", await parseTraceStream(Readable.from([bytes]), { file })],
        ["loadTrace", await loadTrace(path, { file })],
        ["loadTrace of a .gz", await loadTrace(gz, { file })],
        ["gzip bytes in 5-byte chunks", await parseTraceStream(bytesOf(gzipSync(bytes), 5), { file })],
      ];
      for (const [door, other] of doors) expect(essence(other), door).toEqual(essence(t));
    });
  }
});

describe("line splitting", () => {
  const GC_LINES = body("ardanlabs-gotraining_go1.8_gctrace-8P.txt");
  const PACER = body("ardanlabs-gotraining_go1.7_gctrace-gcpacertrace.txt");

  it("CRLF input gives the same tables and counts as LF input", () => {
    const lf = parseTrace(PACER);
    const crlf = parseTrace(PACER.replace(/\n/g, "\r\n"));
    expect(essence(crlf)).toEqual(essence(lf));
  });

  it("a last line without a final newline is still a line (here a cut-off gc line: malformed)", () => {
    const cut = GC_LINES.slice(0, GC_LINES.length - 30);
    const t = parseTrace(cut);
    expect(t.lines).toBe(5);
    expect(t.counts.gctrace).toBe(4);
    expect(t.malformed.map((m) => m.line)).toEqual([5]);
    expect(parseTrace(GC_LINES.trimEnd()).counts.gctrace).toBe(5);
  });

  it("empty input has no lines; a lone newline is one other line", () => {
    const empty = parseTrace("");
    expect(empty.lines).toBe(0);
    expect(empty.runs).toBe(0);
    for (const name of TABLE_NAMES) expect(empty.tables[name].length).toBe(0);
    expect(parseTrace("\n").counts.other).toBe(1);
  });

  it("multi-byte characters split across byte chunks decode intact (goalΔ, U+0394)", async () => {
    const bytes = Buffer.from(PACER, "utf8");
    expect(bytes.length).toBeGreaterThan(PACER.length);
    const t = await parseTraceStream(bytesOf(bytes, 1));
    expect(essence(t)).toEqual(essence(parseTrace(PACER)));
    expect(t.counts.malformed).toBe(0);
  });

  it("a UTF-8 BOM is dropped and UTF-16LE with a BOM (PowerShell redirection) is decoded", async () => {
    const plain = essence(parseTrace(GC_LINES));
    expect(essence(parseTrace(`\ufeff${GC_LINES}`))).toEqual(plain);
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(GC_LINES.replace(/\n/g, "\r\n"), "utf16le"),
    ]);
    const path = join(tmp, "powershell.txt");
    writeFileSync(path, utf16);
    expect(essence(await loadTrace(path))).toEqual(plain);
  });

  it("streams may yield strings or bytes but not both", async () => {
    async function* mixed(): AsyncGenerator<string | Uint8Array> {
      yield "gc";
      yield Buffer.from(" 1");
    }
    await expect(parseTraceStream(mixed())).rejects.toThrow(/only strings or only bytes/);
  });
});

describe("the Trace result", () => {
  const text = body("golang-design-go-questions_go1.14beta1_gctrace-scvg-KB_12P.txt");

  it("lists other lines by number, and keeps their text only when asked", () => {
    const t = parseTrace(text);
    expect(Array.from(t.other)).toEqual([1, 2]);
    expect(t.otherText).toBeUndefined();
    const k = parseTrace(text.replace(/\n/g, "\r\n"), { keepOtherText: true });
    expect(k.otherText).toEqual(["$ GODEBUG=gctrace=1 ./main", ""]);
  });

  it("describes malformed lines as file:line: reason, with the text capped", () => {
    const t = parseTrace(text, { file: "gc.txt" });
    expect(t.describeMalformed()).toEqual([`gc.txt:20: ${t.malformed[0].reason}`]);
    expect(t.malformed[0].reason).toMatch(/\(MB\)/);
    expect(t.malformed[0].text).toBe("scvg: inuse: 5, idle: 58, sys: 63, released: 56, consumed: 7");
    const long = parseTrace(`gc 1 @0.1s 5%: ${"9".repeat(500)}`);
    expect(long.malformed[0].text.length).toBe(MALFORMED_TEXT_CHARS);
  });

  it("names the source <text>, <stream>, the path, or opts.file", async () => {
    expect(parseTrace("").source).toBe("<text>");
    expect((await parseTraceStream(chunksOf("", 1))).source).toBe("<stream>");
    const path = join(tmp, "named.txt");
    writeFileSync(path, text);
    expect((await loadTrace(path)).source).toBe(path);
    expect((await loadTrace(path, { file: "x.log" })).describeMalformed()[0]).toMatch(/^x\.log:20: /);
  });

  it("num, str and bool return columns and throw for unknown tables, columns or types", () => {
    const t = parseTrace(body("zqlpaopao-testCode_go1.14_scheddetail-gorun.txt"));
    expect(Array.from(t.num("scheddetailG", "goid"))).toEqual([1, 17, 2, 1, 2, 3, 4, 1, 2, 3, 4]);
    expect(t.str("scheddetailG", "waitReason")[4]).toBe("force gc (idle)");
    expect(t.bool("schedtrace", "detail")).toEqual([true, false, true, true]);
    expect(() => t.num("scheddetailG", "waitReason")).toThrow(
      /^table scheddetailG: no number column "waitReason" \(it holds strings\); number columns: run, line/,
    );
    expect(() => t.num("scheddetailG", "nope")).toThrow(
      /^table scheddetailG: no number column "nope" \(no column of that name\); number columns: run, line/,
    );
    expect(() => t.num("nope" as "gctrace", "run")).toThrow(/unknown table "nope"/);
  });

  it("frame() builds a DataFrame once per table; frames() has every table", () => {
    const t = parseTrace(body("ardanlabs-gotraining_go1.8_gctrace-8P.txt"));
    const df = t.frame("gctrace");
    expect(t.frame("gctrace")).toBe(df);
    expect(df.shape).toEqual([5, t.tables.gctrace.schema.length]);
    expect(df.column("gcNum").values).toEqual([318, 319, 320, 321, 322]);
    const all = t.frames();
    expect(Object.keys(all)).toEqual([...TABLE_NAMES]);
    expect(all.gctrace).toBe(df);
    expect(all.inittrace.shape).toEqual([0, t.tables.inittrace.schema.length]);
  });
});

describe("errors a user can cause", () => {
  it("a missing file names the file and says so", async () => {
    await expect(loadTrace(join(tmp, "missing.log"))).rejects.toThrow(
      new RegExp(`${join(tmp, "missing.log")}: cannot read trace: no such file`),
    );
  });

  it("a directory is refused by name", async () => {
    await expect(loadTrace(tmp)).rejects.toThrow(`${tmp}: is a directory, not a trace file`);
  });

  it("binary input is not text: the error names the file and the share of binary characters", async () => {
    const path = join(tmp, "a.out");
    // the head of an ELF executable: mostly control characters and bytes that are not UTF-8
    writeFileSync(
      path,
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x03, 0x3e, 0x01, 0xb0]),
    );
    await expect(loadTrace(path)).rejects.toThrow(
      `${path}: not a text trace (binary data: 55% of its characters are control characters or invalid UTF-8)`,
    );
    expect(() => parseTrace("\u0001\u0002gc", { file: "x" })).toThrow("x: not a text trace");
    // one NUL is damage, not binary input: the line is reported and counted (as other: no trace record in it)
    const t = parseTrace("gc\u0000", { file: "x" });
    expect([t.lines, t.counts.other, t.counts.malformed, t.describeDamage()]).toEqual([
      1,
      1,
      0,
      ["x:1: 1 NUL character skipped"],
    ]);
  });

  it("a stream is stopped (its finally runs) when parsing fails part-way", async () => {
    let stopped = false;
    async function* source(): AsyncGenerator<Uint8Array | string> {
      try {
        yield Buffer.from("SCHED 0ms: ");
        yield "more\n"; // a stream of bytes that turns to strings is a programmer error
      } finally {
        stopped = true;
      }
    }
    await expect(parseTraceStream(source(), { file: "pipe" })).rejects.toThrow("only strings or only bytes");
    expect(stopped).toBe(true);
  });

  it("wrong argument types are programmer errors (TypeError)", async () => {
    expect(() => parseTrace(42 as unknown as string)).toThrow(TypeError);
    await expect(parseTraceStream({} as AsyncIterable<string>)).rejects.toThrow(TypeError);
    await expect(loadTrace(undefined as unknown as string)).rejects.toThrow(TypeError);
  });
});

describe("memory", () => {
  it("a line without newlines is skipped past MAX_LINE_CHARS instead of growing without bound", async () => {
    async function* endless(): AsyncGenerator<string> {
      for (let i = 0; i < 3000; i++) yield "x".repeat(1000);
      yield "\nSCHED 0ms: gomaxprocs=1 idleprocs=0 threads=4 spinningthreads=0 idlethreads=1 runqueue=0 [62]\n";
    }
    const t = await parseTraceStream(endless(), { keepOtherText: true });
    expect(t.lines).toBe(2);
    expect(t.describeMalformed()).toEqual([
      `<stream>:1: line longer than ${MAX_LINE_CHARS} characters: skipped, not parsed`,
    ]);
    expect(t.counts.schedtrace).toBe(1);
    const whole = parseTrace(`${"y".repeat(MAX_LINE_CHARS + 10)}\n`, { keepOtherText: true });
    expect([whole.counts.malformed, whole.malformed[0].text.length]).toEqual([1, MALFORMED_TEXT_CHARS]);
  });
});
