/**
 * Live capture: run a Go program with GODEBUG set, pass its stdout through, and parse its stderr (where
 * the runtime writes every trace, docs/formats.md §0.5) as it arrives.
 *
 *   const run = capture({ command: "./server", godebug: "gctrace=1,schedtrace=1000" });
 *   run.snapshot();                    // the trace so far (complete lines received until now)
 *   const { exitCode, trace } = await run.stop();   // SIGINT, then SIGTERM after a grace period
 *
 * The program's own output on stderr ends up as `other` lines of the trace, like in any captured log.
 */
import { spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { PassThrough, type Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { StringDecoder } from "node:string_decoder";
import { parseTrace, parseTraceStream, type Trace } from "./parse/trace";

export type GodebugSettings = string | Readonly<Record<string, string | number | boolean>>;

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
  /** Also write the raw stderr, byte for byte, to this file. */
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
}

export interface CaptureHandle {
  readonly pid: number | undefined;
  /** Settles when the program has exited and all of its stderr is parsed (and written to stderrFile). */
  readonly done: Promise<CaptureResult>;
  /** Asks the program to stop: SIGINT, then SIGTERM and SIGKILL if it is still running after graceMs each. */
  stop(): Promise<CaptureResult>;
  /**
   * The trace of the complete stderr lines received so far. Each call parses the text again (capture keeps
   * the stderr text in memory for this), so call it every second or so, not per line.
   */
  snapshot(): Trace;
  /** Complete stderr lines received so far. */
  readonly lines: number;
}

const NEWLINE = 10;

/** GODEBUG's value from settings; throws for an empty or badly formed setting (a programmer mistake). */
export function formatGodebug(godebug: GodebugSettings): string {
  const entries =
    typeof godebug === "string"
      ? godebug.split(",").map((s) => s.trim())
      : Object.entries(godebug).map(([k, v]) => `${k}=${typeof v === "boolean" ? (v ? 1 : 0) : v}`);
  // runtime/runtime1.go parsedebugvars: comma-separated name=value pairs.
  const bad = entries.find((e) => !/^[A-Za-z0-9_.]+=[^\s,=]+$/.test(e));
  if (entries.length === 0 || bad !== undefined) {
    throw new Error(
      `invalid GODEBUG setting ${JSON.stringify(bad ?? "")}: expected name=value[,name=value...]`,
    );
  }
  return entries.join(",");
}

export function capture(options: CaptureOptions): CaptureHandle {
  const { command, args = [], cwd, onLine, stderrFile, graceMs = 2000 } = options;
  const godebug = formatGodebug(options.godebug);
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  // The runtime applies GODEBUG entries in order, so ours come last and win over an inherited setting.
  env.GODEBUG = env.GODEBUG ? `${env.GODEBUG},${godebug}` : godebug;
  const stdout = options.stdout === undefined ? process.stdout : options.stdout;
  const source = [command, ...args].join(" ");

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
  const signal = (sig: NodeJS.Signals) => {
    if (exited || child.pid === undefined) return;
    try {
      if (group) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      // ESRCH: the program exited between our check and the signal.
    }
  };
  // Never leave the program running when this process exits.
  const killOnExit = () => signal("SIGKILL");
  process.on("exit", killOnExit);

  if (stdout && child.stdout) child.stdout.pipe(stdout, { end: false });

  const feed = new PassThrough();
  const parsed = parseTraceStream(feed, { file: source });
  const file: WriteStream | undefined = stderrFile ? createWriteStream(stderrFile) : undefined;
  const fileDone = file ? finished(file) : Promise.resolve();
  let callbackError: unknown;
  let inputEnded = false;
  const endInput = () => {
    if (inputEnded) return;
    inputEnded = true;
    feed.end();
    file?.end();
  };

  // Complete lines so far (for snapshot and onLine); `tail` is an unfinished last line.
  const decoder = new StringDecoder("utf8");
  let received: string[] = [];
  let tail = "";
  let lines = 0;
  const emitLines = (text: string) => {
    let from = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", from)) {
      lines++;
      if (onLine && callbackError === undefined) {
        const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        try {
          onLine(text.slice(from, end), lines);
        } catch (err) {
          // A throwing callback is a bug in the caller: stop the program and reject `done` with it.
          callbackError = err;
          stopNow();
        }
      }
      from = nl + 1;
    }
  };
  const stderr = child.stderr;
  if (!stderr) throw new Error("capture: spawn gave no stderr pipe"); // stdio[2] is "pipe": cannot happen
  stderr.on("data", (chunk: Buffer) => {
    if (!feed.write(chunk)) {
      stderr.pause();
      feed.once("drain", () => stderr.resume());
    }
    file?.write(chunk);
    if (chunk.lastIndexOf(NEWLINE) < 0) {
      tail += decoder.write(chunk);
      return;
    }
    const text = tail + decoder.write(chunk);
    const cut = text.lastIndexOf("\n") + 1;
    tail = text.slice(cut);
    received.push(text.slice(0, cut));
    emitLines(text.slice(0, cut));
  });
  stderr.on("end", () => {
    tail += decoder.end();
    if (tail !== "") {
      received.push(tail);
      emitLines(`${tail}\n`);
      tail = "";
    }
    endInput();
  });

  const closed = new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.once("error", (err) => {
        exited = true;
        endInput();
        reject(new Error(`capture: cannot run ${command}: ${err.message}`));
      });
      child.once("close", (exitCode, sig) => {
        exited = true;
        resolve({ exitCode, signal: sig });
      });
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const done = (async (): Promise<CaptureResult> => {
    try {
      const [status, trace] = await Promise.all([closed, parsed, fileDone]);
      if (callbackError !== undefined) throw callbackError;
      return { ...status, stopped, trace };
    } finally {
      clearTimeout(timer);
      process.off("exit", killOnExit);
    }
  })();
  // Whoever awaits `done` sees its error; keep the other promises from reporting it twice.
  parsed.catch(() => {});
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
      const text = received.join("");
      received = [text];
      return parseTrace(text, { file: source });
    },
    get lines() {
      return lines;
    },
  };
}
