/**
 * A large scheddetail log for memory tests, modelled on real lines: data/case2-leak-scheddetail.log (a Go 1.19
 * web service leaking goroutines, captured with schedtrace=500,scheddetail=1) repeated as if the service had
 * kept running, each copy's `SCHED <t>ms:` times moved past the previous copy's last one so the file stays one
 * process run. The P, M and G lines and the program's own output lines are the capture's, unchanged.
 */
import { createWriteStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { finished } from "node:stream/promises";

const SOURCE = join(__dirname, "..", "..", "data", "case2-leak-scheddetail.log");

/** Writes copies of the real capture to `path` until it holds at least `bytes` bytes; resolves to its size. */
export async function writeBigScheddetail(path: string, bytes: number): Promise<number> {
  const text = readFileSync(SOURCE, "utf8");
  const times = [...text.matchAll(/^SCHED (\d+)ms:/gm)].map((m) => Number(m[1]));
  const spanMs = times[times.length - 1] + 500;
  const out = createWriteStream(path);
  let written = 0;
  for (let copy = 0; written < bytes; copy++) {
    const moved = text.replace(
      /^SCHED (\d+)ms:/gm,
      (_m, t: string) => `SCHED ${Number(t) + copy * spanMs}ms:`,
    );
    written += Buffer.byteLength(moved);
    if (!out.write(moved)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  out.end();
  await finished(out);
  return written;
}
