/**
 * Damaged input is parsed around (issue 10): NUL blocks and other binary runs, gzip cut short or corrupt, CR-only
 * line endings, over-long lines, impossible times. Each case goes through every door (doors.ts) on real captures.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { constants, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import {
  formatSummary,
  parseTrace,
  parseTraceStream,
  summarizeTrace,
  TABLE_NAMES,
  TRACE_KINDS,
  type Trace,
} from "../../src";
import { ByteLineSplitter } from "../../src/parse/byteLines";
import { MAX_LINE_CHARS } from "../../src/parse/lines";
import { Doors, reused } from "./doors";
import { essence, REPO } from "./realTraces";

const doors = new Doors();
afterAll(() => doors.close());

/** The bundled captures (data/*.log): real traces of the bundled Go programs. */
const CAPTURES = readdirSync(join(REPO, "data"))
  .filter((n) => n.endsWith(".log"))
  .map((name) => ({ name, text: readFileSync(join(REPO, "data", name), "utf8") }));

/** What must not differ between two parses: everything but the damage list and the malformed list. */
function rows(t: Trace): unknown {
  const e = essence(t) as Record<string, unknown>;
  return {
    ...e,
    damage: undefined,
    malformed: undefined,
    counts: undefined,
    other: undefined,
    otherText: undefined,
  };
}

/** Every door gives `expected` (the essence), or null for the parallel reader leaving the file to one thread. */
async function expectDoors(bytes: Buffer, expected: unknown): Promise<void> {
  const got = await doors.all(bytes);
  for (const [door, t] of Object.entries(got)) {
    if (t === null && door === "parallel2") continue;
    expect(typeof t === "string" ? t : essence(t as Trace), door).toEqual(expected);
  }
}

/** The offset of line `n` (1-based) in `text`. */
function lineStart(text: string, n: number): number {
  let at = 0;
  for (let k = 1; k < n; k++) at = text.indexOf("\n", at) + 1;
  return at;
}

/** A line in the middle of `t` that is a trace line (not other, not malformed). */
function middleTraceLine(t: Trace): number {
  const other = new Set(Array.from(t.other));
  const bad = new Set(t.malformed.map((m) => m.line));
  for (let n = Math.ceil(t.lines / 2); n <= t.lines; n++) if (!other.has(n) && !bad.has(n)) return n;
  throw new Error("no trace line in the second half");
}

const NUL_BLOCK = "\0".repeat(4096);

