/**
 * The `godebug-lab` binary runs its command in a child Node process and watches it, because V8 ends a process
 * whose heap is full by aborting it (SIGABRT, after "FATAL ERROR: ... JavaScript heap out of memory" on
 * stderr): no JavaScript runs, so only a parent can turn that into exit status 1 and a hint (failure.ts).
 * The child shares stdin, stdout and stderr (terminal detection works as without the parent) and gets this
 * process's Node flags (`node --max-old-space-size=… godebug-lab …`) and environment.
 *
 * Signals: SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to the parent are passed on to the child, and the parent
 * waits for the child to finish its own clean stop (capture stops its program). Ctrl-C on a terminal reaches
 * the child twice (the terminal signals the whole foreground process group, and the parent passes it on):
 * harmless, since a second stop request changes nothing. A child ended by a signal ends the parent with the
 * same signal, so a shell sees the same status.
 */
import { spawn } from "node:child_process";
import { outOfMemoryMessage } from "./failure";

const FORWARDED: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];

/** Set in the child's environment: the child runs the command itself. */
export const SUPERVISED_ENV = "GODEBUG_LAB_SUPERVISED";

/**
 * Whether this process runs the command itself: it is the supervised child, supervision is turned off
 * (GODEBUG_LAB_SUPERVISED set to anything), or Node runs under the inspector (`node --inspect …`), where the
 * debugger should see the command, not a parent waiting for it.
 */
export function isSupervised(): boolean {
  return process.env[SUPERVISED_ENV] !== undefined || process.execArgv.some((a) => a.startsWith("--inspect"));
}

/** Runs `script argv…` in a child Node process and exits as it does (see the module comment). */
export function runSupervised(script: string, argv: readonly string[]): void {
  const child = spawn(process.execPath, [...process.execArgv, script, ...argv], {
    stdio: "inherit",
    env: { ...process.env, [SUPERVISED_ENV]: "1" },
  });
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  for (const sig of FORWARDED) process.on(sig, forward);
  child.on("error", (err) => {
    process.stderr.write(`godebug-lab: cannot start ${process.execPath}: ${err.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    if (code !== null) process.exit(code);
    const command = argv[0] ?? "";
    if (signal === "SIGABRT") {
      // V8's fatal heap-out-of-memory error aborts after ~30 lines of its own on stderr (the last GCs, "FATAL
      // ERROR", a native stack) that no flag turns off: ours come last, set apart by a blank line.
      process.stderr.write(
        `\n${outOfMemoryMessage(command, "the JavaScript heap is full; V8 aborted the process, its report is above")}`,
      );
      process.exit(1);
    }
    if (signal === "SIGKILL") {
      process.stderr.write(
        outOfMemoryMessage(command, "killed by SIGKILL, as the system's out-of-memory killer does"),
      );
      process.exit(1);
    }
    for (const sig of FORWARDED) process.off(sig, forward);
    process.kill(process.pid, signal ?? "SIGTERM");
  });
}
