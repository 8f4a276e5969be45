/**
 * `godebug-lab init <dir> [--trace <file>] [--package <spec>]`: a notebook workspace of one's own, outside this
 * repository. It holds:
 *   package.json   godebug-lab, danfojs-node with @tensorflow/tfjs and the override that keeps npm away from
 *                  @tensorflow/tfjs-node's binary download (src/frame/toDataFrame.ts says why), and tslab;
 *   README.md      `npm start` (registers the tslab kernel when Jupyter is there, says what to install when not,
 *                  opens Jupyter Notebook) and `npm test` (runs every notebook in Jupyter);
 *   starter.ipynb  loads the trace its first cell names: summary, a DataFrame, GC and scheduler charts, what-if;
 *   traces/        a real example capture (and the user's, with --trace);
 *   scripts/       start.mjs, test.mjs and what they share.
 * The static files are in templates/workspace/ (shipped in the package); package.json and the notebook are made
 * here, because they name versions and the trace.
 */
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { DANFO_VERSION, TFJS_OVERRIDE, TFJS_VERSION } from "../frame/toDataFrame";
import type { Command } from "./command";
import { parseCommandArgs, printHelp, UsageError } from "./command";
import { describeFsError } from "./input";

const PACKAGE_ROOT = join(__dirname, "..", "..");
const TEMPLATE = join(PACKAGE_ROOT, "templates", "workspace");
/** The bundled example trace, in the template's traces/. */
export const EXAMPLE_TRACE = "webservice-gc-sched.log";

interface OwnPackage {
  name: string;
  version: string;
  devDependencies: Record<string, string>;
}

function ownPackage(): OwnPackage {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as OwnPackage;
}

/** An npm package name from a folder name (lower case, [a-z0-9._-], not starting with . or _). */
export function packageName(dir: string): string {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+/, "")
    .slice(0, 214);
  return name === "" ? "godebug-workspace" : name;
}

/**
 * What the workspace's package.json names for godebug-lab: `^<this version>` by default; a spec given with
 * --package as is, except a path that exists here, which becomes an absolute `file:` spec (npm reads a relative
 * one from the workspace, not from where init ran).
 */
export function godebugLabSpec(spec: string | undefined, version: string): string {
  if (spec === undefined) return `^${version}`;
  const path = spec.startsWith("file:") ? spec.slice("file:".length) : spec;
  return existsSync(path) ? `file:${resolve(path)}` : spec;
}

