/**
 * Running out of memory, told apart from a bug. Two ways it shows:
 * - a RangeError or Node error that JavaScript can catch (an ArrayBuffer or string larger than the engine
 *   allows or the system gives): main() catches it;
 * - the V8 heap reaching its limit, which aborts the process ("FATAL ERROR: ... JavaScript heap out of
 *   memory", SIGABRT) with no chance to catch anything: the supervising parent (supervise.ts) sees the abort.
 * Either way the command exits with status 1 (it is not the user's mistake) and a hint of what to do.
 */

/** Node's codes for a buffer or string over its size limit (nodejs.org/api/errors.html). */
const TOO_LARGE_CODES = new Set([
  "ERR_BUFFER_TOO_LARGE",
  "ERR_STRING_TOO_LONG",
  "ERR_MEMORY_ALLOCATION_FAILED",
]);

/** Lengths from which an "Invalid … length" RangeError means "too large to allocate", not a negative or NaN length. */
const HUGE_LENGTH = 2 ** 28;

/** Whether `err` says memory (or a size limit of the engine) ran out. */
export function isOutOfMemory(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string" && TOO_LARGE_CODES.has(code)) return true;
  if (!(err instanceof RangeError)) return false;
  const m = err.message;
  if (/Array buffer allocation failed|Invalid string length/.test(m)) return true;
  // V8: "Invalid typed array length: 1e+23", "Invalid array length" (no number: from a push past 2^32 − 1)
  const length = /^Invalid (?:typed )?array length(?:: (.+))?$/.exec(m);
  if (length === null) return false;
  return length[1] === undefined || Number(length[1]) >= HUGE_LENGTH;
}

/** The two lines printed when `command` ran out of memory: what happened, and what to try. */
export function outOfMemoryMessage(command: string, what: string): string {
  return (
    `godebug-lab ${command}: out of memory (${what})\n` +
    "hint: read part of the trace (--from/--to), or give Node a larger heap: " +
    "NODE_OPTIONS=--max-old-space-size=8192 (MiB)\n"
  );
}
