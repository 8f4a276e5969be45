/**
 * Memory the scavenger returned to the OS, and what the heap kept, over time (scvg lines up to go1.13, scav lines
 * since go1.14; docs/formats.md §2). The runtime prints no time: a scav line's time is the start of the gc cycle
 * whose sweep it closes (scavtrace `gcNum`; the line was printed between that cycle's end and the next cycle's
 * start), a scvg line's the start of the last gc cycle before it; so the series is as precise as the gctrace beside it.
 */
import { num } from "../table/columnSpec";
import { booleans, numbers, strings } from "../table/columns";
import { makeTable } from "../table/makeTable";
import type { Table } from "../table/table";
import { type TraceInput, tableOf } from "./input";

/** docs/formats.md §0.4: KiB = bytes >> 10, MB = MiB = bytes >> 20. */
const KIB_PER_MIB = 1024;

export const SCAVENGER_SCHEMA = [
  num("timeMs", "ms", "line time (start of its gc cycle, see scavtrace gcNum; NaN without gctrace)"),
  num(
    "releasedMB",
    "MiB",
    "returned to the OS by this pass / since the previous line (scvg released, scav work)",
  ),
  num("releasedTotalMB", "MiB", "running sum of releasedMB"),
  num(
    "heapReleasedMB",
    "MiB",
    "heap memory currently returned to the OS (scvg summary released, scav total/now)",
  ),
  num(
    "retainedMB",
    "MiB",
    "heap memory kept from the OS: scvg summary consumed = sys − released (NaN for scav lines)",
  ),
  num("utilPct", "%", "scav: heap in use as a share of the retained heap"),
  num("forced", "0/1", "1 for debug.FreeOSMemory"),
] as const;

/**
 * One row per scvg `released`/summary or scav line; `gcforced` notices are skipped (they release nothing).
 * `input`: a Trace (its `scavtrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function scavengerSeries(input: TraceInput): Table {
  const scavtrace = tableOf(input, "scavtrace");
  const event = strings(scavtrace, "event");
  const time = numbers(scavtrace, "timeMs");
  const releasedMB = numbers(scavtrace, "releasedMB");
  const releasedKiB = numbers(scavtrace, "releasedKiB");
  const workKiB = numbers(scavtrace, "workKiB");
  const totalKiB = numbers(scavtrace, "totalKiB");
  const heapReleased = numbers(scavtrace, "heapReleasedMB");
  const consumed = numbers(scavtrace, "consumedMB");
  const util = numbers(scavtrace, "utilPct");
  const forced = booleans(scavtrace, "forced");
  const out: Record<string, number[]> = {};
  for (const spec of SCAVENGER_SCHEMA) out[spec.name] = [];
  let total = 0;
  for (let r = 0; r < scavtrace.length; r++) {
    if (event[r] === "gcforced") continue;
    let released = Number.NaN;
    if (event[r] === "scav") released = workKiB[r] / KIB_PER_MIB;
    else if (event[r] === "released")
      released = Number.isFinite(releasedMB[r]) ? releasedMB[r] : releasedKiB[r] / KIB_PER_MIB;
    if (Number.isFinite(released)) total += released;
    out.timeMs.push(time[r]);
    out.releasedMB.push(released);
    out.releasedTotalMB.push(total);
    out.heapReleasedMB.push(event[r] === "scav" ? totalKiB[r] / KIB_PER_MIB : heapReleased[r]);
    out.retainedMB.push(consumed[r]);
    out.utilPct.push(util[r]);
    out.forced.push(forced[r] ? 1 : 0);
  }
  const columns: Record<string, Float64Array> = {};
  for (const spec of SCAVENGER_SCHEMA) columns[spec.name] = Float64Array.from(out[spec.name]);
  return makeTable("scavenger", SCAVENGER_SCHEMA, columns);
}
