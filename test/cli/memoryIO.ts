/** An in-memory CliIO for running CLI commands in-process: captured stdout/stderr, given stdin, a fake Ctrl-C. */
import { Readable, Writable } from "node:stream";
import type { CliIO } from "../../src/cli/command";

export interface MemoryIO extends CliIO {
  out(): string;
  err(): string;
  /** Simulates Ctrl-C: calls the handlers registered with onInterrupt. */
  interrupt(): void;
}

function sink(chunks: string[]): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
}

/** `tty`: stderr says it is a terminal (`isTTY`), as a pseudo-terminal would. */
export function memoryIO(stdin = "", options: { tty?: boolean } = {}): MemoryIO {
  const out: string[] = [];
  const err: string[] = [];
  const handlers = new Set<() => void>();
  const stderr = sink(err);
  if (options.tty) Object.assign(stderr, { isTTY: true });
  return {
    stdin: Readable.from([stdin]),
    stdout: sink(out),
    stderr,
    onInterrupt(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    out: () => out.join(""),
    err: () => err.join(""),
    interrupt: () => {
      for (const h of handlers) h();
    },
  };
}
