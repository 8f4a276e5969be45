/**
 * The round widths a stretch of time is cut into, in ms: 1-2-5 steps up to a second, then the steps a clock
 * reader expects (15 s, 30 s, 1 min … 1 h, 2 h, 3 h, 6 h, 12 h, 1 day, 2 days, 1 week). One list for every equal
 * cut of a trace's clock: latencyWindows' default window (analysis/latency.ts) and a reduced chart's time bins
 * (chart/reduce.ts), so a window and a bin of the same span get the same kind of width.
 */
export const TIME_STEPS_MS: readonly number[] = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000,
  600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
  172_800_000, 604_800_000,
];
