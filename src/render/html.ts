import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { TopLevelSpec } from "../chart/spec";

/** One chart of a page: a heading, an optional sentence under it, and the spec. */
export interface HtmlChart {
  /** Short stable name (e.g. "heap"); used in the element id. */
  readonly name: string;
  readonly heading: string;
  readonly note?: string;
  readonly spec: TopLevelSpec;
}

export interface HtmlOptions {
  /** Page title (plain text; escaped). */
  readonly title: string;
  /**
   * Preformatted summary text shown above the charts (plain text; escaped, so trace text stays text): a line
   * per line, its leading spaces kept, wrapped to the page (summaryHtml).
   */
  readonly summaryText?: string;
}

/**
 * A standalone HTML page drawing the charts with vega, vega-lite and vega-embed inlined: no CDN, no network,
 * it opens offline from a file. Everything we did not write ourselves is escaped: text goes through
 * escapeHtml, the specs go in as JSON that cannot close its <script> element (jsonForScript).
 */
export function toHTML(charts: readonly HtmlChart[], options: HtmlOptions): string {
  const sections = charts
    .map((chart, i) => {
      const note = chart.note ? `\n<p class="note">${escapeHtml(chart.note)}</p>` : "";
      return `<section class="chart-section" data-chart="${escapeHtml(chart.name)}">
<h2>${escapeHtml(chart.heading)}</h2>${note}
<div class="chart" id="chart-${i}"></div>
</section>`;
    })
    .join("\n");
  const summary = options.summaryText ? summaryHtml(options.summaryText) : "";
  const specs = jsonForScript(charts.map((c) => c.spec));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="godebug-lab">
<title>${escapeHtml(options.title)}</title>
<style>${PAGE_CSS}</style>
${libraryScripts()}
</head>
<body>
<h1>${escapeHtml(options.title)}</h1>
${summary}
${sections}
<script type="application/json" id="godebug-specs">${specs}</script>
<script>${EMBED_SCRIPT}</script>
</body>
</html>
`;
}

/**
 * The summary block: the text as the terminal shows it (monospace, leading spaces kept, so the counts stay
 * aligned and the indentation says what belongs to what), but wrapped to the page instead of running past it.
 * Each line is its own block; a line too long for the page wraps with a hanging indent 4 characters deeper than
 * its own start — deeper than the lines indented under it (2 more) — so a wrapped part never reads as a line of
 * its own. A top-level line's label (the text up to its first `: `, e.g. `GC:`, `malformed lines:`) is bold.
 * Copying the block gives the text back, a line per line (the indents as no-break spaces).
 */
export function summaryHtml(text: string): string {
  const lines = text.split("\n").map((line) => {
    const indent = line.length - line.trimStart().length;
    const label = indent === 0 ? /^[^:]*:(?= |$)/.exec(line) : null;
    // the indent in no-break spaces: a line must not wrap right after its indent when its first word is long
    const body = label
      ? `<b>${escapeHtml(label[0])}</b>${escapeHtml(line.slice(label[0].length))}`
      : NBSP.repeat(indent) + escapeHtml(line.slice(indent));
    // an empty line holds a <br>: it keeps its height and copies as an empty line
    return `<div class="line"${indent > 0 ? ` style="--indent: ${indent}"` : ""}>${body || "<br>"}</div>`;
  });
  return `<div class="summary">\n${lines.join("\n")}\n</div>`;
}

const NBSP = "\u00a0";

/** Escapes the five characters that are markup in HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * JSON safe inside a <script> element: `<`, `>` and `&` become \u escapes (so `</script>` or `<!--` in a
 * string cannot end or alter the element) and so do U+2028/U+2029. JSON.parse reads them back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The three UMD builds, in load order (vega-embed's UMD reads the `vega` and `vegaLite` globals). */
function libraryScripts(): string {
  return [
    join(dirname(require.resolve("vega")), "vega.min.js"),
    join(dirname(require.resolve("vega-lite")), "vega-lite.min.js"),
    join(dirname(require.resolve("vega-embed")), "vega-embed.min.js"),
  ]
    .map((file) => `<script>${inlineScript(readFileSync(file, "utf8"))}</script>`)
    .join("\n");
}

/**
 * Makes library source safe to inline: drops the source-map comment (the .map file is not on the page) and
 * breaks any `</script` or `<!--` (none in the current builds; `<\/` and `<\!` mean the same inside JS strings
 * and regexps).
 */
function inlineScript(source: string): string {
  return source
    .replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, "\n")
    .replace(/<\/script/gi, "<\\/script")
    .replace(/<!--/g, "<\\!--");
}

const PAGE_CSS = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; }
h2 { font-size: 1.15rem; margin-top: 2.5rem; }
.summary { background: #f6f8fa; padding: 1rem; font: 0.85rem/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
.summary .line { white-space: pre-wrap; overflow-wrap: anywhere;
  padding-left: calc((var(--indent, 0) + 4) * 1ch); text-indent: calc((var(--indent, 0) + 4) * -1ch); }
.summary b { font-weight: 600; }
.chart { max-width: 100%; overflow-x: auto; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  .summary { background: none; padding: 0; font-size: 8pt; }
  h2 { break-after: avoid; }
  .chart-section { break-inside: avoid; }
  .chart { overflow: visible; }
  .chart svg { max-width: 100%; height: auto; }
  .vega-embed details { display: none; }
}
p.note { color: #555; margin: 0.25rem 0 0.75rem; }
.chart-error { color: #b00020; white-space: pre-wrap; }
`;

/**
 * Embeds every spec with vega-embed as SVG and publishes the results as `window.godebugCharts` (a promise of
 * the vega-embed results, in page order) so a browser test can inspect each view. A chart that fails shows
 * its error as text and logs it.
 */
const EMBED_SCRIPT = `
(function () {
  var specs = JSON.parse(document.getElementById("godebug-specs").textContent);
  window.godebugCharts = Promise.all(specs.map(function (spec, i) {
    var el = document.getElementById("chart-" + i);
    return vegaEmbed(el, spec, { renderer: "svg", actions: { export: true, source: false, compiled: false, editor: false } })
      .catch(function (error) {
        console.error("chart " + i + ": " + error);
        var p = document.createElement("p");
        p.className = "chart-error";
        p.textContent = "This chart failed to draw: " + error;
        el.appendChild(p);
        return null;
      });
  }));
})();
`;
