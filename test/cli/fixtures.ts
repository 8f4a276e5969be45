/** Paths of the real captures in data/ (made by `npm run capture`) and independent readings of their text. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const DATA = join(__dirname, "..", "..", "data");
export const data = (name: string) => join(DATA, name);

/** The physical lines of a file (a final newline does not start another line). */
export function fileLines(path: string): string[] {
  const lines = readFileSync(path, "utf8").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The MemStats JSON the workload printed beside its trace. */
export function memstats(name: string): {
  numGC: number;
  numForcedGC: number;
  pauseTotalNs: number;
  pauses: { gc: number; pauseNs: number }[];
} {
  return JSON.parse(readFileSync(data(`${name}.memstats.json`), "utf8"));
}
