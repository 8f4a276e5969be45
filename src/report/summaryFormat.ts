/**
 * The one summary of a trace (report/summary.ts) as text: what the input holds, then the headline figures
 * (summaryText), then what was damaged or not understood. `godebug-lab summary` and `capture` print it on a
 * terminal; the report page shows it at its top. Names from the trace or the command line go through safeText.
 */
import { safeText } from "../safeText";
import { describeWindow } from "../window/traceWindow";
import { plural } from "./format";
import type { TraceSummary } from "./summary";
import { summaryText } from "./summaryText";

/** Damaged parts listed in the text summary (all are counted; `summary --json` lists every one). */
export const SHOWN_DAMAGE = 10;

export interface FormatSummaryOptions {
  /** List at most this many malformed lines (default: all, as `godebug-lab summary` does). */
  readonly shownMalformed?: number;
  /** The malformed lines as printed (Trace.malformed), quoted under their reasons. */
  readonly printed?: readonly { readonly line: number; readonly text: string }[];
}

const sec = (v: number) => (Number.isNaN(v) ? "?" : (v / 1000).toFixed(3));

/** The summary as text lines ending in a newline. */
export function formatSummary(s: TraceSummary, options: FormatSummaryOptions = {}): string {
  const out: string[] = [];
  const source = safeText(s.source);
  out.push(`${source}: ${plural(s.lines, "line")}, ${plural(s.runs.length, "run")}`);
  if (s.window) out.push(`  window: ${describeWindow(s.window)} (the figures below are of the window)`);
  const width = Math.max(...Object.values(s.counts).map((c) => String(c).length));
  for (const [kind, count] of Object.entries(s.counts)) {
    out.push(`  ${kind.padEnd(13)}${String(count).padStart(width)}`);
  }
  for (const r of s.runs) {
    const span = Number.isNaN(r.startMs) ? "no timestamps" : `${sec(r.startMs)} s to ${sec(r.endMs)} s`;
    out.push(
      `run ${r.run}: ${span}; ${plural(r.gcCycles, "gc cycle")}, ${plural(r.schedSamples, "SCHED line")}`,
    );
  }
  const severalRuns = s.runs.length > 1;
  if (severalRuns) {
    out.push("The figures below are of the run with the most lines of each kind (--run <n> picks another):");
  }
  if (!isEmpty(s)) out.push(summaryText(s, { showRun: severalRuns }));
  if (s.damage.length > 0) out.push(...damageSection(s.damage, source));
  if (s.malformed.length > 0) out.push(...malformedSection(s, source, options));
  return `${out.join("\n")}\n`;
}

/** No figure at all: the counts above already say there is nothing (noTraceHint says what to do). */
function isEmpty(s: TraceSummary): boolean {
  return [s.gc, s.sched, s.goroutines, s.pacer, s.scavenger, s.init].every((x) => x === null);
}

/** The `damage:` lines: how many parts were skipped, then `file:line[-lastLine]: reason` for the first few. */
function damageSection(damage: TraceSummary["damage"], source: string): string[] {
  const out = [`damage: ${plural(damage.length, "damaged part")} of the input skipped`];
  for (const d of damage.slice(0, SHOWN_DAMAGE)) {
    // as Trace.describeDamage: line 0 is gzip data that ends before a first line
    const at = d.line === 0 ? "" : d.lastLine === d.line ? `:${d.line}` : `:${d.line}-${d.lastLine}`;
    out.push(`  ${source}${at}: ${safeText(d.reason)}`);
  }
  if (damage.length > SHOWN_DAMAGE) {
    out.push(`  … ${damage.length - SHOWN_DAMAGE} more (godebug-lab summary --json lists them all)`);
  }
  return out;
}

/** `malformed lines:` with `file:line: reason` (and the line as printed, when given) for each one shown. */
function malformedSection(s: TraceSummary, source: string, options: FormatSummaryOptions): string[] {
  const shown = s.malformed.slice(0, options.shownMalformed ?? s.malformed.length);
  const printed = new Map(options.printed?.map((m) => [m.line, m.text]));
  const out = ["malformed lines:"];
  for (const m of shown) {
    out.push(`  ${source}:${m.line}: ${safeText(m.reason)}`);
    const text = printed.get(m.line);
    if (text !== undefined) out.push(`    ${safeText(text)}`);
  }
  if (shown.length < s.malformed.length) {
    out.push(`  … ${s.malformed.length - shown.length} more (godebug-lab summary lists every one)`);
  }
  return out;
}
