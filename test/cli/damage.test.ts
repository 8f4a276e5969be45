/**
 * Damaged input on the command line: a real capture with a 4 KiB block of zeros inserted (an unclean shutdown) and
 * a real capture gzipped and cut in the middle (a .gz copied while it was written). summary, report and capture's
 * closing summary show what was skipped (`damage:`), and the lines around it are all there.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { constants, gunzipSync, gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { SHOWN_DAMAGE } from "../../src/report/summaryFormat";
import { pageSummaryLines } from "../helpers/pageSummary";
import { data, fileLines } from "./fixtures";
import { memoryIO } from "./memoryIO";

const BIN = join(__dirname, "..", "..", "dist", "cli", "main.js");
const NUL_BLOCK = Buffer.alloc(4096);

async function run(args: string[]) {
  const io = memoryIO();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** `file` with a 4 KiB block of zeros inserted at the start of each of `lineNos` (1-based). */
function withNulBlocks(file: string, lineNos: readonly number[]): Buffer {
  const lines = fileLines(file);
  const parts: Buffer[] = [];
  lines.forEach((l, i) => {
    if (lineNos.includes(i + 1)) parts.push(NUL_BLOCK);
    parts.push(Buffer.from(`${l}\n`));
  });
  return Buffer.concat(parts);
}

/** The summary JSON without what names the file or the damage: what the trace lines gave. */
function figures(json: string) {
  const { source: _source, damage: _damage, ...rest } = JSON.parse(json);
  return rest;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "godebug-lab-cli-damage-"));
});

