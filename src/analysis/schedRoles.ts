/**
 * What the P and M lines of a scheddetail dump say, counted per dump: Ps by status, and Ms by the role their fields
 * reveal (the runtime prints no role). Meanings: go1.19 runtime/proc.go schedtrace (the fields it prints),
 * runtime/runtime2.go (p.status, m.spinning/blocked/lockedg/locks), docs/formats.md §4.2.
 */
import { num, str } from "../table/columnSpec";
import { numbers } from "../table/columns";
import { makeTable } from "../table/makeTable";
import type { Table } from "../table/table";
import { type TraceInput, tableOf } from "./input";

/** runtime/runtime2.go: _Pidle 0, _Prunning 1, _Psyscall 2, _Pgcstop 3, _Pdead 4. */
export const P_STATUS_NAMES: readonly string[] = ["idle", "running", "syscall", "gcstop", "dead"];

/** runtime/runtime2.go _Gdead: a G that is not in use (the cgo extra M's G stays dead until C calls into Go). */
const G_DEAD = 6;

/**
 * The roles `mRoleCounts` tells apart, in the order they are tried (the first that fits):
 * - `holds a P`: m.p is set — running Go code, or the scheduler looking for some;
 * - `spinning`: m.spinning — out of work, looking for a runnable goroutine (counted in `spinningthreads`);
 * - `cgo extra M`: locked to a G that is dead: an M kept for C threads calling into Go (runtime/proc.go
 *   oneNewExtraM; needs the G table); it counts in `threads` (mcount) but is no OS thread until C uses it;
 * - `locked to a goroutine`: m.lockedg — LockOSThread; parked (nmidlelocked) while its goroutine waits;
 * - `in a syscall (has a G, no P)`: m.curg without a P: its goroutine is in a system call or a blocking note
 *   sleep (entersyscallblock, e.g. os/signal's signal_recv);
 * - `sysmon (printing)`: holds runtime locks while running without a P or G: the dump is printed by sysmon
 *   (proc.go sysmon → schedtrace holds sched.lock and the print lock: locks=2);
 * - `parked`: m.blocked — asleep on its note: on the idle list (`idlethreads`), or the template thread;
 * - `other`: between states at the moment of the dump.
 */
export const M_ROLES: readonly string[] = [
  "holds a P",
  "spinning",
  "cgo extra M",
  "locked to a goroutine",
  "in a syscall (has a G, no P)",
  "sysmon (printing)",
  "parked",
  "other",
];

export const P_STATUS_COUNTS_SCHEMA = [
  num("timeMs", "ms", "time of the scheddetail dump"),
  str("status", "P status name (runtime2.go _Pidle … _Pdead)"),
  num("count", "Ps", "Ps with that status in the dump (0 when none)"),
] as const;

export const M_ROLE_COUNTS_SCHEMA = [
  num("timeMs", "ms", "time of the scheddetail dump"),
  str("role", "what the M's fields say it is doing (M_ROLES)"),
  num("count", "Ms", "Ms in that role in the dump (0 when none)"),
  str("ms", "their ids, e.g. `M2 M7`"),
] as const;

/** Long-form counts per dump (run, timeMs) and group, every group in every dump. */
function countPerDump(
  name: string,
  schema: typeof P_STATUS_COUNTS_SCHEMA | typeof M_ROLE_COUNTS_SCHEMA,
  groups: readonly string[],
  table: Table,
  groupOf: (row: number) => number,
  idOf?: (row: number) => string,
): Table {
  const time = numbers(table, "timeMs");
  const run = numbers(table, "run");
  const t: number[] = [];
  const g: string[] = [];
  const c: number[] = [];
  const ids: string[] = [];
  let counts = new Array<number>(groups.length).fill(0);
  let members: string[][] = groups.map(() => []);
  const flush = (timeMs: number) => {
    for (let k = 0; k < groups.length; k++) {
      t.push(timeMs);
      g.push(groups[k]);
      c.push(counts[k]);
      ids.push(members[k].join(" "));
    }
    counts = counts.map(() => 0);
    members = groups.map(() => []);
  };
  for (let r = 0; r < table.length; r++) {
    if (r > 0 && (time[r] !== time[r - 1] || run[r] !== run[r - 1])) flush(time[r - 1]);
    const k = groupOf(r);
    counts[k]++;
    if (idOf) members[k].push(idOf(r));
  }
  if (table.length > 0) flush(time[table.length - 1]);
  const columns: Record<string, Float64Array | string[]> = {
    timeMs: Float64Array.from(t),
    [schema[1].name]: g,
    count: Float64Array.from(c),
  };
  if (idOf) columns.ms = ids;
  return makeTable(name, schema, columns);
}

/** Ps by status in each dump (scheddetailP). `input`: a Trace, its scheddetailP Table or DataFrame. */
export function pStatusCounts(input: TraceInput): Table {
  const p = tableOf(input, "scheddetailP");
  const status = numbers(p, "status");
  const other = P_STATUS_NAMES.length;
  const names = [...P_STATUS_NAMES, "unknown"];
  return countPerDump("pStatusCounts", P_STATUS_COUNTS_SCHEMA, names, p, (r) =>
    Number.isInteger(status[r]) && status[r] >= 0 && status[r] < other ? status[r] : other,
  );
}

/**
 * Ms by role in each dump (scheddetailM; see M_ROLES for the rules). The cgo extra M is recognised by its dead G,
 * from the scheddetailG table: taken from `input` when it is a Trace, else pass it as `gInput`.
 */
export function mRoleCounts(input: TraceInput, gInput?: TraceInput): Table {
  const m = tableOf(input, "scheddetailM");
  const viaTrace = typeof input === "object" && input !== null && "tables" in input;
  const gSource = gInput ?? (viaTrace ? input : undefined);
  const gTable = gSource === undefined ? undefined : tableOf(gSource, "scheddetailG");
  const deadG = new Set<string>();
  if (gTable) {
    const gt = numbers(gTable, "timeMs");
    const gr = numbers(gTable, "run");
    const goid = numbers(gTable, "goid");
    const gs = numbers(gTable, "status");
    for (let r = 0; r < gTable.length; r++) if (gs[r] === G_DEAD) deadG.add(`${gr[r]}/${gt[r]}/${goid[r]}`);
  }
  const [time, run, id, p, curg, spinning, blocked, lockedg, locks] = [
    "timeMs",
    "run",
    "m",
    "p",
    "curg",
    "spinning",
    "blocked",
    "lockedg",
    "locks",
  ].map((c) => numbers(m, c));
  const role = (r: number): number => {
    if (Number.isFinite(p[r])) return 0;
    if (spinning[r] === 1) return 1;
    if (Number.isFinite(lockedg[r])) {
      const dead = deadG.has(`${run[r]}/${time[r]}/${lockedg[r]}`);
      return dead && curg[r] === lockedg[r] ? 2 : 3;
    }
    if (Number.isFinite(curg[r])) return 4;
    if (locks[r] > 0 && blocked[r] !== 1) return 5;
    if (blocked[r] === 1) return 6;
    return 7;
  };
  return countPerDump("mRoleCounts", M_ROLE_COUNTS_SCHEMA, M_ROLES, m, role, (r) => `M${id[r]}`);
}