describe("a 4 KiB NUL block (an unclean shutdown) in each bundled capture", () => {
  it("the captures are all there", () => {
    expect(CAPTURES.length).toBeGreaterThanOrEqual(12);
  });

  for (const { name, text } of CAPTURES) {
    it(`${name}: before a line, every row stays and the block is reported; inside a line, that line alone is lost`, async () => {
      const clean = parseTrace(text, { file: "x", keepOtherText: true });
      const n = middleTraceLine(clean);
      const at = lineStart(text, n);

      // Before line n: the text after the block is read as a line of its own, so nothing is lost.
      const before = Buffer.from(text.slice(0, at) + NUL_BLOCK + text.slice(at));
      const got = parseTrace(before.toString(), { file: "x", keepOtherText: true });
      expect(essence(got)).toEqual({
        ...(essence(clean) as object),
        damage: [{ line: n, lastLine: n, reason: "4096 NUL characters skipped" }],
      });
      expect(got.describeDamage()).toEqual([`x:${n}: 4096 NUL characters skipped`]);
      await expectDoors(before, essence(got));

      // Inside line n: that line is malformed (its text before the block is a cut-off record), every other row stays.
      const len = text.indexOf("\n", at) - at;
      const mid = at + Math.floor(len / 2);
      const inside = Buffer.from(text.slice(0, mid) + NUL_BLOCK + text.slice(mid));
      const cut = parseTrace(inside.toString(), { file: "x", keepOtherText: true });
      expect(cut.lines).toBe(clean.lines);
      expect(cut.counts.malformed).toBe(clean.counts.malformed + 1);
      const m = cut.malformed.find((x) => x.line === n);
      expect(m?.reason).toMatch(/^damaged line: 4096 NUL characters from column \d+; around them: /);
      expect(m?.text).toContain("␀");
      for (const table of TABLE_NAMES) {
        const want = Array.from(clean.num(table, "line")).filter((l) => l !== n);
        expect(Array.from(cut.num(table, "line")), table).toEqual(want);
      }
      await expectDoors(inside, essence(cut));
    });
  }

  it("a run of damaged lines (binary data with newlines in it) is one region; the lines after it parse", () => {
    const text = CAPTURES.find((c) => c.name === "workload-gogc100.log")?.text ?? "";
    const clean = parseTrace(text);
    const junk = "\u0001\u0002abc\n\u0003\n\u0000\u0000\n";
    const got = parseTrace(junk + text, { file: "x" });
    expect(got.describeDamage()).toEqual(["x:1-3: 5 binary (NUL or control) characters skipped"]);
    // no trace text in them (`abc` is program output): other lines, listed as damage, not malformed trace lines
    expect(got.counts.malformed).toBe(clean.counts.malformed);
    expect(got.counts.other).toBe(clean.counts.other + 3);
    expect(got.counts.gctrace).toBe(clean.counts.gctrace);
    expect(Array.from(got.num("gctrace", "pauseMs"))).toEqual(Array.from(clean.num("gctrace", "pauseMs")));
  });

  it("a line that is only damage (zeros, binary junk) counts as other and is listed as damage; a cut record is malformed", async () => {
    const text = CAPTURES.find((c) => c.name === "workload-gogc100.log")?.text ?? "";
    const clean = parseTrace(text, { file: "x" });
    const lines = text.split("\n");
    const gc = lines.findIndex((l, i) => i > 10 && l.startsWith("gc "));
    expect(gc).toBeGreaterThan(10);
    // damaged input, made by hand: a zero-filled block on a line of its own (an unclean shutdown), a crash's junk,
    // and a real gc line cut by zeros
    const damaged = [
      ...lines.slice(0, 3),
      NUL_BLOCK,
      ...lines.slice(3, 6),
      "\u0001\u0002\u0003\u0004\u0005\u0006\u0010\u0011",
      ...lines.slice(6, gc),
      `${lines[gc].slice(0, 30)}${"\0".repeat(512)}`, // a copy of line gc + 1, cut
      ...lines.slice(gc),
    ].join("\n");
    const t = parseTrace(damaged, { file: "x", keepOtherText: true });
    expect(t.lines).toBe(clean.lines + 3);
    expect(t.describeDamage()).toEqual([
      "x:4: 4096 NUL characters skipped",
      "x:8: 8 binary (NUL or control) characters skipped",
      `x:${gc + 3}: 512 NUL characters skipped`,
    ]);
    // only the cut gc record is a malformed trace line; the two lines of damage alone count as other
    expect(t.counts.malformed).toBe(clean.counts.malformed + 1);
    expect(t.malformed.map((m) => m.line)).toEqual([gc + 3]);
    expect(t.malformed[0].reason).toMatch(
      /^damaged line: 512 NUL characters from column 31; around them: gctrace: /,
    );
    expect(t.counts.other).toBe(clean.counts.other + 2);
    expect(Array.from(t.other)).toEqual(expect.arrayContaining([4, 8]));
    for (const kind of TRACE_KINDS) expect(t.counts[kind], kind).toBe(clean.counts[kind]);
    // the summary lists the three damaged parts and one malformed line
    const summary = formatSummary(summarizeTrace(t), { printed: t.malformed });
    expect(summary).toContain("damage: 3 damaged parts of the input skipped\n");
    expect(summary.match(/^ {2}x:\d+: damaged line/gm)).toHaveLength(1);
    await expectDoors(Buffer.from(damaged), essence(t));
  });

  it("`printf 'x\\0\\n'` is one damaged line, not an error: damage, and no malformed trace line", () => {
    const t = parseTrace("x\0\n", { file: "<stdin>" });
    expect(t.describeDamage()).toEqual(["<stdin>:1: 1 NUL character skipped"]);
    expect(t.describeMalformed()).toEqual([]);
    expect([t.counts.other, t.counts.malformed]).toEqual([1, 0]);
  });

  it("a file that is mostly binary is refused, by the share of binary characters; a file of NULs is not", async () => {
    let seed = 7;
    const random = Buffer.alloc(64 << 10);
    for (let i = 0; i < random.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      random[i] = seed >>> 24;
    }
    const got = await doors.all(random);
    for (const t of Object.values(got)) {
      if (t !== null)
        expect(t).toMatch(
          /^x: not a text trace \(binary data: \d+% of its characters are control characters or invalid UTF-8\)$/,
        );
    }
    // A large binary file is refused after its first MiB, before its damaged lines pile up as malformed ones.
    let read = 0;
    async function* big(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 64; i++) {
        read += random.length;
        yield random;
      }
    }
    await expect(parseTraceStream(big(), { file: "core" })).rejects.toThrow(
      /^core: not a text trace \(binary data: \d+% of its characters up to line \d+ are control characters or invalid UTF-8\)$/,
    );
    expect(read).toBeLessThan(4 << 20);
    // A trace line, then a MiB of zeros (a preallocated log after a crash): damage, not a binary file.
    const zeros = Buffer.concat([Buffer.from(`${CAPTURES[0].text}`), Buffer.alloc(1 << 20)]);
    const t = await parseTraceStream(reused(zeros, 1 << 16), { file: "x" });
    expect(t.counts.schedtrace).toBe(parseTrace(CAPTURES[0].text).counts.schedtrace);
    expect(t.damage).toHaveLength(1);
  });
});

