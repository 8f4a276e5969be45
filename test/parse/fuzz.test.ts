/**
 * A seeded property test over mutations of every real fixture in the repository (data/ and test/data): NUL blocks,
 * binary bytes, flipped and deleted bytes, CR-only or CRLF stretches, lines glued together, cut-off ends, huge
 * numbers, the odd over-long line. For each mutated input: nothing throws but the binary refusal (and then every
 * door refuses alike), the counts add up, the doors (doors.ts) give the same result, and the work stays linear.
 *
 * GODEBUG_LAB_FUZZ_CASES (default 300) sets how many cases, GODEBUG_LAB_FUZZ_SEED (default 10) the seed; a
 * failure names its case and seed, so it can be run again on its own.
 */
import { describe, expect, it } from "vitest";
// mulberry32, seeded: the same cases on every run
import { rng } from "../../bench/gen-gctrace";
import { parseTrace, TABLE_NAMES, type Trace } from "../../src";
import { MAX_LINE_CHARS } from "../../src/parse/lines";
import { LINE_CLASSES } from "../../src/parse/types";
import { work } from "../../src/parse/work";
import { Doors } from "./doors";
import { essence, FIXTURES, REPO } from "./realTraces";

const CASES = Number(process.env.GODEBUG_LAB_FUZZ_CASES ?? 300);
const SEED = Number(process.env.GODEBUG_LAB_FUZZ_SEED ?? 10);
/** Inputs are cut to a window of at most this many bytes of their fixture, to keep the test quick. */
const WINDOW = 12_000;

type Mutation = (b: Buffer, r: () => number) => Buffer;
const int = (r: () => number, n: number) => Math.floor(r() * n);
const splice = (b: Buffer, at: number, del: number, ins: Buffer) =>
  Buffer.concat([b.subarray(0, at), ins, b.subarray(at + del)]);

const MUTATIONS: Record<string, Mutation> = {
  nulBlock: (b, r) => splice(b, int(r, b.length), 0, Buffer.alloc(1 + int(r, 4096))),
  binary: (b, r) =>
    splice(b, int(r, b.length), 0, Buffer.from(Array.from({ length: 1 + int(r, 300) }, () => int(r, 256)))),
  flipBytes: (b, r) => {
    const c = Buffer.from(b);
    for (let k = 1 + int(r, 8); k > 0; k--) c[int(r, c.length)] = int(r, 256);
    return c;
  },
  deleteSpan: (b, r) => splice(b, int(r, b.length), 1 + int(r, 400), Buffer.alloc(0)),
  duplicateSpan: (b, r) => {
    const at = int(r, b.length);
    return splice(b, at, 0, Buffer.from(b.subarray(at, at + 1 + int(r, 2000))));
  },
  crOnly: (b, r) => {
    const at = int(r, b.length);
    const end = at + int(r, 8000);
    return Buffer.concat([
      b.subarray(0, at),
      Buffer.from(b.subarray(at, end).toString("latin1").replace(/\n/g, "\r"), "latin1"),
      b.subarray(end),
    ]);
  },
  crlf: (b, r) => {
    const at = int(r, b.length);
    const end = at + int(r, 8000);
    return Buffer.concat([
      b.subarray(0, at),
      Buffer.from(b.subarray(at, end).toString("latin1").replace(/\n/g, "\r\n"), "latin1"),
      b.subarray(end),
    ]);
  },
  glueLines: (b, r) => {
    const at = int(r, b.length);
    const end = at + int(r, 3000);
    return Buffer.concat([
      b.subarray(0, at),
      Buffer.from(
        b
          .subarray(at, end)
          .toString("latin1")
          .replace(/\n/g, r() < 0.5 ? "" : " "),
        "latin1",
      ),
      b.subarray(end),
    ]);
  },
  truncate: (b, r) => b.subarray(0, int(r, b.length + 1)),
  hugeNumber: (b, r) => {
    const text = b.toString("latin1");
    const at = text.indexOf("@", int(r, text.length));
    return at < 0 ? b : splice(b, at + 1, 0, Buffer.from("9".repeat(20 + int(r, 300))));
  },
  invalidUtf8: (b, r) =>
    splice(b, int(r, b.length), 0, Buffer.from([0xff, 0xc3, 0x28, 0xe2, 0x82].slice(0, 1 + int(r, 5)))),
  crAtEnd: (b) => Buffer.concat([b, Buffer.from("\r")]),
  longLine: (b, r) => splice(b, int(r, b.length), 0, Buffer.alloc(MAX_LINE_CHARS + 1 + int(r, 100), 0x78)),
};
const NAMES = Object.keys(MUTATIONS);

