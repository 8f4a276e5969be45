/**
 * `godebug-lab capture --godebug <settings> -o <trace.log> [--echo] [--grace <ms>] -- <program> [args...]`:
 * runs a program with GODEBUG set, passes its stdout through, writes its raw stderr to the trace file,
 * and prints the trace's summary when the program ends (or on Ctrl-C, which stops it cleanly).
 */
import { Writable } from "node:stream";
import { capture, formatGodebug } from "../capture";
import { summarizeTrace } from "../report/summary";
import { formatSummary } from "../report/summaryFormat";
import { CaptureStatus } from "./captureStatus";
import type { Command } from "./command";
import { parseCommandArgs, printHelp, UsageError } from "./command";

/** Exit statuses of the runtime's signals, as a shell reports them (128 + signal number). */
const SIGNAL_NUMBERS: Readonly<Record<string, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGTERM: 15,
};

const CAPTURE_OPTIONS = {
  godebug: { type: "string" },
  output: { type: "string", short: "o" },
  echo: { type: "boolean" },
  grace: { type: "string" },
} as const;

/**
 * `capture ... ./prog -d` without `--`: the program's own flag reads as an unknown option of capture. When the
 * unknown option comes after the program, the error says to put `--` before the program, with the command
 * line that does.
 */
function dashDashHint(err: unknown, args: readonly string[]): unknown {
  const unknown = err instanceof UsageError ? /^Unknown option '([^']+)'/.exec(err.message)?.[1] : undefined;
  if (unknown === undefined || args.includes("--")) return err;
  const takesValue = new Set(["--godebug", "-o", "--output", "--grace"]);
  let program = -1;
  for (let i = 0; i < args.length && program < 0; i++) {
    if (!args[i].startsWith("-")) program = i;
    else if (takesValue.has(args[i])) i++;
  }
  if (program < 0 || args.indexOf(unknown, program) < 0) return err;
  const fixed = [...args.slice(0, program), "--", ...args.slice(program)].join(" ");
  return new UsageError(
    `${unknown} is the program's flag, not capture's: put -- before the program: godebug-lab capture ${fixed}`,
  );
}

/** `out`, calling `before` ahead of each write (the program's stdout clears the status line first). */
function clearingFirst(out: Writable, before: () => void): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      before();
      if (out.write(chunk)) done();
      else out.once("drain", () => done());
    },
  });
}

/** How often the live status line is redrawn. */
const STATUS_MS = 250;

export const captureCommand: Command = {
  name: "capture",
  usage: "capture --godebug <settings> -o <trace.log> [--echo] [--grace <ms>] -- <program> [args...]",
  description:
    "Runs a program with GODEBUG set, passes its stdout through and writes its stderr (the trace) to a file; " +
    "prints the trace's summary on stderr when the program ends. Ctrl-C stops the program (SIGINT, then SIGTERM).",
  options: [
    "  --godebug <settings>  GODEBUG value, e.g. gctrace=1,schedtrace=1000",
    "  -o, --output <file>   where to write the program's raw stderr (an existing file is replaced once the program has started)",
    "  --echo                also copy the program's stderr to this terminal as it arrives",
    "  --grace <ms>          how long to wait after SIGINT before SIGTERM (default 2000)",
    "  The exit status is the program's, or 0 when Ctrl-C stopped it.",
  ].join("\n"),
  async run(args, io) {
    let parsed: ReturnType<typeof parseCommandArgs<typeof CAPTURE_OPTIONS>>;
    try {
      parsed = parseCommandArgs(captureCommand, args, CAPTURE_OPTIONS, {
        min: 1,
        max: Number.POSITIVE_INFINITY,
        names: "the program to run (after --)",
      });
    } catch (err) {
      throw dashDashHint(err, args);
    }
    if (!parsed) return printHelp(captureCommand, io);
    const { values, positionals } = parsed;
    const usage = `\nusage: godebug-lab ${captureCommand.usage}`;
    if (values.godebug === undefined) throw new UsageError(`--godebug is required${usage}`);
    if (values.output === undefined)
      throw new UsageError(`-o <file> is required: where to write the trace${usage}`);
    let godebug: string;
    try {
      godebug = formatGodebug(values.godebug);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const graceMs = values.grace === undefined ? 2000 : Number(values.grace);
    if (!Number.isInteger(graceMs) || graceMs < 0) {
      throw new UsageError(`--grace must be a whole number of milliseconds, got '${values.grace}'`);
    }
    const [command, ...programArgs] = positionals;
    // On a terminal, a live status line (rewritten in place, cleared before anything else is written).
    const status = (io.stderr as { isTTY?: boolean }).isTTY ? new CaptureStatus(Date.now()) : undefined;
    const CLEAR = "\r\x1b[K";
    const echo = values.echo
      ? (line: string) => io.stderr.write(`${status ? CLEAR : ""}${line}\n`)
      : undefined;
    // capture() fails at once if the trace's folder is not writable, and replaces -o only once the program has
    // started: a program that cannot start leaves an existing file as it was.
    const withoutPrefix = (err: unknown) => (err as Error).message.replace(/^capture: /, "");
    let run: ReturnType<typeof capture>;
    try {
      run = capture({
        command,
        args: programArgs,
        godebug,
        stdout: status ? clearingFirst(io.stdout, () => io.stderr.write(CLEAR)) : io.stdout,
        stderrFile: values.output,
        graceMs,
        onLine:
          status || echo
            ? (line) => {
                status?.observe(line);
                echo?.(line);
              }
            : undefined,
      });
    } catch (err) {
      throw new UsageError(withoutPrefix(err));
    }
    const timer =
      status && setInterval(() => io.stderr.write(`${CLEAR}${status.text(Date.now())}`), STATUS_MS);
    const release = io.onInterrupt(() => void run.stop());
    let result: Awaited<typeof run.done>;
    try {
      result = await run.done;
    } catch (err) {
      const started = run.pid !== undefined;
      throw new UsageError(`${withoutPrefix(err)}${started ? "" : ` (${values.output} not written)`}`);
    } finally {
      release();
      if (timer) {
        clearInterval(timer);
        io.stderr.write(CLEAR);
      }
    }
    // Named after the file written (byte for byte the program's stderr), so `file:line` of a malformed or damaged
    // line points into it; the library's trace is named after the command.
    const summary = formatSummary({ ...summarizeTrace(result.trace), source: values.output });
    io.stderr.write(`godebug-lab: wrote ${values.output}\n${summary}`);
    if (result.stopped) return 0;
    if (result.exitCode !== null) return result.exitCode;
    return 128 + (SIGNAL_NUMBERS[result.signal ?? ""] ?? 0);
  },
};
