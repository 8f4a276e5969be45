#!/usr/bin/env node
/**
 * The `godebug-lab` command. main() picks the command from the table (commands.ts) and maps errors to
 * exit statuses: a UsageError (bad flag, unknown kind, missing file, damaged input on stdin...) is one line on
 * stderr and status 2; running out of memory is status 1 with a hint (failure.ts; supervise.ts catches the
 * heap limit, which aborts the process); anything else is a bug, reported in one line with status 1
 * (GODEBUG_LAB_STACK=1 shows the stack). This is the only file that calls process.exit (besides the supervisor).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { safeLines, safeText } from "../safeText";
import type { CliIO, Command } from "./command";
import { printHelp, UsageError } from "./command";
import { COMMANDS } from "./commands";
import { isOutOfMemory, outOfMemoryMessage } from "./failure";
import { isSupervised, runSupervised } from "./supervise";

/** The package's version, from its package.json (two folders up from src/cli/ and from dist/cli/). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

function usage(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "usage: godebug-lab <command> [options]",
    "",
    "Turns Go GODEBUG traces (gctrace, gcpacertrace, scavtrace, schedtrace, scheddetail, inittrace) into tables.",
    "",
    "commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.description.split(/(?<=\.) /)[0]}`),
    "",
    "Run `godebug-lab help <command>` (or `godebug-lab <command> --help`) for a command's options;",
    "`godebug-lab --version` prints the version.",
    "",
  ].join("\n");
}

export async function main(argv: readonly string[], io: CliIO, commands = COMMANDS): Promise<number> {
  const [name, ...args] = argv;
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout.write(`godebug-lab ${packageVersion()}\n`);
    return 0;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    // `help <command>` is that command's help, as `<command> --help` is.
    const topic = name === "help" ? args[0] : undefined;
    if (topic === undefined) {
      io.stdout.write(usage(commands));
      return 0;
    }
    const command = commands.find((c) => c.name === topic);
    if (command) return printHelp(command, io);
    io.stderr.write(`godebug-lab help: unknown command '${topic}'\n${usage(commands)}`);
    return 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const what = name === undefined ? "missing command" : `unknown command '${safeText(name)}'`;
    io.stderr.write(`godebug-lab: ${what}\n${usage(commands)}`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      // The message can quote a file name or input: no terminal escape sequences from it.
      io.stderr.write(`godebug-lab ${command.name}: ${safeLines(err.message)}\n`);
      return 2;
    }
    if (isOutOfMemory(err)) {
      io.stderr.write(outOfMemoryMessage(command.name, (err as Error).message));
      return 1;
    }
    const detail = process.env.GODEBUG_LAB_STACK && err instanceof Error ? `\n${err.stack}` : "";
    io.stderr.write(
      `godebug-lab ${command.name}: internal error: ${safeText(err instanceof Error ? err.message : String(err))}${detail}\n` +
        "(this is a bug in godebug-lab; GODEBUG_LAB_STACK=1 shows where)\n",
    );
    return 1;
  }
}

function processIO(): CliIO {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    onInterrupt(handler) {
      process.on("SIGINT", handler);
      return () => process.off("SIGINT", handler);
    },
  };
}

if (require.main === module && !isSupervised()) {
  runSupervised(__filename, process.argv.slice(2));
} else if (require.main === module) {
  // A closed pipe (`godebug-lab export ... | head`) is not an error: stop quietly.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
  main(process.argv.slice(2), processIO()).then((code) => {
    // Let buffered output reach a pipe before exiting.
    if (process.stdout.writableNeedDrain) process.stdout.once("drain", () => process.exit(code));
    else process.exit(code);
  });
}
