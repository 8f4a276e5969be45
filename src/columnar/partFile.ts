/** Writing one file of a dataset: beside its place, then renamed into it, so a reader never sees half a file. */
import { renameSync, writeFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";

export function writePartFile(path: string, data: Uint8Array | string): number {
  const tmp = tmpName(path);
  writeFileSync(tmp, data);
  renameSync(tmp, path);
  return byteLength(data);
}

export async function writePartFileAsync(path: string, data: Uint8Array | string): Promise<number> {
  const tmp = tmpName(path);
  await writeFile(tmp, data);
  await rename(tmp, path);
  return byteLength(data);
}

function tmpName(path: string): string {
  return `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

function byteLength(data: Uint8Array | string): number {
  return typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
}
