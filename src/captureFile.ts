/**
 * capture.ts's raw stderr file: written to a temporary file beside the target, renamed into place once the program
 * has started, so a program that cannot start leaves an existing file as it was.
 */
import { openSync, renameSync, statSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The temporary file beside `target` that the raw stderr goes to until the program has started. */
export interface Temporary {
  readonly path: string;
  readonly fd: number;
  started: boolean;
}

export function openTemporary(target: string): Temporary {
  // A folder in the way would only be found at the rename, after the program ran.
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`capture: cannot write ${target}: is a directory`);
  }
  const path = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    return { path, fd: openSync(path, "wx"), started: false };
  } catch (err) {
    throw new Error(`capture: cannot write ${target}: ${describeSpawnError(err as Error)}`);
  }
}

/** Renames the temporary file to `target` (the open descriptor keeps writing to it); false if that failed. */
export function moveIntoPlace(tmp: Temporary, target: string): boolean {
  try {
    renameSync(tmp.path, target);
    return true;
  } catch {
    return false;
  }
}

export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** "no such file or directory" rather than "spawn /x ENOENT". */
export function describeSpawnError(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  if (code === "ENOTDIR") return "a part of the path is not a directory";
  return err.message;
}