/** The fixtures that ship with the repository (a fresh clone has them). */
const REAL = FIXTURES.filter((f) => f.name.startsWith(REPO));

interface Case {
  readonly label: string;
  readonly bytes: Buffer;
}

function makeCase(k: number): Case {
  const r = rng(SEED * 1_000_003 + k);
  const fx = REAL[k % REAL.length];
  let bytes: Buffer = Buffer.from(fx.text);
  if (bytes.length > WINDOW) {
    const at = int(r, bytes.length - WINDOW);
    bytes = bytes.subarray(at, at + WINDOW);
  }
  const applied: string[] = [];
  for (let n = 1 + int(r, 4); n > 0; n--) {
    let name = NAMES[int(r, NAMES.length)];
    if (name === "longLine" && r() > 0.1) name = "flipBytes"; // a MiB per case is slow: rarely
    applied.push(name);
    bytes = MUTATIONS[name](bytes, r);
  }
  // The byte doors sniff gzip and UTF-16 by the first bytes; a mutation that forges them is not the point here.
  if ((bytes[0] === 0x1f && bytes[1] === 0x8b) || bytes[0] === 0xff || bytes[0] === 0xfe)
    bytes = Buffer.concat([Buffer.from("x"), bytes]);
  return {
    label: `case ${k} (seed ${SEED}): ${fx.name.replace(`${REPO}/`, "")} + ${applied.join(", ")}`,
    bytes,
  };
}

/** The invariants of one Trace. */
function checkCounts(t: Trace, label: string): void {
  const sum = LINE_CLASSES.reduce((n, c) => n + t.counts[c], 0);
  expect(sum, label).toBe(t.lines);
  expect(t.malformed.length, label).toBe(t.counts.malformed);
  expect(t.other.length, label).toBe(t.counts.other);
  expect(t.otherText?.length ?? t.counts.other, label).toBe(t.counts.other);
  for (const d of t.damage) {
    expect(d.line, label).toBeGreaterThanOrEqual(0);
    expect(d.lastLine, label).toBeLessThanOrEqual(t.lines);
  }
  for (const name of TABLE_NAMES) {
    const table = t.tables[name];
    for (const col of Object.values(table.columns))
      expect(col.length, `${label}: ${name}`).toBe(table.length);
    for (const line of t.num(name, "line")) {
      expect(line >= 1 && line <= t.lines, `${label}: ${name} row at line ${line}`).toBe(true);
    }
  }
}

describe(`fuzz: ${CASES} mutated real fixtures (seed ${SEED})`, () => {
  it("there are real fixtures to mutate", () => {
    expect(REAL.length).toBeGreaterThan(20);
  });

  it("nothing throws but the binary refusal; counts add up; every door agrees; work stays linear", async () => {
    const doors = new Doors();
    let refused = 0;
    let damaged = 0;
    let parallel = 0;
    try {
      for (let k = 0; k < CASES; k++) {
        const { label, bytes } = makeCase(k);
        const got = await doors.all(bytes);
        const text = got.text;
        if (typeof text === "string") {
          expect(text, label).toMatch(/^x: not a text trace \(binary data: \d+% of its characters/);
          refused++;
        } else if (text !== null) {
          checkCounts(text, label);
          if (text.damage.length > 0) damaged++;
        }
        const want = typeof text === "string" ? text : essence(text as Trace);
        for (const [door, t] of Object.entries(got)) {
          if (door === "parallel2") {
            if (t === null) continue;
            parallel++;
          }
          expect(typeof t === "string" ? t : essence(t as Trace), `${label}: ${door}`).toEqual(want);
        }
        // Linear work: a bound per character, and doubling the input doubles the work (every 10th case).
        const decoded = new TextDecoder().decode(bytes);
        work.steps = 0;
        try {
          parseTrace(decoded);
        } catch {}
        const once = work.steps;
        expect(once, label).toBeLessThanOrEqual(12 * decoded.length + 10);
        if (k % 10 === 0 && decoded.length > 1000) {
          work.steps = 0;
          try {
            parseTrace(decoded + decoded);
          } catch {}
          expect(work.steps / once, label).toBeLessThan(2.3);
        }
      }
    } finally {
      doors.close();
    }
    // The mutations reach what they are meant to: damage, refusals, and the parallel reader on intact files.
    expect(damaged).toBeGreaterThan(CASES / 10);
    expect(parallel).toBeGreaterThan(0);
    expect(refused).toBeLessThan(CASES / 10);
  }, 120_000);
});
