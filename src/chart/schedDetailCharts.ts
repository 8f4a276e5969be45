/**
 * The P and M lines of scheddetail dumps as charts: Ps by status and Ms by role, one stacked bar per dump
 * (analysis/schedRoles.ts pStatusCounts, mRoleCounts). A dump is a snapshot: bars, not areas, so nothing is drawn
 * between two dumps.
 */
import { M_ROLES, P_STATUS_NAMES } from "../analysis/schedRoles";
import { numbers, strings } from "../table/columns";
import type { Table } from "../table/table";
import { type ChartOptions, COUNT_AXIS, frame, type Row, seconds, type TopLevelSpec, value } from "./spec";

const P_COLORS = ["#bab0ac", "#4c78a8", "#f58518", "#e45756", "#000000", "#9d755d"];
const M_COLORS = ["#4c78a8", "#f58518", "#b279a2", "#e45756", "#72b7b2", "#54a24b", "#bab0ac", "#9d755d"];

function stackedBars(
  counts: Table,
  group: string,
  domain: readonly string[],
  range: readonly string[],
  yTitle: string,
  title: string,
  subtitle: string,
  options: ChartOptions,
): TopLevelSpec {
  const time = numbers(counts, "timeMs");
  const name = strings(counts, group);
  const count = numbers(counts, "count");
  const ids = counts.columns.ms ? strings(counts, "ms") : undefined;
  const rows: Row[] = [];
  for (let i = 0; i < counts.length; i++) {
    if (count[i] === 0) continue;
    // The dump's time as a label: dumps are a schedtrace period apart, bars of equal width read better than a
    // time axis with slivers.
    rows.push({
      dump: `${seconds(time[i])?.toFixed(3)} s`,
      order: time[i],
      [group]: name[i],
      count: value(count[i]),
    });
    if (ids) rows[rows.length - 1].ms = ids[i];
  }
  const shown = domain.filter((d) => rows.some((r) => r[group] === d));
  return {
    ...frame(title, subtitle, options),
    data: { values: rows },
    mark: { type: "bar" },
    encoding: {
      x: {
        field: "dump",
        type: "ordinal",
        sort: { field: "order", op: "min" },
        title: "dump (time since the first schedtrace dump)",
        axis: { labelAngle: 0 },
      },
      y: { field: "count", type: "quantitative", stack: "zero", title: yTitle, ...COUNT_AXIS },
      color: {
        field: group,
        type: "nominal",
        title: null,
        scale: { domain: shown, range: shown.map((d) => range[domain.indexOf(d)]) },
        sort: shown,
        legend: { columns: 4 },
      },
      tooltip: [
        { field: "dump", type: "ordinal" },
        { field: group, type: "nominal" },
        { field: "count", type: "quantitative" },
        ...(ids ? [{ field: "ms", type: "nominal" as const, title: "Ms" }] : []),
      ],
    },
  } as TopLevelSpec;
}

/** Ps by status in each dump (pStatusCounts): how many Ps ran Go code, sat idle, or were in a system call. */
export function pStatusChart(counts: Table, options: ChartOptions = {}): TopLevelSpec {
  return stackedBars(
    counts,
    "status",
    [...P_STATUS_NAMES, "unknown"],
    P_COLORS,
    "Ps",
    "Ps by status",
    "Each bar is one dump; idle Ps have nothing to run, running Ps are held by an M",
    options,
  );
}

/** Ms by role in each dump (mRoleCounts); the tooltip lists the Ms. */
export function mRolesChart(counts: Table, options: ChartOptions = {}): TopLevelSpec {
  return stackedBars(
    counts,
    "role",
    M_ROLES,
    M_COLORS,
    "Ms (threads = their number)",
    "Ms by role",
    "threads counts every M; only the parked ones on the idle list are idlethreads",
    options,
  );
}
