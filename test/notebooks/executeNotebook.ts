/**
 * Executes a notebook through real Jupyter (Debian's nbconvert) with the tslab kernel, the way a user's
 * "Run All" does, and returns the executed notebook exactly as Jupyter serialises it.
 */
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import type { Notebook } from "./buildNotebook";

export const PROJECT_ROOT = path.resolve(__dirname, "../..");
export const NOTEBOOKS_DIR = path.join(PROJECT_ROOT, "notebooks");

export interface ExecutedNotebook {
  /** The executed notebook as Jupyter writes it (nbformat JSON, one-space indent). */
  text: string;
  notebook: Notebook;
  seconds: number;
}

/**
 * The environment the kernel runs in: `tslab` on PATH (the kernelspec calls it by name) and the live cells
 * off, so that the outputs depend only on the bundled captures.
 */
export function kernelEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.join(PROJECT_ROOT, "node_modules", ".bin")}:${process.env.PATH}`,
  };
  delete env.GODEBUG_LAB_LIVE;
  return env;
}

/** Throws a clear message when Jupyter or the tslab kernelspec is missing. */
export function checkJupyter(): void {
  const list = spawnSync("jupyter", ["kernelspec", "list", "--json"], { encoding: "utf8", env: kernelEnv() });
  if (list.error || list.status !== 0) {
    throw new Error(
      `jupyter is not installed or fails (${list.error?.message ?? list.stderr}); on Debian: apt-get install jupyter-nbconvert python3-nbclient jupyter-notebook`,
    );
  }
  const specs = JSON.parse(list.stdout) as { kernelspecs: Record<string, unknown> };
  if (!("tslab" in specs.kernelspecs)) {
    throw new Error(
      "the tslab kernel is not registered with Jupyter: run `npx tslab install --python=/usr/bin/python3`",
    );
  }
}

/**
 * Runs every cell (errors do not stop the run, so the caller sees every failing cell and its stderr; tslab
 * writes type errors and exceptions to stderr). The kernel's working directory is the notebook's own directory
 * (notebooks/, or notebooks/solutions/ for the worked answers), as when a user opens it there, so `../data/...`
 * (or `../../data/...`) paths resolve.
 */
export function executeNotebook(
  notebook: Notebook,
  timeoutSec = 600,
  cwd = NOTEBOOKS_DIR,
): Promise<ExecutedNotebook> {
  const started = performance.now();
  const args = [
    "nbconvert",
    "--stdin",
    "--stdout",
    "--to",
    "notebook",
    "--execute",
    "--ExecutePreprocessor.kernel_name=tslab",
    `--ExecutePreprocessor.timeout=${timeoutSec}`,
    "--ExecutePreprocessor.startup_timeout=120",
    "--ExecutePreprocessor.allow_errors=True",
    "--ExecutePreprocessor.record_timing=False",
  ];
  return new Promise((resolve, reject) => {
    const child = spawn("jupyter", args, { cwd, env: kernelEnv() });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => {
      const text = Buffer.concat(out).toString("utf8");
      if (code !== 0) {
        reject(new Error(`jupyter nbconvert exited with ${code}:\n${Buffer.concat(err).toString("utf8")}`));
        return;
      }
      resolve({
        text,
        notebook: JSON.parse(text) as Notebook,
        seconds: (performance.now() - started) / 1000,
      });
    });
    child.stdin.end(JSON.stringify(notebook));
  });
}
