/**
 * The built package: `tsc -p tsconfig.build.json` output must load with require() (tslab runs notebook cells as
 * CommonJS), ship .d.ts files that node10 resolution finds through package.json, and parse a real trace. Built
 * into a temporary directory so the repository's dist/ is left alone.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = join(__dirname, "..");
const TSC = join(REPO, "node_modules", "typescript", "bin", "tsc");
const CORPUS_FILE = "/work/shared/corpus/zqlpaopao-testCode_go1.14_gctrace-gorun-interleaved.txt";

const tmp = mkdtempSync(join(tmpdir(), "godebug-pkg-"));
const pkg = join(tmp, "pkg");
const consumer = join(tmp, "consumer");
let build: { status: number | null; output: string };

beforeAll(() => {
  mkdirSync(pkg);
  const r = spawnSync(
    process.execPath,
    [TSC, "-p", join(REPO, "tsconfig.build.json"), "--outDir", join(pkg, "dist")],
    {
      cwd: REPO,
      encoding: "utf8",
    },
  );
  build = { status: r.status, output: `${r.stdout}${r.stderr}` };
  copyFileSync(join(REPO, "package.json"), join(pkg, "package.json"));
  symlinkSync(join(REPO, "node_modules"), join(pkg, "node_modules"));
  mkdirSync(join(consumer, "node_modules"), { recursive: true });
  symlinkSync(pkg, join(consumer, "node_modules", "godebug-lab"));
}, 180_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs a CommonJS script in a fresh node process from the consumer directory; returns its JSON output. */
function runNode(script: string, args: string[] = []): unknown {
  const file = join(consumer, `script-${Math.random().toString(36).slice(2)}.js`);
  writeFileSync(file, script);
  const out = execFileSync(process.execPath, [...args, file], { cwd: consumer, encoding: "utf8" });
  return JSON.parse(out);
}

describe("the built package", () => {
  it("tsc -p tsconfig.build.json compiles without errors", () => {
    expect(build.output).toBe("");
    expect(build.status).toBe(0);
  });

  it("require('godebug-lab') loads without danfojs-node and parses a corpus file", () => {
    const got = runNode(`
      const t0 = Date.now();
      const g = require("godebug-lab");
      const loadMs = Date.now() - t0;
      const danfoLoaded = Object.keys(require.cache).some((k) => k.includes("danfojs-node"));
      const fs = require("node:fs");
      const text = fs.readFileSync(${JSON.stringify(CORPUS_FILE)}, "utf8");
      const t = g.parseTrace(text.slice(text.indexOf("# ---\\n") + 6));
      const df = t.frame("gctrace");
      console.log(JSON.stringify({
        exports: Object.keys(g).sort(), loadMs, danfoLoaded, counts: t.counts, runs: t.runs,
        runCol: Array.from(t.num("gctrace", "run")), shape: df.shape, gcColumns: g.TABLE_SCHEMAS.gctrace.length,
      }));
    `) as Record<string, unknown>;
    expect(got.danfoLoaded).toBe(false);
    expect(got.counts).toMatchObject({ gctrace: 7, other: 3, malformed: 0 });
    expect(got.runs).toBe(3);
    expect(got.runCol).toEqual([0, 0, 0, 1, 0, 2, 2]);
    expect(got.shape).toEqual([7, got.gcColumns]);
    expect(got.gcColumns).toBeGreaterThanOrEqual(22);
    for (const name of [
      "parseTrace",
      "parseTraceStream",
      "loadTrace",
      "toDataFrame",
      "TRACE_KINDS",
      "TABLE_NAMES",
      "TABLE_SCHEMAS",
      "show",
      "toSVG",
    ]) {
      expect(got.exports).toContain(name);
    }
  });

  it("its .d.ts files type-check a consumer under node10 module resolution", () => {
    writeFileSync(
      join(consumer, "consumer.ts"),
      [
        'import { parseTrace, toDataFrame, TABLE_NAMES, type Trace, type TableName, type ColumnSpec } from "godebug-lab";',
        'const t: Trace = parseTrace("gc 1 @0.1s 0%: 0.1+0.2+0.3 ms clock, 0.1+0.2/0.3/0.4+0.5 ms cpu, 4->4->1 MB, 5 MB goal, 4 P");',
        'const pauses: Float64Array = t.num("gctrace", "pauseMs");',
        "const names: readonly TableName[] = TABLE_NAMES;",
        "const spec: ColumnSpec = t.tables.gctrace.schema[0];",
        "const shape: number[] = toDataFrame(t.tables.gctrace).shape;",
        "export { pauses, names, spec, shape };",
      ].join("\n"),
    );
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "commonjs",
          moduleResolution: "node10",
          target: "ES2022",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
          typeRoots: [join(REPO, "node_modules", "@types")],
        },
        files: ["consumer.ts"],
      }),
    );
    const r = spawnSync(process.execPath, [TSC, "-p", join(consumer, "tsconfig.json")], { encoding: "utf8" });
    expect(`${r.stdout}${r.stderr}`).toBe("");
    expect(r.status).toBe(0);
  });

  it("parseTraceStream streams 100 MB of text through a 48 MB JavaScript heap (memory follows rows, not text)", () => {
    const got = runNode(
      `
      const g = require("godebug-lab");
      const fs = require("node:fs");
      const text = fs.readFileSync(${JSON.stringify(CORPUS_FILE)}, "utf8");
      const gc = text.slice(text.indexOf("# ---\\n") + 6).split("\\n")[1];
      const noise = "INFO request served in 1.2ms path=/sendjson status=200 bytes=52 " + "x".repeat(140);
      let block = "";
      for (let i = 0; i < 999; i++) block += noise + "\\n";
      block += gc + "\\n";
      async function* input() {
        for (let i = 0; i < 500; i++) yield Buffer.from(block);
      }
      g.parseTraceStream(input()).then((t) => {
        console.log(JSON.stringify({ lines: t.lines, counts: t.counts, bytes: block.length * 500 }));
      });
    `,
      ["--max-old-space-size=48"],
    ) as { lines: number; counts: Record<string, number>; bytes: number };
    expect(got.bytes).toBeGreaterThan(100_000_000);
    expect(got.lines).toBe(500_000);
    expect(got.counts.gctrace).toBe(500);
    expect(got.counts.other).toBe(499_500);
    expect(got.counts.malformed).toBe(0);
  }, 120_000);
});
