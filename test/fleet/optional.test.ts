/**
 * Without the optional packages (apache-arrow, @duckdb/node-api; and parquet-wasm, which the export no longer uses),
 * as after a plain `npm install godebug-lab`: the built CLI and library still load, Parquet and NDJSON exports work,
 * and asking for Arrow or openFleet gives one error naming the package to install. Runs the built dist/ against a
 * node_modules without them.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const OPTIONAL = ["apache-arrow", "parquet-wasm", "@duckdb"];
const tmp = mkdtempSync(join(tmpdir(), "godebug-lab-optional-"));
const pkg = join(tmp, "pkg");

beforeAll(() => {
  mkdirSync(join(pkg, "node_modules"), { recursive: true });
  cpSync(join(ROOT, "dist"), join(pkg, "dist"), { recursive: true });
  cpSync(join(ROOT, "package.json"), join(pkg, "package.json"));
  for (const entry of readdirSync(join(ROOT, "node_modules"))) {
    if (OPTIONAL.includes(entry) || entry === ".bin" || entry === "godebug-lab") continue;
    symlinkSync(join(ROOT, "node_modules", entry), join(pkg, "node_modules", entry));
  }
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function node(args: string[]) {
  return spawnSync(process.execPath, args, { cwd: tmp, encoding: "utf8" });
}

it("export --format arrow says which package to install, once, with status 2", () => {
  const r = node([
    join(pkg, "dist", "cli", "main.js"),
    "export",
    join(ROOT, "data", "fleet"),
    "--format",
    "arrow",
    "-o",
    "out",
  ]);
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toContain(
    "needs the optional package apache-arrow, which is not installed: npm install apache-arrow@^21.2.0",
  );
});

it("export --format parquet needs none of them (our own writer): every trace written, on worker threads", () => {
  const r = node([
    join(pkg, "dist", "cli", "main.js"),
    "export",
    join(ROOT, "data", "fleet", "api"),
    "--format",
    "parquet",
    "-o",
    "pq",
  ]);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/wrote 12 of 12 traces/);
  const parts = readdirSync(join(tmp, "pq", "table=gctrace"), { recursive: true, encoding: "utf8" }).filter(
    (f) => f.endsWith(".parquet"),
  );
  expect(parts).toHaveLength(12);
});

it("export --format ndjson needs none of them; summary works as before", () => {
  const r = node([
    join(pkg, "dist", "cli", "main.js"),
    "export",
    join(ROOT, "data", "fleet", "api"),
    "--format",
    "ndjson",
    "-o",
    "nd",
  ]);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/wrote 12 of 12 traces/);
  expect(
    node([join(pkg, "dist", "cli", "main.js"), "summary", join(ROOT, "data", "inittrace.log")]).status,
  ).toBe(0);
});

it("openFleet names @duckdb/node-api", () => {
  const script = `require(${JSON.stringify(join(pkg, "dist", "index.js"))}).openFleet("nd").then(() => console.log("opened"), (e) => console.log(e.message))`;
  const r = node(["-e", script]);
  expect(r.stdout.trim()).toBe(
    "openFleet (SQL over a dataset) needs the optional package @duckdb/node-api, which is not installed: npm install @duckdb/node-api@^1.5.6-r.1",
  );
});
