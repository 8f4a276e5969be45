/**
 * What every CLI command shares: the Command shape the command table (commands.ts) lists, the I/O it
 * writes to (so tests run commands in-process), UsageError for mistakes a user can make, and argument
 * parsing that turns node:util's errors into one-line UsageErrors.
 */

import type { Readable, Writable } from "node:stream";
import { type ParseArgsConfig, parseArgs } from "node:util";

export interface CliIO {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Runs `handler` on Ctrl-C (SIGINT) until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
}

export interface Command {
  /** The word after `godebug-lab`. */
  readonly name: string;
  /** One line: `summary <file|-> [--json]`. */
  readonly usage: string;
  /** One line: what the command does. */
  readonly description: string;
  /** The options, one per line, for --help. */
  readonly options: string;
  /** Runs the command with the arguments after its name; resolves to the exit status. */
  run(args: readonly string[], io: CliIO): Promise<number>;
}

/** A mistake on the command line or in the input a user named: printed as one line, exit status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

type Options = NonNullable<ParseArgsConfig["options"]>;
/** What parseCommandArgs returns: `values` typed from the options, and `positionals`. */
export type ParsedArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>;

/**
 * Parses `args` strictly against `options` (plus -h/--help) and checks the number of positionals.
 * Returns null when help was asked for (the caller prints its usage).
 */
export function parseCommandArgs<O extends Options>(
  command: Command,
  args: readonly string[],
  options: O,
  positionals: { readonly min: number; readonly max: number; readonly names: string },
): ParsedArgs<O> | null {
  let parsed: ParsedArgs<O>;
  try {
    parsed = parseArgs({
      args: attachNegativeValues(args, options),
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    }) as typeof parsed;
  } catch (err) {
    // node:util's messages are long ("... To specify a positional argument starting with a '-' ..."):
    // keep their first sentence.
    const message = err instanceof Error ? err.message.split(/\. (?=[A-Z])/)[0] : String(err);
    throw new UsageError(`${message.replace(/\.$/, "")}\nusage: godebug-lab ${command.usage}`);
  }
  if ((parsed.values as { help?: boolean }).help) return null;
  const n = parsed.positionals.length;
  if (n < positionals.min || n > positionals.max) {
    const what =
      n < positionals.min
        ? `missing ${positionals.names}`
        : `unexpected argument '${parsed.positionals[positionals.max]}'`;
    throw new UsageError(`${what}\nusage: godebug-lab ${command.usage}`);
  }
  return parsed;
}

/**
 * `--gogc -5` as `--gogc=-5`: node:util refuses an option value that starts with a dash ("argument is
 * ambiguous", three lines), so a negative number after a string option is attached to it, and the command's own
 * check of the value says in one line what it expects. Arguments after `--` are left alone.
 */
function attachNegativeValues(args: readonly string[], options: Options): string[] {
  const takesValue = new Set<string>();
  for (const [long, o] of Object.entries(options)) {
    if (o.type !== "string") continue;
    takesValue.add(`--${long}`);
    if (o.short !== undefined) takesValue.add(`-${o.short}`);
  }
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") return out.concat(args.slice(i));
    const next = args[i + 1];
    if (takesValue.has(a) && next !== undefined && /^-\d|^-\.\d/.test(next)) {
      out.push(a.startsWith("--") ? `${a}=${next}` : `${a}${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** Writes the command's usage and description (for --help). */
export function printHelp(command: Command, io: CliIO): number {
  io.stdout.write(`usage: godebug-lab ${command.usage}\n\n${command.description}\n\n${command.options}\n`);
  return 0;
}
