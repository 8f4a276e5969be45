/** Opening the trace a command names: a file (plain or gzip) or `-` for stdin. */
import { statSync } from "node:fs";
import { loadTrace, parseTraceStream, type Trace } from "../parse/trace";
import type { CliIO } from "./command";
import { UsageError } from "./command";
import type { Progress } from "./progress";

/**
 * Parses the trace at `path` (`-` = stdin). A missing, unreadable or non-trace input is a UsageError
 * naming the file and the reason; lines that do not parse are the trace's `malformed`, not errors.
 */
export async function readTrace(path: string, io: CliIO, progress?: Progress): Promise<Trace> {
  progress?.stage(`reading ${path === "-" ? "stdin" : path}`);
  if (path === "-")
    return parseTraceStream(progress ? counted(io.stdin, progress) : io.stdin, { file: "<stdin>" });
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${describeFsError(err)}`);
  }
  if (!isFile) throw new UsageError(`cannot read ${path}: not a file`);
  try {
    return await loadTrace(path, progress && { onProgress: (read, total) => progress.bytes(read, total) });
  } catch (err) {
    // loadTrace throws only for input a user can get wrong (unreadable, binary); its message names the file.
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
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