export function workspacePackageJson(name: string, godebugLab: string): string {
  const own = ownPackage();
  const pkg = {
    name,
    private: true,
    description: "Go GODEBUG traces in TypeScript notebooks, with godebug-lab",
    scripts: { start: "node scripts/start.mjs", test: "node scripts/test.mjs" },
    engines: { node: ">=20" },
    dependencies: {
      "@tensorflow/tfjs": TFJS_VERSION,
      "danfojs-node": DANFO_VERSION,
      "godebug-lab": godebugLab,
      tslab: own.devDependencies.tslab,
    },
    // @tensorflow/tfjs-node (a dependency of danfojs-node) downloads a binary at install time: the pure-JS
    // TensorFlow.js takes its place. Only a project's own package.json can say so.
    overrides: TFJS_OVERRIDE,
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export interface Cell {
  cell_type: "markdown" | "code";
  source: string;
}

/**
 * The starter notebook's cells, from templates/starter.md: each ```ts block is a code cell, the text between is a
 * markdown cell. `trace` is the path its first cell names, relative to the workspace.
 */
export function starterCells(trace: string): Cell[] {
  const text = readFileSync(join(PACKAGE_ROOT, "templates", "starter.md"), "utf8").replace(
    "{{TRACE}}",
    JSON.stringify(trace),
  );
  const cells: Cell[] = [];
  const parts = text.split(/^```ts\n([\s\S]*?)^```\n?/m);
  parts.forEach((part, i) => {
    const source = part.trim();
    if (i % 2 === 1) cells.push({ cell_type: "code", source });
    else if (source !== "") cells.push({ cell_type: "markdown", source });
  });
  return cells;
}

/** The starter notebook as Jupyter writes it (nbformat 4.5, the tslab kernel, no outputs). */
export function starterNotebook(trace: string): string {
  const cells = starterCells(trace).map((c, i) => {
    const lines = c.source.split("\n").map((l, k, all) => (k < all.length - 1 ? `${l}\n` : l));
    const id = `cell-${String(i).padStart(2, "0")}`;
    return c.cell_type === "code"
      ? { cell_type: "code", execution_count: null, id, metadata: {}, outputs: [], source: lines }
      : { cell_type: "markdown", id, metadata: {}, source: lines };
  });
  const notebook = {
    cells,
    metadata: {
      kernelspec: { display_name: "TypeScript", language: "typescript", name: "tslab" },
      language_info: {
        codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
        file_extension: ".ts",
        mimetype: "text/typescript",
        name: "typescript",
      },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(notebook, null, 1)}\n`;
}

export interface InitOptions {
  /** A trace to copy into traces/ and name in the starter notebook (default: the bundled example). */
  trace?: string;
  /** What package.json depends on for godebug-lab (see godebugLabSpec). */
  packageSpec?: string;
}

/** Makes the workspace in `dir` (new or empty); returns the files written, relative to it. */
export function initWorkspace(dir: string, options: InitOptions = {}): string[] {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UsageError(`${dir} exists and is not a folder`);
    if (readdirSync(dir).length > 0) {
      throw new UsageError(
        `${dir} exists and is not empty: init makes a new workspace, name a new or empty folder`,
      );
    }
  }
  let traceName = EXAMPLE_TRACE;
  if (options.trace !== undefined) {
    let isFile = false;
    try {
      isFile = statSync(options.trace).isFile();
    } catch (err) {
      throw new UsageError(`cannot read ${options.trace}: ${describeFsError(err)}`);
    }
    if (!isFile) throw new UsageError(`cannot read ${options.trace}: not a file`);
    traceName = basename(options.trace);
  }
  try {
    mkdirSync(dir, { recursive: true });
    cpSync(TEMPLATE, dir, { recursive: true });
    // npm leaves .gitignore files out of packages, so the template keeps it as `gitignore`.
    renameSync(join(dir, "gitignore"), join(dir, ".gitignore"));
    if (options.trace !== undefined) copyFileSync(options.trace, join(dir, "traces", traceName));
    const own = ownPackage();
    writeFileSync(
      join(dir, "package.json"),
      workspacePackageJson(packageName(dir), godebugLabSpec(options.packageSpec, own.version)),
    );
    writeFileSync(join(dir, "starter.ipynb"), starterNotebook(`traces/${traceName}`));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot write the workspace in ${dir}: ${describeFsError(err)}`);
  }
  return listFiles(dir);
}

function listFiles(dir: string, under = dir): string[] {
  return readdirSync(under, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? listFiles(dir, join(under, e.name)) : [relative(dir, join(under, e.name))],
    )
    .sort();
}

export const initCommand: Command = {
  name: "init",
  usage: "init <dir> [--trace <file>] [--package <spec>]",
  description:
    "Makes a notebook workspace of one's own in a new folder: package.json (godebug-lab, danfojs-node, tslab), " +
    "a README, npm start / npm test, and a starter notebook on an example trace or yours.",
  options: [
    "  --trace <file>     copy this trace into <dir>/traces/ and name it in the starter notebook",
    "                     (default: a bundled capture of a web service with gc and SCHED lines)",
    "  --package <spec>   what package.json installs as godebug-lab (default: ^this version), e.g. a tarball",
  ].join("\n"),
  async run(args, io) {
    const parsed = parseCommandArgs(
      initCommand,
      args,
      { trace: { type: "string" }, package: { type: "string" } },
      { min: 1, max: 1, names: "<dir>" },
    );
    if (!parsed) return printHelp(initCommand, io);
    const dir = parsed.positionals[0];
    const files = initWorkspace(dir, { trace: parsed.values.trace, packageSpec: parsed.values.package });
    io.stdout.write(
      [
        `made a notebook workspace in ${dir}: ${files.join(", ")}`,
        "next:",
        `  cd ${dir}`,
        "  npm install   # godebug-lab, danfojs-node with the pure-JS TensorFlow.js, the tslab kernel",
        "  npm start     # registers the kernel with Jupyter if needed, then opens Jupyter Notebook; open starter.ipynb",
        "",
      ].join("\n"),
    );
    return 0;
  },
};
