/**
 * Text from a trace made safe to show: on a terminal, in an SVG chart, in a Vega expression. A trace is
 * whatever a program wrote to stderr, so a package name or a wait reason can hold anything; shown raw,
 * ESC sequences recolour or retitle the terminal (ANSI CSI, OSC), control characters are not allowed in
 * SVG (XML 1.0 §2.2), and U+2028/U+2029 end a string literal in a Vega expression (a JavaScript-like
 * parser, where they are line terminators).
 *
 * safeText writes each such character as a visible escape — `\x1b`, `\u2028` — and leaves all other text as
 * it is: C0 controls and DEL, C1 controls (U+0080–U+009F: 8-bit CSI/OSC), the line and paragraph separators,
 * the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069: text that reads other than it is),
 * the BOM, U+FFFE/U+FFFF, and unpaired surrogates.
 */

const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** `text` with every unsafe character (see the module comment) written as `\xHH` or `\uHHHH`. */
export function safeText(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** safeText for each line of a multi-line message: its line breaks stay line breaks. */
export function safeLines(text: string): string {
  return text.split("\n").map(safeText).join("\n");
}

/**
 * JSON text (from JSON.stringify) with the characters JSON leaves raw but a terminal or a JavaScript parser
 * would act on (DEL, C1 controls, U+2028/U+2029, bidi controls) as `\uHHHH` escapes: the same JSON value.
 */
export function safeJson(json: string): string {
  return json.replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
