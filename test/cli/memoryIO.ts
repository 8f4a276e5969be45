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

export function memoryIO(stdin = ""): MemoryIO {
  const out: string[] = [];
  const err: string[] = [];
  const handlers = new Set<() => void>();
  return {
    stdin: Readable.from([stdin]),
    stdout: sink(out),
    stderr: sink(err),
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
