/**
 * Live capture: run a Go program with GODEBUG set, pass its stdout through, and parse its stderr (where
 * the runtime writes every trace, docs/formats.md §0.5) as it arrives.
 *
 *   const run = capture({ command: "./server", godebug: "gctrace=1,schedtrace=1000" });
 *   run.snapshot();                    // the trace so far (complete lines received until now)
 *   const { exitCode, trace } = await run.stop();   // SIGINT, then SIGTERM after a grace period
 *
 * The program's own output on stderr ends up as `other` lines of the trace, like in any captured log.
 *
 * Memory: capture keeps the parsed rows (src/trace/feed.ts) and the last STDERR_TAIL_CHARS characters of stderr
 * (`stderrTail`, e.g. to show a panic), never the whole text. The raw text goes to `stderrFile` if asked: written
 * to a temporary file beside it that is renamed into place once the program has started, so a program that
 * cannot start leaves an existing file as it was.
 *
 * Lifetime: the program runs in its own process group. When it exits, capture waits at most STDERR_DRAIN_MS
 * (or graceMs, if shorter, but at least STDERR_DRAIN_FLOOR_MS) for its stderr to close: a descendant still holding the pipe (a daemon, or a child
 * that called setsid and so escaped the group) does not keep `done` or `stop()` waiting; the group is killed
 * and capture stops reading.
 */
import { spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { StringDecoder } from "node:string_decoder";
import { describeSpawnError, moveIntoPlace, openTemporary, removeQuietly } from "./captureFile";
import { formatGodebug, type GodebugSettings } from "./godebugSettings";
import { TraceFeed } from "./trace/feed";
import type { Trace } from "./trace/trace";

export { formatGodebug, type GodebugSettings } from "./godebugSettings";

export interface CaptureOptions {
  /** The program to run (looked up on PATH like a shell would). */
  readonly command: string;
  readonly args?: readonly string[];
  /** GODEBUG settings, `"gctrace=1,schedtrace=1000"` or `{ gctrace: 1, schedtrace: 1000 }`. */
  readonly godebug: GodebugSettings;
  /** Variables set over this process's environment (`undefined` removes one). A GODEBUG here comes first. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Called with each complete stderr line (without its newline) as it arrives; 1-based line numbers. */
  readonly onLine?: (line: string, lineNo: number) => void;
  /** Where the program's stdout goes: default `process.stdout`; `null` discards it. Never ended by capture. */
  readonly stdout?: Writable | null;
  /**
   * Also write the raw stderr, byte for byte, to this file: to a temporary file in the same folder, renamed to
   * this name once the program has started (an existing file is replaced only then). capture() throws at once
   * if the folder is not writable.
   */
  readonly stderrFile?: string;
  /** How long stop() waits after SIGINT before SIGTERM (and after SIGTERM before SIGKILL). Default 2000 ms. */
  readonly graceMs?: number;
}

export interface CaptureResult {
  /** The program's exit status, or null when a signal ended it. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Whether stop() was called (so an exit by SIGINT is expected, not a crash). */
  readonly stopped: boolean;
  /** Every stderr line, parsed. */
  readonly trace: Trace;
  /** The end of the program's stderr: its last STDERR_TAIL_CHARS characters at most. */
  readonly stderrTail: string;
}

export interface CaptureHandle {
  readonly pid: number | undefined;
  /** Settles when the program has exited and all of its stderr is parsed (and written to stderrFile). */
  readonly done: Promise<CaptureResult>;
  /** Asks the program to stop: SIGINT, then SIGTERM and SIGKILL if it is still running after graceMs each. */
  stop(): Promise<CaptureResult>;
  /**
   * The trace of the complete stderr lines received so far: a copy of the rows parsed so far (the text is not
   * kept), so its cost grows with the rows; call it every second or so, not per line.
   */
  snapshot(): Trace;
  /** Complete stderr lines received so far. */
  readonly lines: number;
}

/** How much of the end of stderr capture keeps as text (`stderrTail`). */
export const STDERR_TAIL_CHARS = 64 * 1024;

/**
 * The longest capture waits for stderr to close after the program exited (graceMs if that is shorter, but never
 * less than STDERR_DRAIN_FLOOR_MS).
 */
export const STDERR_DRAIN_MS = 1000;
export const STDERR_DRAIN_FLOOR_MS = 100;

export function capture(options: CaptureOptions): CaptureHandle {
  const { command, args = [], cwd, onLine, stderrFile, graceMs = 2000 } = options;
  const godebug = formatGodebug(options.godebug);
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  // The runtime applies GODEBUG entries in order, so ours come last and win over an inherited setting.
  env.GODEBUG = env.GODEBUG ? `${env.GODEBUG},${godebug}` : godebug;
  const stdout = options.stdout === undefined ? process.stdout : options.stdout;
  const source = [command, ...args].join(" ");
  const out = stderrFile === undefined ? undefined : openTemporary(stderrFile);

  // A process group of its own (POSIX), so stop() reaches the program even behind `go run`, which
  // ignores SIGINT and leaves it to the terminal to signal its child.
  const group = process.platform !== "win32";
  const child = spawn(command, [...args], {
    cwd,
    env,
    stdio: ["ignore", stdout ? "pipe" : "ignore", "pipe"],
    detached: group,
  });
  let exited = false;
  let stopped = false;
  const signal = (sig: NodeJS.Signals, evenAfterExit = false) => {
    if ((exited && !evenAfterExit) || child.pid === undefined) return;
    try {
      if (group) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      // ESRCH: the program (and its group) exited between our check and the signal.
    }
  };
  // Never leave the program running when this process exits.
  const killOnExit = () => signal("SIGKILL");
  process.on("exit", killOnExit);

  if (stdout && child.stdout) child.stdout.pipe(stdout, { end: false });

  const file: WriteStream | undefined = out ? createWriteStream("", { fd: out.fd }) : undefined;
  const fileDone = file ? finished(file) : Promise.resolve();
  let callbackError: unknown;
  let parseError: unknown;
  const feed = new TraceFeed({
    file: source,
    onLine: onLine
      ? (line, lineNo) => {
          if (callbackError !== undefined) return;
          try {
            onLine(line, lineNo);
          } catch (err) {
            // A throwing callback is a bug in the caller: stop the program and reject `done` with it.
            callbackError = err;
            stopNow();
          }
        }
      : undefined,
  });
  // The feed cuts and parses stderr's bytes as loadTrace does (parse/lines.ts); only the tail is decoded here.
  const decoder = new StringDecoder("utf8");
  let tail = "";
  const keepTail = (text: string) => {
    tail =
      tail.length + text.length <= STDERR_TAIL_CHARS ? tail + text : (tail + text).slice(-STDERR_TAIL_CHARS);
  };
  const take = (chunk: Buffer) => {
    keepTail(decoder.write(chunk));
    if (parseError !== undefined) return;
    try {
      feed.push(chunk);
    } catch (err) {
      // Input the parser refuses (binary data): the file still gets every byte; `done` rejects with the reason.
      parseError = err;
    }
  };
  let inputEnded = false;
  const endInput = () => {
    if (inputEnded) return;
    inputEnded = true;
    keepTail(decoder.end());
    file?.end();
  };

  const stderr = child.stderr;
  if (!stderr) throw new Error("capture: spawn gave no stderr pipe"); // stdio[2] is "pipe": cannot happen
  stderr.on("data", (chunk: Buffer) => {
    file?.write(chunk);
    take(chunk);
  });
  stderr.on("end", endInput);
  stderr.on("error", endInput);

  child.once("spawn", () => {
    // The program runs: only now does the trace file take the place of an existing one.
    if (out) out.started = moveIntoPlace(out, stderrFile as string);
  });
  let drainTimer: NodeJS.Timeout | undefined;
  const closed = new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.once("error", (err) => {
        exited = true;
        endInput();
        if (out && !out.started) removeQuietly(out.path);
        reject(new Error(`capture: cannot run ${command}: ${describeSpawnError(err)}`));
      });
      child.once("exit", (exitCode, sig) => {
        exited = true;
        // Whatever is still in the pipe arrives within milliseconds; a descendant that keeps stderr open
        // (same group, or escaped with setsid) must not hold us: kill the group, stop reading, and go on.
        drainTimer = setTimeout(
          () => {
            signal("SIGKILL", true);
            stderr.destroy();
            child.stdout?.unpipe();
            child.stdout?.destroy();
            endInput();
            resolve({ exitCode, signal: sig });
          },
          // at least STDERR_DRAIN_FLOOR_MS even with graceMs 0: the last lines may still be in the pipe
          Math.min(Math.max(graceMs, STDERR_DRAIN_FLOOR_MS), STDERR_DRAIN_MS),
        );
      });
      child.once("close", (exitCode, sig) => {
        exited = true;
        clearTimeout(drainTimer);
        endInput();
        resolve({ exitCode, signal: sig });
      });
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const done = (async (): Promise<CaptureResult> => {
    try {
      const [status] = await Promise.all([closed, fileDone]);
      if (callbackError !== undefined) throw callbackError;
      if (parseError !== undefined) throw parseError;
      if (out && !out.started) {
        throw new Error(
          `capture: cannot write ${stderrFile}: rename failed; the raw stderr is in ${out.path}`,
        );
      }
      return { ...status, stopped, trace: feed.end(), stderrTail: tail };
    } finally {
      clearTimeout(timer);
      clearTimeout(drainTimer);
      process.off("exit", killOnExit);
    }
  })();
  // Whoever awaits `done` sees its error; keep the promise from reporting it unhandled.
  done.catch(() => {});

  function stopNow(): void {
    if (stopped || exited) return;
    stopped = true;
    signal("SIGINT");
    timer = setTimeout(() => {
      signal("SIGTERM");
      timer = setTimeout(() => signal("SIGKILL"), graceMs);
    }, graceMs);
  }

  return {
    pid: child.pid,
    done,
    stop() {
      stopNow();
      return done;
    },
    snapshot() {
      return feed.snapshot();
    },
    get lines() {
      return feed.lines;
    },
  };
}
