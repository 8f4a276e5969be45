/** Ps by status and Ms by role on the real dump of data/scheddetail.log (two Ps, the web service under hey). */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  loadTrace,
  mRoleCounts,
  mRolesChart,
  numbers,
  pStatusChart,
  pStatusCounts,
  strings,
} from "../../src";

describe("scheddetail roles of scheddetail.log", async () => {
  const trace = await loadTrace(join(__dirname, "..", "..", "data", "scheddetail.log"));
  const at = (table: ReturnType<typeof mRoleCounts>, timeMs: number, key: string) => {
    const t = numbers(table, "timeMs");
    const k = strings(table, key);
    const c = numbers(table, "count");
    const out: Record<string, number> = {};
    for (let r = 0; r < table.length; r++) if (t[r] === timeMs && c[r] > 0) out[k[r]] = c[r];
    return out;
  };

  it("names every M of the 2018 ms dump, and their number is the header's threads", () => {
    const roles = mRoleCounts(trace);
    expect(at(roles, 2018, "role")).toEqual({
      "holds a P": 1,
      spinning: 1,
      "cgo extra M": 1,
      "locked to a goroutine": 1,
      "in a syscall (has a G, no P)": 1,
      "sysmon (printing)": 1,
      parked: 3,
    });
    const ms = strings(roles, "ms");
    const row = (role: string) =>
      [...ms.keys()].find((r) => numbers(roles, "timeMs")[r] === 2018 && strings(roles, "role")[r] === role);
    expect(ms[row("spinning") ?? -1]).toBe("M7");
    expect(ms[row("cgo extra M") ?? -1]).toBe("M1");
    expect(ms[row("sysmon (printing)") ?? -1]).toBe("M2");
    expect(ms[row("locked to a goroutine") ?? -1]).toBe("M0");
    // Every dump: the Ms add up to threads, the spinning ones to spinningthreads.
    const head = trace.tables.schedtrace;
    const times = numbers(head, "timeMs");
    for (let r = 0; r < head.length; r++) {
      const counts = at(roles, times[r], "role");
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(numbers(head, "threads")[r]);
      expect(counts.spinning ?? 0).toBe(numbers(head, "spinningthreads")[r]);
    }
    // Without the G table the extra M cannot be told from a locked M.
    expect(at(mRoleCounts(trace.tables.scheddetailM), 2018, "role")["locked to a goroutine"]).toBe(2);
  });

  it("counts Ps by status per dump", () => {
    const p = pStatusCounts(trace);
    expect(at(p, 2018, "status")).toEqual({ idle: 1, running: 1 });
    expect(at(p, 0, "status")).toEqual({ idle: 2 });
  });

  it("charts both as stacked bars, one per dump, in time order", () => {
    const spec = mRolesChart(mRoleCounts(trace)) as { data: { values: { dump: string }[] } };
    expect(new Set(spec.data.values.map((v) => v.dump))).toEqual(
      new Set(["0.000 s", "1.009 s", "2.018 s", "3.024 s", "4.032 s"]),
    );
    const ps = pStatusChart(pStatusCounts(trace)) as { encoding: { x: { sort: unknown } } };
    expect(ps.encoding.x.sort).toEqual({ field: "order", op: "min" });
  });
});
