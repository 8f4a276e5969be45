// What `npm start` and `npm test` share: finding Jupyter, registering the tslab kernel, the environment
// the kernel runs in. Made by `godebug-lab init`; yours to change.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const BIN = join(ROOT, "node_modules", ".bin");

/** This process's environment with node_modules/.bin first on PATH: Jupyter starts the kernel as `tslab`. */
export function kernelEnv() {
  return { ...process.env, PATH: `${BIN}:${process.env.PATH ?? ""}` };
}

const INSTALL_JUPYTER = [
  "  Debian or Ubuntu: sudo apt-get install jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient",
  "  elsewhere:        pip install notebook nbconvert nbclient",
].join("\n");

/** Exits with a message saying what to install unless `npm install` ran and Jupyter (with `need`) is there. */
export function checkSetup(who, need) {
  if (!existsSync(join(ROOT, "node_modules", "godebug-lab")) || !existsSync(join(BIN, "tslab"))) {
    console.error(`${who}: the npm packages are not installed: run npm install in ${ROOT} first`);
    process.exit(1);
  }
  const missing = need.filter(
    (sub) => spawnSync("jupyter", [sub, "--version"], { encoding: "utf8", env: kernelEnv() }).status !== 0,
  );
  const list = spawnSync("jupyter", ["kernelspec", "list", "--json"], { encoding: "utf8", env: kernelEnv() });
  if (list.status !== 0) missing.unshift("kernelspec");
  if (missing.length > 0) {
    const what = missing.includes("kernelspec")
      ? "Jupyter is not installed"
      : `Jupyter has no ${missing.map((m) => `\`jupyter ${m}\``).join(" or ")}`;
    console.error(`${who}: ${what}. Install it:\n${INSTALL_JUPYTER}`);
    process.exit(1);
  }
  return JSON.parse(list.stdout).kernelspecs;
}

/** The Python that has Jupyter's modules (Debian keeps them under /usr/bin/python3, not pyenv's or a venv's). */
function jupyterPython() {
  for (const python of ["/usr/bin/python3", "python3"]) {
    if (spawnSync(python, ["-c", "import jupyter_client"], { encoding: "utf8" }).status === 0) return python;
  }
  return "python3";
}

/** Registers the tslab kernel with Jupyter when it is not registered yet. */
export function ensureKernel(who, kernelspecs) {
  if ("tslab" in kernelspecs) return;
  console.log(`${who}: registering the tslab TypeScript kernel with Jupyter`);
  const r = spawnSync(join(BIN, "tslab"), ["install", `--python=${jupyterPython()}`], {
    stdio: "inherit",
    env: kernelEnv(),
  });
  if (r.status !== 0) {
    console.error(`${who}: tslab install failed; run it by hand: npx tslab install --python=python3`);
    process.exit(1);
  }
}
