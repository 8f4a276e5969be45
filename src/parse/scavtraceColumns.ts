/**
 * Column schema of the `scavtrace` table the scavenger scanner (scavtrace.ts) fills (docs/schema.md is generated
 * from it). NaN marks a field the line's layout does not print.
 */
import { bool, KEY_COLUMNS, num, str } from "../table/columnSpec";
import type { ColumnSpec } from "../table/table";

/** The number columns, in schema order after the key columns, event and format. */
export const SCAVTRACE_VALUE_COLUMNS: readonly ColumnSpec[] = [
  num(
    "scvgNum",
    "pass",
    "scvg<k>: sysmon scavenger pass from 0; -1 = debug.FreeOSMemory; NaN when unnumbered",
  ),
  num("gen", "generation", "scav, go1.15–go1.18: scavenger generation number"),
  num("releasedMB", "MiB", "scvg `<x> MB released`: memory this scavenger pass returned to the OS"),
  num(
    "releasedKiB",
    "KiB",
    "scvg `<x> KB released` (go1.14beta only): memory returned to the OS by this pass",
  ),
  num("inuseMB", "MiB", "scvg summary inuse: memory in in-use spans"),
  num("idleMB", "MiB", "scvg summary idle: memory in idle spans"),
  num("sysMB", "MiB", "scvg summary sys: heap memory obtained from the OS"),
  num("heapReleasedMB", "MiB", "scvg summary released: heap memory currently returned to the OS"),
  num("consumedMB", "MiB", "scvg summary consumed: sys − released"),
  num("workKiB", "KiB", "scav: memory returned to the OS since the previous scav line (go1.21+: bg + eager)"),
  num("bgWorkKiB", "KiB", "scav, go1.21+: of that, returned by the background scavenger"),
  num(
    "eagerWorkKiB",
    "KiB",
    "scav, go1.21+: of that, returned eagerly (allocation, heap growth, memory limit)",
  ),
  num("totalKiB", "KiB", "scav: heap memory currently returned to the OS (`KiB total`, go1.21+ `KiB now`)"),
  num("utilPct", "%", "scav: heap in use as a percentage of the heap retained from the OS (integer)"),
];

export const SCAVTRACE_COLUMNS: readonly ColumnSpec[] = [
  ...KEY_COLUMNS,
  num("afterGcNum", "cycle", "the last gc cycle seen before this line; NaN if none"),
  str("event", "released (scvg <x> released), summary (scvg inuse: …), gcforced (scvg GC forced) or scav"),
  str(
    "format",
    "layout: go1.1 (hex/GC forced), go1.2 (scvgN), go1.13 (scvg:), go1.14beta (KB), go1.14, go1.15 (gen), go1.21",
  ),
  num(
    "gcNum",
    "cycle",
    "scav lines: the cycle whose sweep ended when the line was printed (timeMs is its start); NaN for scvg",
  ),
  ...SCAVTRACE_VALUE_COLUMNS,
  bool("forced", "released by debug.FreeOSMemory: scvg-1, forced scvg or a scav line ending in (forced)"),
  bool(
    "controllerReset",
    "scav line ended with [controller reset] (the scavenger's pacing controller was reset)",
  ),
];
