import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { loadTrace, parseTrace, parseTraceStream } from "../../src";
import { Cursor } from "../../src/parse/cursor";
import { createGctraceScanner } from "../../src/parse/gctrace";
import { scanModern } from "../../src/parse/gctrace/grammar";
import { GcRows } from "../../src/parse/gctrace/rows";
import { MAX_LINE_CHARS } from "../../src/parse/lines";
import { ProcessRuns } from "../../src/parse/runs";
import { CORPUS, essence, FIXTURES, REPO } from "./realTraces";

/** The bytes in chunks of `size`, all in ONE buffer that is overwritten after each chunk (as loadTrace reads). */
async function* reused(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  const buf = Buffer.alloc(size);
  for (let i = 0; i < bytes.length; i += size) {
    const n = bytes.copy(buf, 0, i, i + size);
    yield buf.subarray(0, n);
    buf.fill(0x21); // whatever the consumer kept of the chunk is now garbage
  }
}

describe("the byte path (ByteLineSplitter + gc fast path on bytes) equals the text path", () => {
  it("the fixture set is the real traces (corpus, data/, test/data)", () => {
    expect(FIXTURES.length).toBeGreaterThan(40);
    expect(FIXTURES.filter((f) => f.name.startsWith(CORPUS)).length).toBe(
      readdirSync(CORPUS).filter((n) => n.endsWith(".txt")).length,
    );
  });

  for (const { name, text } of FIXTURES) {
    it(`parses ${name.replace(`${REPO}/`, "")} to the same result from bytes (LF, CRLF; whole, 1 MiB, 7-byte chunks)`, async () => {
      const crlf = text.replace(/\n/g, "\r\n");
      for (const t of [text, crlf]) {
        const expected = essence(parseTrace(t, { file: "x", keepOtherText: true }));
        const bytes = Buffer.from(t, "utf8");
        for (const size of [bytes.length + 1, 1 << 20, 7]) {
          const got = await parseTraceStream(reused(bytes, size), { file: "x", keepOtherText: true });
          expect(essence(got)).toEqual(expected);
        }
      }
    });
  }

  it("scanBytes takes every real go1.6+ gc line and gives the row the grammar gives; it refuses other layouts", () => {
    let taken = 0;
    let refused = 0;
    for (const { text } of FIXTURES) {
      for (const line of text.split("\n")) {
        if (!/^gc \d/.test(line)) continue;
        const a = new GcRows(); // the grammar alone (the scanner tries the fast path first)
        const b = createGctraceScanner();
        const ca = { lineNo: 1, runs: new ProcessRuns() };
        const cb = { lineNo: 1, runs: new ProcessRuns() };
        const kind = scanModern(new Cursor().reset(line, 0), ca, a);
        const bytes = Buffer.from(`${line}\n`, "utf8");
        const ok = b.scanBytes(bytes, 0, bytes.length - 1, cb);
        const rowA = a.table();
        const format = rowA.length === 1 ? (rowA.columns.format as string[])[0] : "";
        const modern = kind === "gctrace" && (format === "go1.6" || format === "go1.18");
        expect(ok, line).toBe(modern);
        if (!ok) {
          expect(b.tables()[0].length).toBe(0);
          refused++;
          continue;
        }
        taken++;
        const rowB = b.tables()[0];
        for (const [k, v] of Object.entries(rowA.columns)) {
          expect(Array.from(rowB.columns[k] as ArrayLike<unknown>), `${k} of ${line}`).toEqual(
            Array.from(v as ArrayLike<unknown>),
          );
        }
      }
    }
    expect(taken).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(100); // go1.5 five-phase lines, damaged lines
  });
});

describe("loadTrace reads through one reused buffer", () => {
  const tmp = mkdtempSync(join(tmpdir(), "godebug-lines-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("a file of several MiB (every real fixture, LF and CRLF, repeated) equals parseTrace of its text, plain and gzip", async () => {
    const one = FIXTURES.map((f) => (f.text.endsWith("\n") ? f.text : `${f.text}\n`)).join("");
    const crlf = one.replace(/\n/g, "\r\n");
    const text = [one, crlf, one, crlf, one, crlf].join("");
    expect(Buffer.byteLength(text)).toBeGreaterThan(3 << 20); // more than three reads of the 1 MiB buffer
    const expected = essence(parseTrace(text, { file: "big", keepOtherText: true }));
    const plain = join(tmp, "big.log");
    writeFileSync(plain, text);
    expect(essence(await loadTrace(plain, { file: "big", keepOtherText: true }))).toEqual(expected);
    const gz = join(tmp, "big.log.gz");
    writeFileSync(gz, gzipSync(text));
    expect(essence(await loadTrace(gz, { file: "big", keepOtherText: true }))).toEqual(expected);
  });
});

