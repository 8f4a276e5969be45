/**
 * What a load-file reader could not use, reported the way trace problems are (src/parse/traceData.ts): malformed lines
 * with file, line, reason and the line's text; damage (a cut-off or corrupt gzip stream, a summary that stops early)
 * as line ranges. Nothing is dropped without an entry here.
 */
import { type Damage, MALFORMED_TEXT_CHARS, type MalformedLine } from "../parse/traceData";

export class LoadProblems {
  readonly malformed: MalformedLine[] = [];
  readonly damage: Damage[] = [];

  constructor(readonly source: string) {}

  malformedLine(line: number, reason: string, text: string): void {
    this.malformed.push({ line, reason, text: text.slice(0, MALFORMED_TEXT_CHARS) });
  }

  damaged(line: number, lastLine: number, reason: string): void {
    this.damage.push({ line, lastLine, reason });
  }

  /** One `file:line: reason` string per malformed line. */
  describeMalformed(): string[] {
    return this.malformed.map((m) => `${this.source}:${m.line}: ${m.reason}`);
  }

  /** One `file:line: reason` (or `file:line-lastLine: reason`) string per damaged part. */
  describeDamage(): string[] {
    return this.damage.map(
      (d) => `${this.source}:${d.line === d.lastLine ? d.line : `${d.line}-${d.lastLine}`}: ${d.reason}`,
    );
  }
}
