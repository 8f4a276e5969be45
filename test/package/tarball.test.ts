/**
 * The package as a user gets it, end to end (issue 9): `npm pack` of a clean copy of the repository (its
 * prepack builds dist/), `godebug-lab init` of a workspace that depends on that tarball, one `npm install` there
 * (registry only: danfojs-node comes with the pure-JS TensorFlow.js through the workspace's override), then the
 * workspace's own `npm test`, which executes the starter notebook in Jupyter with the tslab kernel on the
 * bundled capture. The light install (godebug-lab without danfojs-node) is measured inside the same install:
 * the packages godebug-lab's own dependencies resolve to.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = join(__dirname, "..", "..");
const VERSION = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version as string;
/** The most node_modules a plain `npm install godebug-lab` may take (issue 9). */
const LIGHT_LIMIT_MB = 150;

/** A user's shell: none of the npm_* variables that `npm test` sets for its scripts. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.toLowerCase().startsWith("npm_")) env[k] = v;
  return env;
}

function sh(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, env: userEnv(), encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} in ${cwd} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

/** Bytes of the files under `dir`, not counting nested node_modules (each package is counted once, by itself). */
function ownBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "node_modules") total += ownBytes(p);
    } else if (e.isFile()) total += lstatSync(p).size;
  }
  return total;
}

/** Node's lookup of package `name` from the package folder `from`: its node_modules, then each parent's. */
function resolvePackage(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/** The package folders `root` needs at run time: its dependencies, theirs, ... (peer dependencies not followed). */
function dependencyClosure(root: string): string[] {
  const seen = new Set<string>([root]);
  const queue = [root];
  while (queue.length > 0) {
    const dir = queue.shift() as string;
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})];
    for (const name of names) {
      const found = resolvePackage(name, dir);
      if (found === undefined) {
        if (name in (pkg.optionalDependencies ?? {})) continue; // another platform's binary
        throw new Error(`${name}, a dependency of ${dir}, is not installed`);
      }
      if (!seen.has(found)) {
        seen.add(found);
        queue.push(found);
      }
    }
  }
  return [...seen];
}

let root: string;
let tarball: string;
let ws: string;
const timings: Record<string, number> = {};
function timed<T>(what: string, f: () => T): T {
  const t0 = performance.now();
  try {
    return f();
  } finally {
    timings[what] = Math.round((performance.now() - t0) / 100) / 10;
  }
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "godebug-lab-tarball-"));
  // A clean copy: the files git would clone (tracked or new, not ignored), so no dist/ from an earlier build.
  const copy = join(root, "repo");
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO,
    encoding: "utf8",
  });
  for (const f of files.split("\0").filter(Boolean)) {
    const from = join(REPO, f);
    if (!existsSync(from) || lstatSync(from).isDirectory()) continue; // deleted in the work tree
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    copyFileSync(from, join(copy, f));
  }
  expect(existsSync(join(copy, "dist"))).toBe(false);
  // The repository's packages (TypeScript for prepack), as after its own npm ci.
  symlinkSync(join(REPO, "node_modules"), join(copy, "node_modules"), "dir");
  const packed = timed("npm pack (prepack builds dist/)", () =>
    sh("npm", ["pack", "--pack-destination", root], copy),
  );
  tarball = join(root, packed.trim().split("\n").pop() as string);

  ws = join(root, "ws");
  timed("godebug-lab init", () =>
    sh(process.execPath, [join(copy, "dist", "cli", "main.js"), "init", ws, "--package", tarball], root),
  );
  timed("npm install in the workspace", () =>
    sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], ws),
  );
}, 900_000);

afterAll(() => {
  console.log(`tarball test timings (s): ${JSON.stringify(timings)}`);
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

describe("the packed tarball", () => {
  it("holds dist/ with the type declarations, LICENSE, README and the workspace templates, and nothing else", () => {
    const list = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" }).trim().split("\n");
    for (const f of [
      "package/LICENSE",
      "package/README.md",
      "package/package.json",
      "package/dist/index.js",
      "package/dist/index.d.ts",
      "package/dist/cli/main.js",
      "package/dist/frame/toDataFrame.d.ts",
      "package/templates/starter.md",
      "package/templates/workspace/traces/webservice-gc-sched.log",
    ]) {
      expect(list, f).toContain(f);
    }
    const tops = new Set(list.map((f) => f.split("/")[1]));
    expect([...tops].sort()).toEqual(["LICENSE", "README.md", "dist", "package.json", "templates"]);
    expect(list.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(readFileSync(join(REPO, "LICENSE"), "utf8")).toMatch(/^MIT License\n/);
  });

  it(`without danfojs-node, godebug-lab and what it needs take at most ${LIGHT_LIMIT_MB} MB`, () => {
    const own = realpathSync(join(ws, "node_modules", "godebug-lab"));
    const closure = dependencyClosure(own);
    const names = closure.map(
      (d) => JSON.parse(readFileSync(join(d, "package.json"), "utf8")).name as string,
    );
    expect(names).not.toContain("danfojs-node");
    expect(names.some((n) => n.startsWith("@tensorflow/"))).toBe(false);
    expect(names).toEqual(expect.arrayContaining(["vega", "vega-lite", "@resvg/resvg-js"]));
    const mb = closure.reduce((sum, d) => sum + ownBytes(d), 0) / 2 ** 20;
    console.log(`light install: ${closure.length} packages, ${mb.toFixed(1)} MiB`);
    expect(mb).toBeLessThanOrEqual(LIGHT_LIMIT_MB);
  });

  it("npx godebug-lab --version and summary work from the install", () => {
    const bin = join(ws, "node_modules", ".bin", "godebug-lab");
    expect(sh(bin, ["--version"], ws)).toBe(`godebug-lab ${VERSION}\n`);
    const summary = sh(bin, ["summary", "traces/webservice-gc-sched.log"], ws);
    expect(summary).toMatch(/\n {2}gctrace +164\n/);
    expect(summary).toMatch(/\n {2}schedtrace +37\n/);
  });

  it("init from the installed package makes the same workspace", () => {
    const bin = join(ws, "node_modules", ".bin", "godebug-lab");
    const again = join(root, "ws2");
    sh(bin, ["init", again, "--package", tarball], root);
    for (const f of [
      "starter.ipynb",
      "README.md",
      "scripts/start.mjs",
      "scripts/test.mjs",
      "traces/webservice-gc-sched.log",
    ]) {
      expect(readFileSync(join(again, f), "utf8"), f).toBe(readFileSync(join(ws, f), "utf8"));
    }
  });

  it("the workspace's npm test runs the starter notebook in Jupyter: DataFrames, GC and scheduler charts, what-if", () => {
    const out = timed("npm test in the workspace", () => sh("npm", ["test"], ws));
    const ran = /test: starter\.ipynb ran in [\d.]+ s: (\d+) code cells, (\d+) charts, (\d+) tables/.exec(
      out,
    );
    expect(ran, out).not.toBeNull();
    // heap, gc-cpu, pause-histogram, runqueue, queue-drain and the what-if chart; the DataFrame's head as a table.
    expect(Number(ran?.[2])).toBe(6);
    expect(Number(ran?.[3])).toBe(1);
    expect(out).toContain("test: all 1 notebooks ran");
  });
});
