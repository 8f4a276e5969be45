/** Opening the trace a command names: a file (plain or gzip) or `-` for stdin. */
import { statSync } from "node:fs";
import { loadTrace, parseTraceStream, type Trace } from "../parse/trace";
import type { CliIO } from "./command";
import { UsageError } from "./command";

/**
 * Parses the trace at `path` (`-` = stdin). A missing, unreadable or non-trace input is a UsageError
 * naming the file and the reason; lines that do not parse are the trace's `malformed`, not errors.
 */
export async function readTrace(path: string, io: CliIO): Promise<Trace> {
  if (path === "-") return parseTraceStream(io.stdin, { file: "<stdin>" });
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${describeFsError(err)}`);
  }
  if (!isFile) throw new UsageError(`cannot read ${path}: not a file`);
  try {
    return await loadTrace(path);
  } catch (err) {
    // loadTrace throws only for input a user can get wrong (unreadable, binary); its message names the file.
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** "no such file or directory" rather than "ENOENT: no such file or directory, stat 'x'". */
export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === "ENOENT") return "no such file or directory";
  if (e?.code === "EACCES" || e?.code === "EPERM") return "permission denied";
  if (e?.code === "EISDIR") return "is a directory";
  return e instanceof Error ? e.message : String(err);
}
