/**
 * Every way into the parser, for tests that check they agree on one input: the text door (parseTrace of the
 * decoded bytes), the stream door in 7-byte chunks (4093 past 200 kB; cuts land anywhere: inside characters, between CR and LF), the
 * file door on one thread, the file door gzipped, and the parallel reader with 2 ranges on this thread (null when
 * it leaves the file to one thread, as loadTrace then does).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TextDecoder } from "node:util";
import { gzipSync } from "node:zlib";
import { loadTrace, parseTrace, parseTraceStream, type Trace } from "../../src";
import { ParallelUnsuitable } from "../../src/parse/parallel/ranges";
import { loadTraceParallel } from "../../src/trace/doors";

export type Door = "text" | "stream7" | "file" | "gzip" | "parallel2";

/** The bytes in chunks of `size`, all in one buffer overwritten after each chunk (as loadTrace reads). */
export async function* reused(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  const buf = Buffer.alloc(size);
  for (let i = 0; i < bytes.length; i += size) {
    const n = bytes.copy(buf, 0, i, i + size);
    yield buf.subarray(0, n);
    buf.fill(0x21);
  }
}

export class Doors {
  private readonly dir = mkdtempSync(join(tmpdir(), "godebug-doors-"));
  private n = 0;

  /** Each door's Trace, or the message of what it threw (a door that throws must throw what the others throw). */
  async all(
    bytes: Buffer,
    opts = { file: "x", keepOtherText: true },
  ): Promise<Record<Door, Trace | string | null>> {
    const path = join(this.dir, `t${this.n++}.log`);
    writeFileSync(path, bytes);
    const gz = `${path}.gz`;
    writeFileSync(gz, gzipSync(bytes));
    const caught = async (f: () => Promise<Trace | null> | Trace): Promise<Trace | string | null> => {
      try {
        return await f();
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    };
    return {
      // TextDecoder drops a UTF-8 BOM as the byte doors do
      text: await caught(() => parseTrace(new TextDecoder().decode(bytes), opts)),
      // 7-byte chunks; a larger odd size past 200 kB (a MiB in 7-byte chunks takes seconds), still cutting anywhere
      stream7: await caught(() => parseTraceStream(reused(bytes, bytes.length < 200_000 ? 7 : 4093), opts)),
      file: await caught(() => loadTrace(path, { ...opts, threads: 1 })),
      gzip: await caught(() => loadTrace(gz, { ...opts, threads: 1 })),
      parallel2: await caught(() =>
        loadTraceParallel(path, bytes.length, 2, opts, { useWorkers: false, minGcShare: 0 }).catch((e) => {
          if (e instanceof ParallelUnsuitable) return null; // loadTrace then reads on one thread
          throw e;
        }),
      ),
    };
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
