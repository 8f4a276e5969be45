import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bool, KEY_COLUMNS, num, str } from "../../src/table/columnSpec";
import { booleans, closestName, columnMessage, numbers, strings } from "../../src/table/columns";
import { makeTable, rowsTable } from "../../src/table/makeTable";
import { busiestRun, mainRun, selectRun } from "../../src/table/runs";
import { filterRows, selectColumns, selectRows } from "../../src/table/selectRows";
import { NumberColumn, TableBuilder } from "../../src/table/tableBuilder";
import { parseTrace } from "../../src/trace/doors";

const REPO = join(__dirname, "..", "..");
/** `go run` of a program under gctrace=1 (go1.19): the go command's and the compiler's runs, then the program's. */
const GORUN = parseTrace(readFileSync(join(REPO, "test/data/go1.19/gctrace-gorun.txt"), "utf8")).tables
  .gctrace;

describe("table building", () => {
  it("NumberColumn grows past its capacity and finishes at its length; set() overwrites a row", () => {
    const c = new NumberColumn(2);
    for (let i = 0; i < 5; i++) c.push(i * 1.5);
    c.set(1, 42);
    expect(Array.from(c.finish())).toEqual([0, 42, 3, 4.5, 6]);
  });

  it("TableBuilder.finish refuses columns of unequal length, naming the column", () => {
    const b = new TableBuilder("t", [...KEY_COLUMNS, str("label", ""), bool("flag", "")]);
    for (const c of KEY_COLUMNS) b.num[c.name].push(1);
    b.str.label.push("a");
    expect(() => b.finish()).toThrow("table t: column flag has 0 rows, expected 1");
    b.bool.flag.push(true);
    expect(b.finish()).toMatchObject({ name: "t", length: 1, columns: { label: ["a"], flag: [true] } });
  });

  it("makeTable names a missing column and a column of another length", () => {
    const schema = [num("a", "ms", ""), num("b", "ms", "")];
    expect(() => makeTable("t", schema, { a: new Float64Array(2) })).toThrow("table t: column b missing");
    expect(() => makeTable("t", schema, { a: new Float64Array(2), b: new Float64Array(3) })).toThrow(
      "table t: column b has 3 rows, expected 2",
    );
  });

  it("the column-spec helpers give labels and flags no unit", () => {
    expect([num("pauseMs", "ms", "d"), str("kind", "d"), bool("forced", "d")]).toEqual([
      { name: "pauseMs", type: "number", unit: "ms", doc: "d" },
      { name: "kind", type: "string", unit: "", doc: "d" },
      { name: "forced", type: "boolean", unit: "", doc: "d" },
    ]);
  });
});

