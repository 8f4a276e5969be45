/** Opening the trace a command names: a file (plain or gzip) or `-` for stdin. */
import { statSync } from "node:fs";
import { loadTrace, type ParseOptions, parseTraceStream } from "../trace/doors";
import type { Trace } from "../trace/trace";
import type { CliIO } from "./command";
import { UsageError } from "./command";
import type { Progress } from "./progress";

/** What a command may ask of the parse: e.g. `detailRows: false` when it needs no P/M/G rows. */
export type ReadOptions = Pick<ParseOptions, "detailRows">;

/**
 * Parses the trace at `path` (`-` = stdin). A missing, unreadable or non-trace input is a UsageError
 * naming the file and the reason; lines that do not parse are the trace's `malformed`, not errors.
 */
export async function readTrace(
  path: string,
  io: CliIO,
  opts: ReadOptions = {},
  progress?: Progress,
): Promise<Trace> {
  progress?.stage(`reading ${path === "-" ? "stdin" : path}`);
  if (path === "-") {
    const source = "<stdin>";
    const input = progress ? counted(io.stdin, progress) : io.stdin;
    return parseTraceStream(input, { ...opts, file: source }).catch((err) => {
      throw asInputError(err, source);
    });
  }
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${describeFsError(err)}`);
  }
  if (!isFile) throw new UsageError(`cannot read ${path}: not a file`);
  const onProgress = progress && ((read: number, total: number) => progress.bytes(read, total));
  return loadTrace(path, { ...opts, onProgress }).catch((err) => {
    throw asInputError(err, path);
  });
}

/**
 * A UsageError for what the parser reports as the user's input problem — an Error (not a TypeError or
 * RangeError) whose message starts with the source's name (src/trace/doors.ts: unreadable file, binary input,
 * corrupt gzip) — and `err` itself for anything else: a bug, or running out of memory (main.ts says which).
 */
export function asInputError(err: unknown, source: string): unknown {
  const input = err instanceof Error && err.constructor === Error && err.message.startsWith(`${source}: `);
  return input ? new UsageError(err.message) : err;
}

/** The chunks of `input`, telling `progress` how many bytes have gone by. */
async function* counted(
  input: AsyncIterable<string | Uint8Array>,
  progress: Progress | undefined,
): AsyncGenerator<string | Uint8Array> {
  let read = 0;
  for await (const chunk of input) {
    read += chunk.length;
    progress?.bytes(read);
    yield chunk;
  }
  progress?.bytes(read, read); // the end: now the total is known
}

/** "no such file or directory" rather than "ENOENT: no such file or directory, stat 'x'". */
export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === "ENOENT") return "no such file or directory";
  if (e?.code === "EACCES" || e?.code === "EPERM") return "permission denied";
  if (e?.code === "EISDIR") return "is a directory";
  return e instanceof Error ? e.message : String(err);
}
