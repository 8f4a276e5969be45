/**
 * Input that is not text: lines with NUL or other control characters are damage (listed as runs of lines), and a
 * file whose characters are mostly binary is refused as a whole (BINARY_SHARE). The TraceBuilder (build.ts) tells
 * the DamageLog how many characters it read and hands it the lines with odd characters.
 */
import type { Damage } from "./traceData";

/**
 * A file is refused as binary when more than this share of its characters (NULs left out) are control characters
 * other than TAB, LF, VT, FF, CR and ESC, or U+FFFD (invalid UTF-8). Executables and images come out at 0.5–0.6
 * (measured on /usr/bin/ls, git, node, libc and a PNG), text logs near 0.
 */
export const BINARY_SHARE = 1 / 3;
/** The share is judged at the end, and already after a line once this many characters (NULs left out) are read. */
const EARLY_JUDGE_CHARS = 1 << 20;

/** A character that is not plain text: a C0 control other than TAB, LF, VT, FF, CR, ESC; or U+FFFD. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
export const ODD_CHAR = /[\x00-\x08\x0e-\x1a\x1c-\x1f\ufffd]/;

function isBinaryControl(c: number): boolean {
  return c <= 8 || (c >= 14 && c <= 31 && c !== 27);
}

/** The text of a damaged line as kept in `malformed`: control characters shown as their U+2400 symbols (␀, ␁…). */
export function shown(text: string): string {
  if (!ODD_CHAR.test(text)) return text;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it replaces
  return text.replace(/[\x00-\x08\x0e-\x1a\x1c-\x1f]/g, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0)));
}

/** The binary characters of one line: how many control characters, how many of them NUL, the first and last. */
export interface OddChars {
  readonly controls: number;
  readonly nul: number;
  readonly first: number;
  readonly last: number;
}

/** The binary share of the input so far and the runs of damaged lines. */
export class DamageLog {
  /** Characters of the lines seen, without NULs, and how many of them were binary (BINARY_SHARE). */
  chars = 0;
  private binary = 0;
  /** In a parallel replay (parallel/replay.ts) the binary share is judged at the end only. */
  replaying = false;
  private readonly runs: { line: number; lastLine: number; chars: number; reason: string }[] = [];

  constructor(private readonly source: string) {}

  /**
   * Counts the binary characters of a line with odd characters (ODD_CHAR), line `lineNo`. U+FFFD alone (invalid
   * UTF-8) only counts toward the binary share; a NUL is left out of it. Throws once a large input is mostly binary.
   */
  oddLine(text: string, lineNo: number): OddChars {
    let nul = 0;
    let bad = 0;
    let controls = 0;
    let first = -1;
    let last = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0xfffd) bad++;
      else if (c < 32 && isBinaryControl(c)) {
        if (c === 0) nul++;
        else bad++;
        controls++;
        if (first < 0) first = i;
        last = i;
      }
    }
    this.chars -= nul;
    this.binary += bad;
    this.judgeEarly(lineNo);
    return { controls, nul, first, last };
  }

  /** The same for a line too long to parse (its characters are counted here, not by the caller). */
  longLine(text: string, lineNo: number): OddChars {
    this.chars += text.length;
    let controls = 0;
    let nul = 0;
    if (ODD_CHAR.test(text)) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0xfffd || (c < 32 && isBinaryControl(c) && c !== 0)) this.binary++;
        if (c < 32 && isBinaryControl(c)) {
          controls++;
          if (c === 0) nul++;
        }
      }
      this.chars -= nul;
      this.judgeEarly(lineNo);
    }
    return { controls, nul, first: -1, last: -1 };
  }

  /** Line `line` held `controls` binary characters, `nul` of them NUL: extends the current run of damaged lines, or starts one. */
  damaged(line: number, controls: number, nul: number): void {
    const prev = this.runs.at(-1);
    const kind = nul === controls ? "NUL" : "binary";
    if (prev !== undefined && prev.lastLine === line - 1) {
      prev.lastLine = line;
      prev.chars += controls;
      if (prev.reason !== kind) prev.reason = "binary";
    } else {
      this.runs.push({ line, lastLine: line, chars: controls, reason: kind });
    }
  }

  /** gzip data that ended early or is corrupt (textChunks.ts): recorded after the last line read. */
  input(reason: string): void {
    this.runs.push({ line: Number.NaN, lastLine: Number.NaN, chars: 0, reason });
  }

  /** The damage of an input of `lines` lines; throws if it is binary. */
  finish(lines: number): Damage[] {
    // Perl's -B test calls a file binary when more than a third of its characters are odd; NULs are left out, so
    // that a zero-filled block (an unclean shutdown) is damage in a text file, not proof of a binary one.
    if (this.binary > this.chars * BINARY_SHARE) this.refuse("");
    return this.runs.map((d) =>
      Number.isNaN(d.line)
        ? { line: lines, lastLine: lines, reason: d.reason }
        : {
            line: d.line,
            lastLine: d.lastLine,
            reason: `${d.chars} ${d.reason === "NUL" ? "NUL" : "binary (NUL or control)"} character${d.chars === 1 ? "" : "s"} skipped`,
          },
    );
  }

  /**
   * A large binary file (a core dump, an executable) is refused once a MiB of it has been read, not at its end: its
   * damaged lines would each be listed as malformed meanwhile.
   */
  private judgeEarly(lineNo: number): void {
    // Not in a parallel replay: its fast rows are not counted in `chars`, and it gives up at the first odd line.
    if (!this.replaying && this.chars >= EARLY_JUDGE_CHARS && this.binary > this.chars * BINARY_SHARE) {
      this.refuse(` up to line ${lineNo}`);
    }
  }

  private refuse(where: string): never {
    const pct = Math.round((100 * this.binary) / this.chars);
    throw new Error(
      `${this.source}: not a text trace (binary data: ${pct}% of its characters${where} are control characters or invalid UTF-8)`,
    );
  }
}
