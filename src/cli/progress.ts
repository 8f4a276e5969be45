/**
 * Progress of long CLI work on stderr — the stage, and bytes read of the total while a file is read — only when
 * stderr is a terminal: one line rewritten in place (`\r` + erase to end of line) and erased when the work is
 * done, so what stays on the screen is the command's own output. When stderr is a file or a pipe, nothing.
 */
import type { CliIO } from "./command";

export interface Progress {
  /** A new stage, e.g. "building charts (3 of 13: gc-cpu)". Shown at once. */
  stage(text: string): void;
  /** Bytes read so far of `total` (undefined: unknown, e.g. stdin), for the current stage. At most every 100 ms. */
  bytes(read: number, total?: number): void;
  /** Erases the line. */
  done(): void;
}

const NONE: Progress = { stage() {}, bytes() {}, done() {} };

/** Redraws no more often than this. */
const REDRAW_MS = 100;

/** stderr is a terminal (Node sets `isTTY` on a TTY stream; tests set it on theirs). */
export function isTerminal(io: CliIO): boolean {
  return (io.stderr as { isTTY?: boolean }).isTTY === true;
}

/** Progress for the command `command` (as named on its line), silent unless stderr is a terminal. */
export function progressFor(io: CliIO, command: string): Progress {
  if (!isTerminal(io)) return NONE;
  let stage = "";
  let shown = false;
  let last = Number.NEGATIVE_INFINITY;
  const draw = (text: string) => {
    io.stderr.write(`\r\x1b[K${text}`);
    shown = true;
    last = Date.now();
  };
  return {
    stage(text) {
      stage = text;
      draw(`godebug-lab ${command}: ${text}`);
    },
    bytes(read, total) {
      if (Date.now() - last < REDRAW_MS && read !== total) return;
      const of =
        total === undefined
          ? ""
          : ` of ${mib(total)}${total > 0 ? ` (${Math.floor((100 * read) / total)}%)` : ""}`;
      draw(`godebug-lab ${command}: ${stage}: ${mib(read)}${of}`);
    },
    done() {
      if (shown) io.stderr.write("\r\x1b[K");
      shown = false;
    },
  };
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
