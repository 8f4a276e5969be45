/**
 * Times as a user writes them: Go durations (`90s`, `10m`, `1h30m`, `1.5h`, `500ms`) as Go's time.ParseDuration
 * reads them, and, on the command line, a bare number of seconds.
 */

/** Milliseconds per unit; the units of Go's time.ParseDuration (src/time/format.go unitMap). */
const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3, // U+00B5 micro sign, as Go accepts
  μs: 1e-3, // U+03BC Greek mu, as Go accepts
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** One `<number><unit>` term; Go's grammar: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or "0". */
const TERM = /(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * A Go duration string in milliseconds (time.ParseDuration: a sequence of decimal numbers, each with an optional
 * fraction and a unit — ns, us/µs, ms, s, m, h — e.g. `1h30m`, `1.5s`, `300ms`; "0" alone; a leading sign).
 * Throws a RangeError naming the text for anything else (a bare number other than 0 has no unit, as in Go).
 */
export function parseGoDuration(text: string): number {
  let s = text;
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    if (s[0] === "-") sign = -1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") throw new RangeError(`invalid duration ${JSON.stringify(text)}`);
  let total = 0;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < s.length) {
    const at = TERM.lastIndex;
    const m = TERM.exec(s);
    // a term needs a digit before or after the point (".s" and "s" are not durations in Go)
    if (m === null || m.index !== at || !/\d/.test(m[1])) {
      const why = /^[\d.]+$/.test(s) ? ": missing unit (ns, us, ms, s, m, h)" : "";
      throw new RangeError(`invalid duration ${JSON.stringify(text)}${why}`);
    }
    total += Number(m[1]) * UNIT_MS[m[2]];
  }
  return sign * total;
}

/**
 * A point in a trace's time (since its process started) as the command line takes it: a bare number of seconds
 * (`90`, `1.5`) or a Go duration (`90s`, `10m`, `1h30m`), in milliseconds. Throws a RangeError for anything else,
 * including a negative time.
 */
export function parseTraceTime(text: string): number {
  const ms = /^\d+(\.\d*)?$|^\.\d+$/.test(text) ? Number(text) * 1000 : parseGoDuration(text);
  if (!(ms >= 0) || !Number.isFinite(ms))
    throw new RangeError(`negative or infinite time ${JSON.stringify(text)}`);
  return ms;
}

/** A time in milliseconds as a short Go-style duration: `0s`, `1.5s`, `90s` → `1m30s`, `1h30m`, `250ms`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return "0s";
  if (ms < 1000) return `${round(ms, 3)}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = round((ms % 60_000) / 1000, 3);
  return `${h > 0 ? `${h}h` : ""}${m > 0 ? `${m}m` : ""}${s > 0 || (h === 0 && m === 0) ? `${s}s` : ""}`;
}

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;
