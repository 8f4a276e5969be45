/**
 * A cursor over one line of trace text, for the scanners: reads numbers and literals with charCodeAt and
 * never allocates on success. Each `read…` method returns NaN (numbers) or false (literals) on a mismatch
 * and leaves `i` where the mismatch was, so the scanner can say what it expected.
 */
import * as chars from "./chars";

// chars.ts's names, bound here once rather than used as imports (chars.ts says why).
const { CR, DOT, LOWER_E, MINUS, NINE, PLUS, SPACE, ZERO } = chars;

/**
 * The latest time a trace line can carry, in ms since its process started: the runtime's clock is an int64 of
 * nanoseconds (runtime.nanotime, runtime/time_nofake.go), so 2^63 ns, about 292 years. A later time cannot come
 * from the runtime: the line is damaged, and a row with it would stretch every time axis.
 */
export const MAX_TIME_MS = 2 ** 63 / 1e6;

/** The malformed-line reason for a time past MAX_TIME_MS, or null when the time is possible. */
export function timeProblem(what: string, ms: number): string | null {
  if (ms <= MAX_TIME_MS) return null;
  return `${what} is later than the runtime's clock can count (2^63 ns, about 292 years): a damaged line`;
}

export class Cursor {
  s = "";
  i = 0;
  end = 0;

  /** Points the cursor at `s[start..]`, ignoring a trailing CR. */
  reset(s: string, start: number): this {
    this.s = s;
    this.i = start;
    let end = s.length;
    if (end > start && s.charCodeAt(end - 1) === CR) end--;
    this.end = end;
    return this;
  }

  get done(): boolean {
    return this.i >= this.end;
  }

  peek(): number {
    return this.i < this.end ? this.s.charCodeAt(this.i) : -1;
  }

  /** Consumes `lit` if the text continues with it. */
  lit(lit: string): boolean {
    const n = lit.length;
    if (this.i + n > this.end) return false;
    for (let k = 0; k < n; k++) {
      if (this.s.charCodeAt(this.i + k) !== lit.charCodeAt(k)) return false;
    }
    this.i += n;
    return true;
  }

  /** Consumes one character code if it is `code`. */
  ch(code: number): boolean {
    if (this.i < this.end && this.s.charCodeAt(this.i) === code) {
      this.i++;
      return true;
    }
    return false;
  }

  skipSpaces(): void {
    while (this.i < this.end && this.s.charCodeAt(this.i) === SPACE) this.i++;
  }

  /** An unsigned or `-`-signed decimal integer. */
  int(): number {
    const s = this.s;
    let i = this.i;
    let neg = false;
    if (i < this.end && s.charCodeAt(i) === MINUS) {
      neg = true;
      i++;
    }
    const first = i;
    let v = 0;
    while (i < this.end) {
      const c = s.charCodeAt(i);
      if (c < ZERO || c > NINE) break;
      v = v * 10 + (c - ZERO);
      i++;
    }
    if (i === first) return Number.NaN;
    this.i = i;
    return neg ? -v : v;
  }

  /**
   * A plain decimal such as `12`, `0.059`, `1.0`, `17894.457` (the runtime's ms and seconds formats, §0.1/§0.2
   * of docs/formats.md). Integer and fraction digits are accumulated separately, so the result equals
   * Number(text) for the up-to-3-decimal values the runtime prints.
   */
  dec(): number {
    const s = this.s;
    let i = this.i;
    const first = i;
    let v = 0;
    while (i < this.end) {
      const c = s.charCodeAt(i);
      if (c < ZERO || c > NINE) break;
      v = v * 10 + (c - ZERO);
      i++;
    }
    if (i === first) return Number.NaN;
    if (i < this.end && s.charCodeAt(i) === DOT) {
      let j = i + 1;
      let frac = 0;
      let scale = 1;
      while (j < this.end) {
        const c = s.charCodeAt(j);
        if (c < ZERO || c > NINE) break;
        frac = frac * 10 + (c - ZERO);
        scale *= 10;
        j++;
      }
      if (j === i + 1) return Number.NaN;
      v += frac / scale;
      i = j;
    }
    this.i = i;
    return v;
  }

  /**
   * The runtime's float format (docs/formats.md §0.3): `+1.232155e+000`, `-3.4e-002`, `NaN`, `+Inf`, `-Inf`.
   * Parsed with Number() on the exact slice: pacer lines are rare, so clarity wins over speed here.
   */
  float(): number {
    const s = this.s;
    const start = this.i;
    let i = start;
    if (this.lit("NaN")) return Number.NaN;
    if (this.lit("+Inf")) return Number.POSITIVE_INFINITY;
    if (this.lit("-Inf")) return Number.NEGATIVE_INFINITY;
    const c0 = s.charCodeAt(i);
    if (c0 === PLUS || c0 === MINUS) i++;
    const digits = i;
    while (i < this.end && ((s.charCodeAt(i) >= ZERO && s.charCodeAt(i) <= NINE) || s.charCodeAt(i) === DOT))
      i++;
    if (i === digits) return Number.NaN;
    if (i < this.end && s.charCodeAt(i) === LOWER_E) {
      i++;
      const sc = s.charCodeAt(i);
      if (sc === PLUS || sc === MINUS) i++;
      const exp = i;
      while (i < this.end && s.charCodeAt(i) >= ZERO && s.charCodeAt(i) <= NINE) i++;
      if (i === exp) return Number.NaN;
    }
    const v = Number(s.slice(start, i));
    if (Number.isNaN(v)) return v;
    this.i = i;
    return v;
  }

  /** Everything up to (not including) the next `code`, or to the end; advances past the text, not the code. */
  until(code: number): string {
    const j = this.s.indexOf(String.fromCharCode(code), this.i);
    const stop = j < 0 || j > this.end ? this.end : j;
    const out = this.s.slice(this.i, stop);
    this.i = stop;
    return out;
  }

  /** A short description of where the cursor is, for malformed-line reasons. */
  where(expected: string): string {
    const found =
      this.i >= this.end
        ? "end of line"
        : JSON.stringify(this.s.slice(this.i, Math.min(this.i + 12, this.end)));
    return `expected ${expected} at column ${this.i + 1}, found ${found}`;
  }
}
