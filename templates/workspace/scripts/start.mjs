// `npm start`: register the tslab kernel with Jupyter if needed, then open Jupyter Notebook on this folder,
// listening on 127.0.0.1 only. Extra arguments go to Jupyter: npm start -- --port 8890
import { spawn } from "node:child_process";
import { checkSetup, ensureKernel, kernelEnv, ROOT } from "./jupyter.mjs";

ensureKernel("start", checkSetup("start", ["notebook"]));
const args = ["notebook", `--notebook-dir=${ROOT}`, "--ip=127.0.0.1"];
// Jupyter refuses to run as root unless told to (containers and fresh VMs often run as root).
if (process.getuid?.() === 0) args.push("--allow-root");
// Without a display there is no browser to open: Jupyter prints the URL (with its token) instead.
if (process.platform === "linux" && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
  args.push("--no-browser");
args.push(...process.argv.slice(2));
console.log(`start: jupyter ${args.join(" ")} (stop it with Ctrl-C)`);
const jupyter = spawn("jupyter", args, { stdio: "inherit", env: kernelEnv() });
// Ctrl-C reaches Jupyter too (same terminal); wait for it to shut down rather than leave it behind.
process.on("SIGINT", () => {});
jupyter.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