describe("gzip cut short or corrupt: what came before, and a diagnostic (as zcat)", () => {
  const text = CAPTURES.find((c) => c.name === "case2-leak-scheddetail.log")?.text ?? "";
  const gz = gzipSync(text);

  it("missing only its 8-byte trailer: every line, and the damage says where the data ends", async () => {
    const clean = parseTrace(text, { file: "x", keepOtherText: true });
    for (const [name, bytes] of [["trailer", gz.subarray(0, gz.length - 8)]] as const) {
      for (const size of [gz.length, 1 << 16, 7]) {
        const got = await parseTraceStream(reused(Buffer.from(bytes), size), {
          file: "x",
          keepOtherText: true,
        });
        expect(rows(got), name).toEqual(rows(clean));
        expect(got.describeDamage()).toEqual([
          `x:${clean.lines}: gzip data ends early (unexpected end of file): the input is read up to there`,
        ]);
      }
    }
  });

  it("cut mid-stream: the lines zlib could decompress, the last one maybe cut, and the damage", async () => {
    const half = gz.subarray(0, Math.floor(gz.length / 2));
    // What zcat prints for it: zlib's output up to the cut.
    const prefix = gunzipSync(half, { finishFlush: constants.Z_SYNC_FLUSH }).toString();
    expect(prefix.length).toBeGreaterThan(text.length / 3);
    const expected = parseTrace(prefix, { file: "x", keepOtherText: true });
    for (const size of [half.length, 4096, 7]) {
      const got = await parseTraceStream(reused(Buffer.from(half), size), { file: "x", keepOtherText: true });
      expect(rows(got)).toEqual(rows(expected));
      expect(got.counts).toEqual(expected.counts);
      expect(got.describeDamage()).toEqual([
        `x:${expected.lines}: gzip data ends early (unexpected end of file): the input is read up to there`,
      ]);
    }
  });

  it("cut inside its header: no lines, and the damage is named without a line", async () => {
    const got = await parseTraceStream(reused(Buffer.from(gz.subarray(0, 5)), 64), { file: "x" });
    expect([got.lines, got.describeDamage()]).toEqual([
      0,
      ["x: gzip data ends early (unexpected end of file): the input is read up to there"],
    ]);
  });

  it("a corrupted byte: the lines before the damage and a diagnostic naming corrupt data", async () => {
    const bad = Buffer.from(gz);
    bad[Math.floor(bad.length / 2)] ^= 0xff;
    const got = await parseTraceStream(reused(bad, 1 << 16), { file: "x" });
    expect(got.counts.scheddetail).toBeGreaterThan(0);
    expect(got.damage).toHaveLength(1);
    expect(got.damage[0].reason).toMatch(
      /^(corrupt gzip data \(.+\)|gzip data ends early \(.+\)): the input is read up to there$/,
    );
  });
});

