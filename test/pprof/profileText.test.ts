/** pprof text profiles on the real captures of data/ (scripts/capture.sh: case2-leak-pprof, workload-alloc*). */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { numbers, parseGoroutineProfile, parseHeapProfile, strings } from "../../src";
import { scaleHeapSample } from "../../src/pprof/profileText";

const DATA = path.join(__dirname, "..", "..", "data");
const read = (name: string) => fs.readFileSync(path.join(DATA, name), "utf8");
const meta = (name: string) => JSON.parse(read(`${name}.meta.json`));

describe("parseGoroutineProfile on the leaking service's profile", () => {
  const text = read("case2-leak-pprof.goroutine.txt");
  const table = parseGoroutineProfile(text, { source: "case2-leak-pprof.goroutine.txt" });

  it("names the leaking function and line first, with one goroutine per request", () => {
    const source = read("../examples/webservice/main.go").split("\n");
    expect(strings(table, "function")[0]).toBe("main.sendJSON.func1.1");
    expect(strings(table, "file")[0]).toBe("godebuglab/examples/webservice/main.go");
    const line = numbers(table, "line")[0];
    expect(source[line - 1].trim()).toBe("go func() { <-never }()");
    // Every request of the load leaked one goroutine; the service's own count says the same.
    expect(numbers(table, "count")[0]).toBe(meta("case2-leak-pprof").load.requests);
    expect(read("case2-leak-pprof.log")).toContain(`leaked goroutines=${numbers(table, "count")[0]}`);
  });

  it("keeps every goroutine: the counts add up to the header's total", () => {
    const total = Number(text.match(/total (\d+)/)?.[1]);
    expect(numbers(table, "count").reduce((a, b) => a + b, 0)).toBe(total);
    expect(table.length).toBe((text.match(/^\d+ @/gm) ?? []).length);
    // A record whose frames are all runtime-internal prints none: an empty function, not a dropped row.
    expect(strings(table, "function")).toContain("");
    expect(strings(table, "stack").find((s) => s.includes("net/http.(*Server).Serve"))).toContain(
      "main.main (godebuglab/examples/webservice/main.go:",
    );
  });

  it("says where and why on text that is not a whole profile", () => {
    expect(() => parseGoroutineProfile("", { source: "x.txt" })).toThrow("x.txt:1: empty");
    expect(() => parseGoroutineProfile("heap profile: 1: 2 [3: 4] @ heap/1048576")).toThrow(
      "profile:1: not a goroutine profile",
    );
    const lines = text.split("\n");
    expect(() => parseGoroutineProfile(lines.slice(0, 4).join("\n"))).toThrow(/total 805 \(truncated\?\)/);
    const bad = [...lines.slice(0, 2), "#\tmain.x main.go", ...lines.slice(3)].join("\n");
    expect(() => parseGoroutineProfile(bad)).toThrow("profile:3: frame line not");
  });
});

describe("parseHeapProfile on the workload's allocation profiles", () => {
  it("names the allocating line, and its scaled bytes match the runtime's TotalAlloc", () => {
    const table = parseHeapProfile(read("workload-alloc.allocs.txt"));
    const source = read("../examples/workload/main.go").split("\n");
    expect(strings(table, "function")[0]).toBe("main.newItem");
    expect(source[numbers(table, "line")[0] - 1].trim()).toBe("return &garbage{}");
    expect(strings(table, "stack")[0]).toMatch(/^main\.newItem \(.*\) ← main\.main \(/);
    // The profile is as of the last completed GC; TotalAlloc is at exit: within a few percent.
    const totalAlloc = JSON.parse(read("workload-alloc.memstats.json")).totalAlloc;
    const sum = numbers(table, "allocBytes").reduce((a, b) => a + b, 0);
    expect(sum / totalAlloc).toBeGreaterThan(0.9);
    expect(sum / totalAlloc).toBeLessThan(1.05);
  });

  it("no longer shows the allocating line once the fix is on", () => {
    const table = parseHeapProfile(read("workload-alloc-fixed.allocs.txt"));
    expect(strings(table, "function")).not.toContain("main.newItem");
    expect(strings(table, "function")).not.toContain("main.reuseItem");
  });

  it("scales samples as pprof does", () => {
    // 1 KiB objects at the default MemProfileRate (512 KiB): each sample stands for ~512.5 objects.
    const [objects, bytes] = scaleHeapSample(2, 2048, 512 * 1024);
    expect(objects).toBeCloseTo(2 / (1 - Math.exp(-1024 / (512 * 1024))), 6);
    expect(bytes).toBe(objects * 1024);
    expect(scaleHeapSample(0, 0, 512 * 1024)).toEqual([0, 0]);
    expect(scaleHeapSample(3, 30, 1)).toEqual([3, 30]);
  });

  it("refuses a profile whose records do not add up to the header", () => {
    const text = read("workload-alloc.allocs.txt").replace(
      /^1: 4661248 \[1: 4661248\]/m,
      "1: 4661248 [2: 4661248]",
    );
    expect(() => parseHeapProfile(text, { source: "a.txt" })).toThrow("a.txt: records sum to");
  });
});
