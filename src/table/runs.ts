/**
 * Run selection: a file may hold several process runs (the `run` key column, src/parse/runs.ts); analyses and
 * charts mostly want one of them.
 */
import { numbers } from "./columns";
import { selectRows } from "./selectRows";
import type { Table } from "./table";

/** The rows of one process run (the `run` column): views on the table's columns when they are one block. */
export function selectRun(table: Table, run: number): Table {
  const runs = numbers(table, "run");
  return selectRows(table, (r) => runs[r] === run).table;
}

/**
 * The run with the most rows in `table` (ties: the later run). A `go run` trace holds the go command's and the
 * compiler's short runs before the program's own; the program is almost always the busiest.
 */
export function busiestRun(table: Table): number {
  const runs = numbers(table, "run");
  const counts = new Map<number, number>();
  for (let r = 0; r < runs.length; r++) counts.set(runs[r], (counts.get(runs[r]) ?? 0) + 1);
  let best = Number.NaN;
  let bestCount = 0;
  for (const [run, count] of counts) {
    if (count > bestCount || (count === bestCount && run > best)) {
      best = run;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The rows of run `run` when given, else of the busiest run; the table unchanged if it holds one run (or none).
 * In a `go run` trace the go command's own process can be busier than the program: pass the program's run.
 */
export function mainRun(table: Table, run?: number): Table {
  if (run !== undefined) return selectRun(table, run);
  if (table.length === 0) return table;
  const runs = numbers(table, "run");
  let single = true;
  for (let r = 1; r < runs.length && single; r++) single = runs[r] === runs[0];
  return single ? table : selectRun(table, busiestRun(table));
}