describe("a bundled capture with a 4 KiB NUL block before a line", () => {
  const CLEAN = data("gctrace-pacer-scav.log");
  const at = Math.ceil(fileLines(CLEAN).length / 2);
  let file: string;
  beforeAll(() => {
    file = join(dir, "nul-block.log");
    writeFileSync(file, withNulBlocks(CLEAN, [at]));
  });

  it("summary exits 0, lists the damage and loses no trace line", async () => {
    const r = await run(["summary", file]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toContain(
      `damage: 1 damaged part of the input skipped\n  ${file}:${at}: 4096 NUL characters skipped\n`,
    );
    expect(r.out).not.toContain("malformed lines:");
    const clean = await run(["summary", CLEAN]);
    // the same counts and figures as the clean capture: only the file name and the damage section differ
    expect(r.out.split("\ndamage:")[0].replace(file, CLEAN)).toBe(clean.out.trimEnd());
  });

  it("summary --json has damage [{line, lastLine, reason}] and the clean capture's figures", async () => {
    const r = await run(["summary", file, "--json"]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.damage).toEqual([{ line: at, lastLine: at, reason: "4096 NUL characters skipped" }]);
    expect(Object.keys(s).slice(-2)).toEqual(["malformed", "damage"]);
    const clean = await run(["summary", CLEAN, "--json"]);
    expect(JSON.parse(clean.out).damage).toEqual([]);
    expect(figures(r.out)).toEqual(figures(clean.out));
  });

  it(`summary shows the first ${SHOWN_DAMAGE} damaged parts and counts the rest; --json lists them all`, async () => {
    const many = join(dir, "many-blocks.log");
    const lineNos = Array.from({ length: SHOWN_DAMAGE + 3 }, (_, i) => 2 + 3 * i);
    writeFileSync(many, withNulBlocks(CLEAN, lineNos));
    const r = await run(["summary", many]);
    const listed = r.out.split("\n").filter((l) => l.endsWith(": 4096 NUL characters skipped"));
    expect(listed).toEqual(
      lineNos.slice(0, SHOWN_DAMAGE).map((n) => `  ${many}:${n}: 4096 NUL characters skipped`),
    );
    expect(r.out).toContain(`damage: ${lineNos.length} damaged parts of the input skipped\n`);
    expect(r.out).toContain("  … 3 more (godebug-lab summary --json lists them all)\n");
    const s = JSON.parse((await run(["summary", many, "--json"])).out);
    expect(s.damage.map((d: { line: number }) => d.line)).toEqual(lineNos);
  });

  it("the report page's summary says the same, escaped as HTML (the file name too)", async () => {
    const hostile = join(dir, "dam<b>\x1b[31m.log");
    writeFileSync(hostile, readFileSync(file));
    const page = join(dir, "page.html");
    const r = await run(["report", hostile, "-o", page]);
    expect(r.code).toBe(0);
    const html = readFileSync(page, "utf8");
    const summary = pageSummaryLines(html);
    const shown = join(dir, "dam&lt;b&gt;\\x1b[31m.log");
    // the damage ends the page's one summary block
    expect(summary).toContain(
      `damage: 1 damaged part of the input skipped\n  ${shown}:${at}: 4096 NUL characters skipped`,
    );
    expect(summary).not.toContain("\x1b");
  });

  it("capture's closing summary lists damage in the program's stderr", async () => {
    const out = join(dir, "captured.log");
    const program = `process.stderr.write(require("node:fs").readFileSync(${JSON.stringify(file)}))`;
    const r = await run([
      "capture",
      "--godebug",
      "gctrace=1",
      "-o",
      out,
      "--",
      process.execPath,
      "-e",
      program,
    ]);
    expect(r.code).toBe(0);
    expect(readFileSync(out)).toEqual(readFileSync(file));
    expect(r.err).toContain(
      `damage: 1 damaged part of the input skipped\n  ${out}:${at}: 4096 NUL characters skipped\n`,
    );
  });
});

describe("a gzipped capture cut in the middle, piped on stdin (summary -)", () => {
  const SRC = data("case1-schedtrace.log");
  let cut: Buffer;
  /** What zcat recovers from the cut stream, read independently of the parser. */
  let recovered: string[];
  beforeAll(() => {
    const gz = gzipSync(readFileSync(SRC));
    cut = gz.subarray(0, Math.floor(gz.length / 2));
    const text = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString("utf8");
    recovered = text.split("\n");
    if (recovered.at(-1) === "") recovered.pop();
    // the cut is inside the trace, not at its end: a real test of "the lines before the cut"
    expect(recovered.length).toBeGreaterThan(10);
    expect(recovered.length).toBeLessThan(fileLines(SRC).length);
  });

  const summary = (json: boolean) =>
    spawnSync(process.execPath, [BIN, "summary", "-", ...(json ? ["--json"] : [])], {
      input: cut,
      encoding: "utf8",
    });

  it("exits 0 with the lines before the cut and the damage entry (text)", () => {
    const r = summary(false);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^<stdin>: ${recovered.length} lines, 1 run\n`));
    expect(r.stdout).toContain(
      `damage: 1 damaged part of the input skipped\n  <stdin>:${recovered.length}: gzip data ends early (unexpected end of file): the input is read up to there\n`,
    );
  });

  it("exits 0 with the lines before the cut and the damage entry (--json)", () => {
    const r = summary(true);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    const n = recovered.length;
    expect(s.lines).toBe(n);
    expect(s.damage).toEqual([
      {
        line: n,
        lastLine: n,
        reason: "gzip data ends early (unexpected end of file): the input is read up to there",
      },
    ]);
    // every complete SCHED line before the cut is counted; the cut last line may or may not still parse
    const whole = recovered.slice(0, -1).filter((l) => l.startsWith("SCHED ")).length;
    expect(s.counts.schedtrace - whole).toBeGreaterThanOrEqual(0);
    expect(s.counts.schedtrace - whole).toBeLessThanOrEqual(1);
    expect(s.counts.schedtrace + s.counts.other + s.counts.malformed).toBe(n);
  });
});

it("`printf 'x\\0\\n' | godebug-lab summary -` exits 0: the NUL is listed as damage, no line is a malformed trace line", () => {
  const r = spawnSync(process.execPath, [BIN, "summary", "-"], { input: "x\0\n", encoding: "utf8" });
  expect(r.stderr).toMatch(/^godebug-lab summary: <stdin> has no GODEBUG trace lines/);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^<stdin>: 1 line, 0 runs\n/);
  expect(r.stdout).toMatch(/\n {2}other +1\n {2}malformed +0\n/);
  expect(r.stdout).not.toContain("malformed lines:");
  expect(r.stdout).toContain(
    "damage: 1 damaged part of the input skipped\n  <stdin>:1: 1 NUL character skipped\n",
  );
});