describe("typed column readers", () => {
  it("read a column as its type and throw for another type or a missing column", () => {
    expect(numbers(GORUN, "gcNum")).toBeInstanceOf(Float64Array);
    expect(strings(GORUN, "format")[0]).toMatch(/^go1\./);
    expect(typeof booleans(GORUN, "forced")[0]).toBe("boolean");
    expect(() => numbers(GORUN, "format")).toThrow(
      'table gctrace: no number column "format" (it holds strings)',
    );
    expect(() => strings(GORUN, "forced")).toThrow(
      'table gctrace: no string column "forced" (it holds booleans)',
    );
    expect(() => booleans(GORUN, "nope")).toThrow(
      'table gctrace: no boolean column "nope" (no column of that name); boolean columns: forced, goroutineLeakCheck',
    );
  });

  it("columnMessage: the table, the column and type asked for, a did-you-mean, and the columns of that type", () => {
    const numberColumns = GORUN.schema.filter((c) => c.type === "number").map((c) => c.name);
    expect(numberColumns).toContain("heapLiveMB");
    expect(columnMessage(GORUN, "heapLiveMb", "number")).toBe(
      `table gctrace: no number column "heapLiveMb" (did you mean "heapLiveMB"?); number columns: ${numberColumns.join(", ")}`,
    );
    // the nearest name holds another type: said so
    expect(columnMessage(GORUN, "forcd", "number")).toMatch(
      /^table gctrace: no number column "forcd" \(did you mean "forced", which holds booleans\?\); number columns: run, /,
    );
    // no type asked (selectColumns): every column listed
    expect(columnMessage(GORUN, "gcnum")).toBe(
      `table gctrace: no column "gcnum" (did you mean "gcNum"?); columns: ${GORUN.schema.map((c) => c.name).join(", ")}`,
    );
    expect(() => selectColumns(GORUN, ["gcNum", "gcnum"])).toThrow(columnMessage(GORUN, "gcnum"));
    // a table with no column of the asked type says none
    const labels = rowsTable([{ name: "a" }], "labels");
    expect(columnMessage(labels, "n", "number")).toBe(
      'table labels: no number column "n" (no column of that name); number columns: none',
    );
  });

  it("Trace.num/str/bool throw the same message as numbers/strings/booleans, and name a near table", () => {
    const trace = parseTrace(readFileSync(join(REPO, "test/data/go1.19/gctrace-gorun.txt"), "utf8"));
    const t = trace.tables.gctrace;
    const thrown = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error("did not throw");
    };
    expect(thrown(() => trace.num("gctrace", "pauseMS"))).toBe(thrown(() => numbers(t, "pauseMS")));
    expect(thrown(() => trace.num("gctrace", "pauseMS"))).toMatch(/\(did you mean "pauseMs"\?\)/);
    expect(thrown(() => trace.str("gctrace", "forced"))).toBe(thrown(() => strings(t, "forced")));
    expect(thrown(() => trace.bool("gctrace", "format"))).toBe(thrown(() => booleans(t, "format")));
    expect(thrown(() => trace.num("gctraces" as "gctrace", "gcNum"))).toMatch(
      /^unknown table "gctraces" \(did you mean "gctrace"\?\); tables: gctrace, /,
    );
  });

  it("closestName prefers another case, then the fewest edits within a third of the name, else none", () => {
    const names = ["heapLiveMB", "heapGoalMB", "pauseMs", "gcNum"];
    expect(closestName("heaplivemb", names)).toBe("heapLiveMB");
    expect(closestName("heapGoalMb", names)).toBe("heapGoalMB");
    expect(closestName("pausMs", names)).toBe("pauseMs");
    expect(closestName("gcnm", names)).toBe("gcNum"); // 1 edit, 4 letters: within max(1, 1)
    expect(closestName("gcx", names)).toBeUndefined(); // 3 letters allow 1 edit; gcNum is 3 away
    expect(closestName("timeMs", names)).toBeUndefined();
  });

  it("rowsTable types its columns from the first row and names a mistyped value", () => {
    const t = rowsTable([
      { n: 1, s: "a" },
      { n: 2, s: "b" },
    ]);
    expect(t.schema.map((c) => c.type)).toEqual(["number", "string"]);
    expect(() => rowsTable([{ n: 1 }, { n: "2" }])).toThrow('rowsTable: row 1 n is "2", not a number');
  });
});

describe("row and run selection on a real multi-run trace", () => {
  it("busiestRun takes the run with the most rows, the later one on a tie (runs 12 and 22 have 11 gc lines each)", () => {
    expect(busiestRun(GORUN)).toBe(22);
    expect(numbers(mainRun(GORUN), "run").every((r) => r === 22)).toBe(true);
    expect(mainRun(GORUN, 4).length).toBe(10);
  });

  it("a run (one block of rows) is selected as views on the table's own number columns", () => {
    const { table, copied } = selectRows(GORUN, (i) => numbers(GORUN, "run")[i] === 12);
    expect(copied).toBe(false);
    expect(table.length).toBe(11);
    expect(numbers(table, "gcNum").buffer).toBe(numbers(GORUN, "gcNum").buffer);
    expect(table).toEqual(filterRows(GORUN, (i) => numbers(GORUN, "run")[i] === 12));
    expect(selectRun(GORUN, 12)).toEqual(table);
  });

  it("rows that are not one block are copied, and a table of one run is returned as it is", () => {
    const even = (i: number) => i % 2 === 0;
    const { table, copied } = selectRows(GORUN, even);
    expect(copied).toBe(true);
    expect(table).toEqual(filterRows(GORUN, even));
    const one = selectRun(GORUN, 22);
    expect(mainRun(one)).toBe(one);
  });
});
