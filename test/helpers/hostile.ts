/** Hostile payloads a trace can carry (a program writes what it likes to stderr). */
export const HOSTILE = {
  ansiColour: "pkg\x1b[31mred\x1b[0m",
  osc8Link: "\x1b]8;;http://evil.example\x07click\x1b]8;;\x07",
  oscTitle: "\x1b]0;pwned\x07",
  c1Csi: "a\u009b31mb",
  lineSeparator: "evil\u2028pkg",
  paragraphSeparator: "evil\u2029pkg",
  bidiOverride: "abc\u202edcba",
  quotesAndBackslash: `a"b'c\\d`,
  nul: "a\0b",
  loneSurrogate: "a\ud800b",
};

/**
 * The characters of `text` a terminal, an SVG or a Vega expression would act on, as code points: C0 controls
 * except newline, DEL, C1 controls, U+2028/U+2029, bidi controls, unpaired surrogates. Empty when it is safe.
 */
export function unsafeCodes(text: string, keepNewline = true): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else out.push(c);
      continue;
    }
    const control = c < 0x20 ? !(keepNewline && c === 0x0a) : c >= 0x7f && c <= 0x9f;
    const separator = c === 0x2028 || c === 0x2029;
    const bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    if (control || separator || bidi || (c >= 0xdc00 && c <= 0xdfff)) out.push(c);
  }
  return out;
}
