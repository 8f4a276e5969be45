/**
 * hey's percentile rule (src/table/heyPercentile.ts) against hey's own code, transliterated line by line, and
 * against hey's own output: the per-request CSVs it wrote (data/*.hey.csv.gz, test/load/data/*.csv) and the text
 * summaries it printed (test/load/data/*.txt).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadHey, numbers } from "../../src";
import { HEY_PERCENTS } from "../../src/load/heySummary";
import { heyPercentile, heyPercentileList, heyRank } from "../../src/table/heyPercentile";

const ROOT = path.join(__dirname, "..", "..");

/** hey requester/report.go v0.1.4 latencies(), line by line: data[j] for each of pctls, 0 where never reached. */
function heyLoop(lats: readonly number[], pctls: readonly number[]): number[] {
  const data = new Array<number>(pctls.length).fill(0);
  let j = 0;
  for (let i = 0; i < lats.length && j < pctls.length; i++) {
    const current = Math.floor((i * 100) / lats.length); // Go: i * 100 / len(r.lats), integer division
    if (current >= pctls[j]) {
      data[j] = lats[i];
      j++;
    }
  }
  return data;
}

/** 1..n: every value its own rank, so the oracle's 0 (not reached) cannot be mistaken for a value. */
const ranks = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** hey's latencies from every CSV it wrote that the repository bundles, sorted. */
async function heyCsvLatencies(): Promise<{ file: string; sorted: number[] }[]> {
  const files = [
    ...fs
      .readdirSync(path.join(ROOT, "data"))
      .filter((f) => f.endsWith(".hey.csv.gz"))
      .map((f) => `data/${f}`),
    ...fs
      .readdirSync(path.join(ROOT, "test/load/data"))
      .filter((f) => f.endsWith(".csv"))
      .map((f) => `test/load/data/${f}`),
  ];
  return Promise.all(
    files.map(async (file) => {
      const h = await loadHey(path.join(ROOT, file), { meta: false });
      return { file, sorted: [...numbers(h.requests, "latencyMs")].sort((a, b) => a - b) };
    }),
  );
}

describe("hey's percentile rule", () => {
  it("heyRank is the first index i ≥ from with ⌊100·i/n⌋ ≥ p, n when none (checked by search for n ≤ 300)", () => {
    for (let n = 1; n <= 300; n++) {
      for (const p of [0, ...HEY_PERCENTS, 99.9, 100]) {
        for (const from of [0, 1, Math.floor(n / 2), n - 1, n]) {
          let i = from;
          while (i < n && Math.floor((i * 100) / n) < p) i++;
          expect(heyRank(n, p, from), `n ${n} p ${p} from ${from}`).toBe(i);
        }
      }
    }
  });

  it("heyPercentileList is hey's latencies(): every n from 1 to 300, and hey's CSVs of the bundled captures", async () => {
    const check = (sorted: readonly number[], what: string) => {
      const oracle = heyLoop(sorted, HEY_PERCENTS);
      const list = heyPercentileList(sorted, HEY_PERCENTS);
      // hey leaves a percentile it never reached at 0 and does not print it; the list leaves it out
      expect(
        list.map((p) => p.percent),
        what,
      ).toEqual(HEY_PERCENTS.filter((_, j) => j < list.length));
      expect(
        list.map((p) => p.value),
        what,
      ).toEqual(oracle.slice(0, list.length));
      expect(
        oracle.slice(list.length).every((v) => v === 0),
        what,
      ).toBe(true);
    };
    for (let n = 1; n <= 300; n++) check(ranks(n), `n ${n}`);
    const captures = await heyCsvLatencies();
    expect(captures.length).toBeGreaterThanOrEqual(12);
    for (const { file, sorted } of captures) check(sorted, file);
  });

  it("heyPercentile alone is hey's printed percentile from 100 values on; below, its rank or the largest value", async () => {
    for (const { file, sorted } of await heyCsvLatencies()) {
      if (sorted.length < 100) continue;
      expect(
        HEY_PERCENTS.map((p) => heyPercentile(sorted, p / 100)),
        file,
      ).toEqual(heyLoop(sorted, HEY_PERCENTS));
    }
    for (let n = 100; n <= 300; n++) {
      expect(HEY_PERCENTS.map((p) => heyPercentile(ranks(n), p / 100))).toEqual(
        heyLoop(ranks(n), HEY_PERCENTS),
      );
    }
    for (let n = 1; n < 100; n++) {
      // alone, a percentile is hey's loop run for it alone; where that never reaches it, the largest value
      for (const p of HEY_PERCENTS)
        expect(heyPercentile(ranks(n), p / 100)).toBe(heyLoop(ranks(n), [p])[0] || n);
    }
    // where the list and one alone differ (the difference stated once, in heyPercentile.ts): n = 3
    expect(heyPercentileList([1, 2, 3], HEY_PERCENTS)).toEqual([
      { percent: 10, value: 2 },
      { percent: 25, value: 3 }, // index 1 went to p10: hey gives p25 the next one
    ]);
    expect(heyPercentile([1, 2, 3], 0.25)).toBe(2);
    expect(heyPercentile([1, 2, 3], 0.5)).toBe(3); // not printed by hey
    expect(heyPercentile([], 0.5)).toBeNaN();
    expect(() => heyPercentile([1], 1.5)).toThrow(RangeError);
  });

  it("hey's printed summaries list the percentiles the rule reaches for their response counts", async () => {
    const printed: Record<string, number[]> = {};
    for (const f of ["sendjson-200.txt", "get-405.txt", "stopped.txt", "refused.txt"]) {
      const s = (await loadHey(path.join(ROOT, "test/load/data", f))).summary;
      printed[`${f} (${s.responses} responses)`] = s.percentiles.map((p) => p.percent);
      const reached = heyPercentileList(ranks(s.responses), HEY_PERCENTS).map((p) => p.percent);
      expect(
        s.percentiles.map((p) => p.percent),
        f,
      ).toEqual(reached);
    }
    // 98 responses: hey printed no p99 (its `0% in 0.0000 secs` line); one percentile alone gives the max there
    expect(printed).toEqual({
      "sendjson-200.txt (200 responses)": [...HEY_PERCENTS],
      "get-405.txt (100 responses)": [...HEY_PERCENTS],
      "stopped.txt (98 responses)": [10, 25, 50, 75, 90, 95],
      "refused.txt (0 responses)": [],
    });
    expect(heyPercentile(ranks(98), 0.99)).toBe(98);
  });
});
