/**
 * Every real trace we have, for tests that compare two ways of parsing the same input: the shared corpus, data/
 * (captures and corpus copies) and test/data, with their source headers cut.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TABLE_NAMES, type Trace } from "../../src";

export const REPO = join(__dirname, "..", "..");
export const CORPUS = "/work/shared/corpus";

function fixtures(): { name: string; text: string }[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(txt|log)$/.test(e.name)) files.push(p);
    }
  };
  walk(CORPUS);
  walk(join(REPO, "data"));
  walk(join(REPO, "test", "data"));
  return files.map((p) => {
    const raw = readFileSync(p, "utf8");
    const head = raw.indexOf("# ---\n");
    return { name: p, text: head >= 0 ? raw.slice(head + 6) : raw };
  });
}

/** name: the file's path; text: its trace, header cut. */
export const FIXTURES = fixtures();

/** Everything a parse produces, in comparable form. */
export function essence(t: Trace): unknown {
  return {
    lines: t.lines,
    counts: t.counts,
    runs: t.runs,
    malformed: t.malformed,
    damage: t.damage,
    other: Array.from(t.other),
    otherText: t.otherText,
    tables: Object.fromEntries(
      TABLE_NAMES.map((n) => [
        n,
        Object.fromEntries(
          Object.entries(t.tables[n].columns).map(([k, v]) => [k, Array.from(v as ArrayLike<unknown>)]),
        ),
      ]),
    ),
  };
}
