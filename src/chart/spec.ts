/**
 * The Vega-Lite spec type and what every chart builder shares: options, inline data rows, axis titles.
 *
 * The type comes from "vega-lite/build/index" rather than "vega-lite": the project compiles with
 * `"moduleResolution": "node10"` (tslab type-checks notebook cells that way), which ignores package.json
 * "exports", and vega-lite 6 declares its types only there. The import is type-only: nothing is loaded.
 */
import type { TopLevelSpec } from "vega-lite/build/index";

export type { TopLevelSpec };

/** The schema of the installed vega-lite (6.x). The Jupyter bundle rewrites it, see render/show.ts. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** What every builder accepts. */
export interface ChartOptions {
  /** Plot width in pixels (default 640). */
  readonly width?: number;
  /** Plot height in pixels (default 240). */
  readonly height?: number;
  /** Replaces the builder's title (the subtitle, which says what to look at, stays). */
  readonly title?: string;
}

export const DEFAULT_WIDTH = 640;
export const DEFAULT_HEIGHT = 240;

/** One row of inline data. */
export type Row = Record<string, number | string | boolean | null>;

/** A number for inline data: JSON has no NaN or Infinity, and Vega-Lite skips nulls (`invalid: "filter"`). */
export function value(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * Milliseconds to seconds for a time axis, to the millisecond (the runtime prints gctrace `@` times and SCHED
 * times in whole ms; GODEBUG-FORMATS §0.2), null when not finite.
 */
export function seconds(ms: number): number | null {
  return Number.isFinite(ms) ? Math.round(ms) / 1000 : null;
}

/** A layer's reference to one of the spec's top-level `datasets`: each data set goes into a spec once. */
export function named(name: string): { name: string } {
  return { name };
}

/** The x axis every over-time chart shares, so charts of one run line up. */
export const TIME_TITLE = "time since program start (s)";

/** The top-level frame of every spec: schema, title with its what-to-look-at subtitle, size, shared config. */
export function frame(
  title: string,
  subtitle: string,
  options: ChartOptions,
): {
  $schema: string;
  title: { text: string; subtitle: string[]; anchor: "start" };
  width: number;
  height: number;
  config: { axis: { titleFontWeight: "normal" }; legend: { orient: "bottom"; labelLimit: number } };
} {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: options.title ?? title, subtitle: wrap(subtitle, SUBTITLE_CHARS), anchor: "start" },
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? DEFAULT_HEIGHT,
    // labelLimit: the default 160 px cuts labels whose width vega over-estimates outside a browser (see below).
    config: { axis: { titleFontWeight: "normal" }, legend: { orient: "bottom", labelLimit: 400 } },
  };
}

/**
 * Scale and axis of a goroutine count: whole-number ticks, and a domain reaching at least 1 so an all-zero
 * series (an idle run queue) still gets a readable axis instead of a collapsed one.
 */
export const COUNT_AXIS = {
  scale: { domain: { unionWith: [0, 1] } },
  axis: { tickMinStep: 1, format: "d" },
};

/** The distinct finite values of a column, ascending. */
export function distinctSorted(values: ArrayLike<number>): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) seen.add(values[i]);
  return [...seen].sort((a, b) => a - b);
}

/**
 * Subtitle line length. Rendering outside a browser, vega has no font metrics and estimates a text's width as
 * 0.8 × font size per character, so a long line would widen an SVG/PNG with empty space; at the 12 px
 * subtitle size this many characters fit the default width.
 */
const SUBTITLE_CHARS = 64;

/** Splits `text` at spaces into lines of at most `limit` characters (a longer word gets its own line). */
export function wrap(text: string, limit: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > limit) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}
