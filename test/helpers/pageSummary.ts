/**
 * The report page's summary block read back from its HTML as the lines it shows (src/render/html.ts
 * summaryHtml): our own markup (the line blocks, the bold labels, the <br> of an empty line) dropped and the
 * indents' no-break spaces read as spaces. Trace text stays as the page escaped it.
 */
export function pageSummaryLines(html: string): string {
  const start = html.indexOf('<div class="summary">');
  if (start < 0) throw new Error("the page has no summary block");
  const end = html.indexOf("\n</div>", start);
  return [...html.slice(start, end).matchAll(/<div class="line"[^>]*>(.*)<\/div>/g)]
    .map((m) => m[1].replace(/<\/?(?:b|br)>/g, "").replace(/\u00a0/g, " "))
    .join("\n");
}
