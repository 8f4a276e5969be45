import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const REPO = join(__dirname, "..", "..");
const PYTHON = "/usr/bin/python3";
const dir = mkdtempSync(join(tmpdir(), "godebug-lab-trust-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether Jupyter's own notary (the one Notebook asks) trusts the notebook, in a Jupyter data folder of our own. */
function trusted(path: string, env: NodeJS.ProcessEnv): boolean {
  const check =
    "import sys, nbformat\nfrom nbformat.sign import NotebookNotary\n" +
    "print(NotebookNotary().check_signature(nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT)))";
  return execFileSync(PYTHON, ["-c", check, path], { env, encoding: "utf8" }).trim() === "True";
}

describe("scripts/trust-notebooks.py (run by setup)", () => {
  it("makes a committed notebook trusted for Jupyter, and is quiet when it already is", () => {
    const nb = join(dir, "03-gctrace.ipynb");
    copyFileSync(join(REPO, "notebooks", "03-gctrace.ipynb"), nb);
    const env = { ...process.env, JUPYTER_DATA_DIR: join(dir, "jupyter-data") };
    expect(trusted(nb, env)).toBe(false);
    const out = execFileSync(PYTHON, [join(REPO, "scripts", "trust-notebooks.py"), nb], {
      env,
      encoding: "utf8",
    });
    expect(out).toBe("setup: marked 1 notebook(s) trusted\n");
    expect(trusted(nb, env)).toBe(true);
    expect(
      execFileSync(PYTHON, [join(REPO, "scripts", "trust-notebooks.py"), nb], { env, encoding: "utf8" }),
    ).toBe("");
  });
});
