/** The table layer, re-exported for the public API (src/index.ts) and the notebooks. */
export { KEY_COLUMNS } from "./columnSpec";
// typed column readers: a notebook reads `numbers(table, "timeMs")` instead of casting `table.columns.timeMs`
export { booleans, numbers, strings } from "./columns";
export { rowsTable } from "./makeTable";
export { busiestRun, mainRun, selectRun } from "./runs";
export { filterRows, selectColumns } from "./selectRows";
export type { ColumnData, ColumnSpec, Table } from "./table";