describe("ByteLineSplitter", () => {
  const GC = readFileSync(join(REPO, "test", "data", "go1.19", "gctrace-forced.txt"), "utf8");
  const gcText = GC.slice(GC.indexOf("# ---\n") + 6);

  it("drops one UTF-8 BOM, and a second one, as decoding and then cutting the text did", async () => {
    const plain = essence(parseTrace(gcText));
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    for (const head of [bom, Buffer.concat([bom, bom])]) {
      const bytes = Buffer.concat([head, Buffer.from(gcText)]);
      for (const size of [1, 2, 4, 1 << 20])
        expect(essence(await parseTraceStream(reused(bytes, size)))).toEqual(plain);
    }
    // a third BOM stays in the text, as it does when the decoder and the text door have dropped one each
    const three = Buffer.concat([bom, bom, bom, Buffer.from(gcText)]);
    const kept = essence(parseTrace(`\ufeff\ufeff${gcText}`, { keepOtherText: true }));
    expect(essence(await parseTraceStream(reused(three, 64), { keepOtherText: true }))).toEqual(kept);
  });

  it("joins a surrogate pair that text chunks split, and gives the text door's lines", async () => {
    const text = `${gcText}program output \u{1F600} after a gc line\n${gcText}`;
    const at = text.indexOf("\u{1F600}") + 1; // between the two halves of the pair
    async function* chunks(): AsyncGenerator<string> {
      yield text.slice(0, at);
      yield text.slice(at);
    }
    const whole = parseTrace(text, { keepOtherText: true });
    expect(whole.otherText).toContain("program output \u{1F600} after a gc line");
    expect(essence(await parseTraceStream(chunks(), { keepOtherText: true }))).toEqual(essence(whole));
  });

  it("gives the column of a NUL in characters, as the text path does", async () => {
    // damaged input, made by hand: a gc record cut by a NUL after a two-byte character (column 13, byte 15)
    const bytes = Buffer.from("gc 1 @0.5s Δ\u0000\n", "utf8");
    const got = await parseTraceStream(reused(bytes, 64), { file: "f" });
    expect(got.describeMalformed()[0]).toMatch(
      /^f:1: damaged line: 1 NUL character from column 13; around them: /,
    );
    expect(essence(got)).toEqual(essence(parseTrace("gc 1 @0.5s Δ\u0000\n", { file: "f" })));
  });

  it("skips a line of more than MAX_LINE_CHARS characters, multi-byte ones too, and says so", async () => {
    for (const ch of ["x", "Δ"]) {
      const long = Buffer.from(`${ch.repeat(MAX_LINE_CHARS + 5000)}\ngc 1 @0.001s 0%: 0+0+0 ms clock\n`);
      const t = await parseTraceStream(reused(long, 4096), { keepOtherText: true });
      expect(t.lines).toBe(2);
      expect(t.counts.malformed).toBe(2);
      expect(t.malformed[0].reason).toBe(
        `line longer than ${MAX_LINE_CHARS} characters: skipped, not parsed`,
      );
      expect(t.malformed[0].text).toBe(ch.repeat(200));
      expect(essence(t)).toEqual(essence(parseTrace(long.toString(), { keepOtherText: true })));
    }
    // exactly MAX_LINE_CHARS characters is not too long: Δ takes 2 bytes, so that line has 2 MiB of bytes
    const edge = Buffer.from(`${"Δ".repeat(MAX_LINE_CHARS)}\n`);
    const t = await parseTraceStream(reused(edge, 4096));
    expect([t.counts.other, t.counts.malformed]).toEqual([1, 0]);
  });

  it("a gzip file read through a reused buffer decompresses intact", async () => {
    const gz = gzipSync(Buffer.from(gcText));
    const t = await parseTraceStream(reused(gz, 16));
    expect(essence(t)).toEqual(essence(parseTrace(gcText)));
  });
});