describe("CR-only line endings are line endings", () => {
  for (const { name, text } of CAPTURES.filter((c) =>
    /scheddetail|gctrace-pacer|inittrace|gogc100/.test(c.name),
  )) {
    it(`${name}: CR-only, CRLF and mixed endings give the LF result in every door`, async () => {
      const expected = essence(parseTrace(text, { file: "x", keepOtherText: true }));
      const cr = text.replace(/\n/g, "\r");
      const crlf = text.replace(/\n/g, "\r\n");
      let k = 0;
      const mixed = text.replace(/\n/g, () => ["\r", "\n", "\r\n"][k++ % 3]);
      for (const t of [cr, crlf, mixed]) {
        await expectDoors(Buffer.from(t), expected);
        // Cuts at every place, between CR and LF too, on a stretch of the capture (byte-sized chunks are slow).
        const head = Buffer.from(t.slice(0, 20_000));
        const want = essence(parseTrace(head.toString(), { file: "x", keepOtherText: true }));
        for (const size of [1, 2, 3]) {
          expect(
            essence(await parseTraceStream(reused(head, size), { file: "x", keepOtherText: true })),
          ).toEqual(want);
        }
      }
    });
  }

  it("the splitter cuts the same lines from text and from bytes, on every cut of a string of CRs and LFs", () => {
    const s = "a\r\rb\r\n\n\rc\r";
    const want = ["a", "", "b", "", "", "c"];
    const cut = (pieces: string[], asText: boolean): string[] => {
      const got: string[] = [];
      const b: ByteLineSplitter = new ByteLineSplitter(() => got.push(b.text()));
      for (const piece of pieces) {
        if (asText) b.pushText(piece);
        else b.push(Buffer.from(piece));
      }
      b.end();
      return got;
    };
    for (let i = 0; i <= s.length; i++) {
      for (let j = i; j <= s.length; j++) {
        const pieces = [s.slice(0, i), s.slice(i, j), s.slice(j)];
        expect(cut(pieces, true), `text ${i},${j}`).toEqual(want);
        expect(cut(pieces, false), `bytes ${i},${j}`).toEqual(want);
      }
    }
  });
});

describe("very long lines are counted and skipped in bounded memory", () => {
  it("a 40 MiB line in 64 KiB chunks: one malformed line, the splitter keeps at most 4 MiB of it", async () => {
    let kept = 0;
    const b: ByteLineSplitter = new ByteLineSplitter((_buf, start, end) => {
      kept = Math.max(kept, end - start);
      expect(b.long()).toBe(true);
    });
    const chunk = Buffer.alloc(64 << 10, 0x78);
    for (let i = 0; i < 640; i++) {
      b.push(chunk);
      expect((b as unknown as { carry: Buffer }).carry.length).toBeLessThanOrEqual(4 * MAX_LINE_CHARS + 8);
    }
    b.push(Buffer.from("\n"));
    b.end();
    expect(kept).toBeLessThanOrEqual(4 * MAX_LINE_CHARS + 8);

    async function* lines(): AsyncGenerator<Buffer> {
      yield Buffer.from(
        "SCHED 0ms: gomaxprocs=1 idleprocs=0 threads=4 spinningthreads=0 idlethreads=1 runqueue=0 [62]\n",
      );
      for (let i = 0; i < 640; i++) yield chunk;
      yield Buffer.from(
        "\nSCHED 1000ms: gomaxprocs=1 idleprocs=0 threads=4 spinningthreads=0 idlethreads=1 runqueue=0 [0]\n",
      );
    }
    const t = await parseTraceStream(lines(), { file: "x" });
    expect([t.lines, t.counts.schedtrace, t.counts.malformed]).toEqual([3, 2, 1]);
    expect(t.describeMalformed()).toEqual([
      `x:2: line longer than ${MAX_LINE_CHARS} characters: skipped, not parsed`,
    ]);
  });
});

