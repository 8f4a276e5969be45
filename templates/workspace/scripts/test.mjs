// `npm test`: run every notebook in this folder in Jupyter with the tslab kernel, as "Run All" does, and fail
// on the first cell that fails. The executed copies go to a temporary folder; the notebooks are left as they are.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkSetup, ensureKernel, kernelEnv, ROOT } from "./jupyter.mjs";

ensureKernel("test", checkSetup("test", ["nbconvert"]));
const notebooks = readdirSync(ROOT)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();
if (notebooks.length === 0) {
  console.error(`test: no notebook (*.ipynb) in ${ROOT}`);
  process.exit(1);
}
const out = mkdtempSync(join(tmpdir(), "notebooks-"));
let failed = 0;
for (const nb of notebooks) {
  const started = Date.now();
  const r = spawnSync(
    "jupyter",
    [
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      "--ExecutePreprocessor.kernel_name=tslab",
      "--ExecutePreprocessor.timeout=600",
      "--ExecutePreprocessor.startup_timeout=120",
      `--output-dir=${out}`,
      nb,
    ],
    { cwd: ROOT, encoding: "utf8", env: kernelEnv() },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed++;
    // nbconvert's traceback ends with the failing cell and its error; the lines before are Python's stack.
    const cell = (r.stderr ?? "").split("CellExecutionError:").pop()?.trim() ?? r.stderr;
    console.error(`test: ${nb} FAILED after ${seconds} s:\n${cell}`);
    continue;
  }
  const executed = JSON.parse(readFileSync(join(out, nb), "utf8"));
  const code = executed.cells.filter((c) => c.cell_type === "code");
  const outputs = code.flatMap((c) => c.outputs ?? []);
  const charts = outputs.filter((o) => o.data?.["image/svg+xml"] !== undefined).length;
  const tables = outputs.filter(
    (o) => o.data?.["text/html"] !== undefined && !o.data?.["image/svg+xml"],
  ).length;
  console.log(
    `test: ${nb} ran in ${seconds} s: ${code.length} code cells, ${charts} charts, ${tables} tables`,
  );
}
rmSync(out, { recursive: true, force: true });
if (failed > 0) {
  console.error(`test: ${failed} of ${notebooks.length} notebooks failed`);
  process.exit(1);
}
console.log(`test: all ${notebooks.length} notebooks ran`);
