/**
 * A real trace as a long-running server would print it: every time since program start moved by `days`.
 *
 * How the runtime prints those times, so the moved lines read as real ones:
 * - gctrace: runtime/mgc.go gcMarkTermination prints " @", itoaDiv((tSweepTerm − runtimeInitTime)/1e6, 3), "s":
 *   whole milliseconds written as seconds with three decimals (`gc 27831 @17894.457s`);
 * - schedtrace/scheddetail: runtime/proc.go schedtrace prints "SCHED ", (now − starttime)/1e6, "ms: ".
 * Other lines (pacer, scav, init, program output) carry no time since start and are kept as they are.
 * `gcAdd` adds to every cycle number: the tail of a long-running server's log starts at, say, `gc 27831`.
 */
export function withUptime(text: string, days: number, opts: { readonly gcAdd?: number } = {}): string {
  const shiftMs = BigInt(Math.round(days * 86_400_000));
  const gcAdd = opts.gcAdd ?? 0;
  return text
    .replace(/^gc (\d+) @(\d+)\.(\d{3})s/gm, (_m, n: string, sec: string, frac: string) => {
      const ms = BigInt(sec) * 1000n + BigInt(frac) + shiftMs;
      return `gc ${Number(n) + gcAdd} @${ms / 1000n}.${String(ms % 1000n).padStart(3, "0")}s`;
    })
    .replace(
      /^(SCHED )(\d+)(ms:)/gm,
      (_m, head: string, ms: string, tail: string) => `${head}${BigInt(ms) + shiftMs}${tail}`,
    );
}

/** The uptimes of the reproducer: a fresh process, a day, a month, and a server up for 231 days. */
export const UPTIME_DAYS = [0, 1, 30, 231] as const;