describe("impossible times are malformed lines with a reason", () => {
  const GC =
    "gc 1 @99999999999999999999.000s 0%: 0.1+0.2+0.3 ms clock, 0.4+0.5/0.6/0.7+0.8 ms cpu, 4->4->0 MB, 5 MB goal, 2 P";
  const cases = [
    GC,
    "gc 1 @99999999999999999999s 0%: 0.1+0.2+0.3 ms clock, 0.4+0.5/0.6/0.7+0.8 ms cpu, 4->4->0 MB, 5 MB goal, 2 P",
    "SCHED 99999999999999999999ms: gomaxprocs=1 idleprocs=0 threads=4 spinningthreads=0 idlethreads=1 runqueue=0 [62]",
    "init crypto/rand @99999999999999999999 ms, 0.001 ms clock, 0 bytes, 0 allocs",
  ];
  it("in every door; a time a 231-day server prints is fine", async () => {
    const text = `${cases.join("\n")}\ngc 2 @19958400.123s 0%: 0.1+0.2+0.3 ms clock, 0.4+0.5/0.6/0.7+0.8 ms cpu, 4->4->0 MB, 5 MB goal, 2 P\n`;
    const t = parseTrace(text, { file: "x", keepOtherText: true });
    expect(t.counts.malformed).toBe(4);
    expect(t.counts.gctrace).toBe(1);
    expect(Array.from(t.num("gctrace", "timeMs"))).toEqual([19958400123]);
    expect(t.malformed[0].reason).toBe(
      "gctrace: start time is later than the runtime's clock can count (2^63 ns, about 292 years): a damaged line",
    );
    expect(t.malformed[1].reason).toMatch(/^gctrace: .*start time/);
    expect(t.malformed[2].reason).toMatch(/^SCHED time is later than/);
    expect(t.malformed[3].reason).toMatch(/^init line: start time is later than/);
    await expectDoors(Buffer.from(text), essence(t));
  });
});

describe("program output costs a count and ranges, not a number per line", () => {
  it("a gzip of two million newlines: one range", async () => {
    const gz = gzipSync(Buffer.alloc(2_000_000, 10));
    expect(gz.length).toBeLessThan(10_000);
    const t = await parseTraceStream(reused(gz, 1 << 16), { file: "x" });
    expect(t.counts.other).toBe(2_000_000);
    expect(Array.from(t.otherRanges)).toEqual([1, 2_000_000]);
  });

  it("other lines between trace lines are ranges; trace.other lists them one by one", () => {
    const text = CAPTURES.find((c) => c.name === "webservice-gctrace.log")?.text ?? "";
    const t = parseTrace(text);
    const lines = text.split("\n");
    if (text.endsWith("\n")) lines.pop();
    const want = lines.flatMap((l, i) => (l.startsWith("gc ") ? [] : [i + 1]));
    expect(want.length).toBeGreaterThan(0);
    expect(Array.from(t.other)).toEqual(want);
    const ranges: number[] = [];
    for (const n of want) {
      if (ranges.length > 0 && ranges[ranges.length - 1] === n - 1) ranges[ranges.length - 1] = n;
      else ranges.push(n, n);
    }
    expect(Array.from(t.otherRanges)).toEqual(ranges);
  });
});
