/**
 * What a printed gctrace duration says about the true value. runtime/mgc.go fmtNSAsMS truncates (it never
 * rounds): at or above 10 ms it prints whole milliseconds (ns/1e6); below, two significant digits of the
 * microseconds with at most three decimals; under 1 µs it prints `0`. So the true value lies in
 * [printed, printed + unit), where unit is one step of the last printed digit (GODEBUG-FORMATS.md §0.1).
 */
export function printedMsUnit(text: string): number {
  const dot = text.indexOf(".");
  if (dot < 0) return text === "0" ? 0.001 : 1;
  return 10 ** -(text.length - dot - 1);
}

/** The three `ms clock` values of a go1.6+ gc line, as printed. */
export function clockTexts(line: string): [string, string, string] {
  const m = line.match(/: ([0-9.]+)\+([0-9.]+)\+([0-9.]+) ms clock/);
  if (!m) throw new Error(`not a gc line with three clock phases: ${line}`);
  return [m[1], m[2], m[3]];
}

/** Bounds of a cycle's true stop-the-world time (sweep termination + mark termination) from its gc line. */
export function pauseBoundsMs(line: string): { low: number; high: number } {
  const [sweepTerm, , markTerm] = clockTexts(line);
  const low = Number(sweepTerm) + Number(markTerm);
  return { low, high: low + printedMsUnit(sweepTerm) + printedMsUnit(markTerm) };
}
