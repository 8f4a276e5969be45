/**
 * The teaching notebooks' shape, checked on their sources without Jupyter: a numbered title and an opening
 * paragraph, Questions and Try it at the end, cells that need Go only behind GODEBUG_LAB_LIVE (and skipped in the
 * committed outputs), the package imported from its root, and only data that exists in the repository.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { buildNotebook, type Notebook } from "./buildNotebook";
import { NOTEBOOKS_DIR, PROJECT_ROOT } from "./executeNotebook";
import { joinText } from "./normaliseNotebook";

const SOURCES_DIR = path.join(NOTEBOOKS_DIR, "src");
const NAMES = fs
  .readdirSync(SOURCES_DIR)
  .filter((f) => /^\d\d-[\w-]+\.md$/.test(f))
  .map((f) => f.slice(0, -3))
  .sort();

/** A cell needs Go (or another program) when it starts processes or runs a live capture. */
const NEEDS_GO = /child_process|\bcapture\(/;

function markdownText(nb: Notebook): string {
  return nb.cells
    .filter((c) => c.cell_type === "markdown")
    .map((c) => c.source)
    .join("\n\n");
}

describe.each(NAMES)("notebook source %s", (name) => {
  const source = fs.readFileSync(path.join(SOURCES_DIR, `${name}.md`), "utf8");
  const nb = buildNotebook(source, name);
  const code = nb.cells.filter((c) => c.cell_type === "code");

  it("opens with its numbered title and a paragraph on what you learn", () => {
    const first = nb.cells[0];
    expect(first.cell_type).toBe("markdown");
    const lines = first.source.split("\n").filter((l) => !l.startsWith("<!--"));
    expect(lines[0]).toMatch(new RegExp(`^# ${name.slice(0, 2)} · \\S`));
    const paragraph = lines.slice(1).join(" ").trim();
    expect(paragraph.length, "opening paragraph").toBeGreaterThan(200);
  });

  it("ends with Questions and Try it, each with at least two items", () => {
    const text = markdownText(nb);
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1].trim());
    expect(headings.slice(-2)).toEqual(["Questions", "Try it"]);
    const questions = text.slice(text.lastIndexOf("## Questions"), text.lastIndexOf("## Try it"));
    const tryIt = text.slice(text.lastIndexOf("## Try it"));
    const items = (section: string) => section.match(/^(\d+\.|-) /gm)?.length ?? 0;
    expect(items(questions), "questions").toBeGreaterThanOrEqual(2);
    expect(items(tryIt), "exercises").toBeGreaterThanOrEqual(2);
  });

  it("runs the cells that need Go only when GODEBUG_LAB_LIVE=1", () => {
    const unguarded = code.filter((c) => NEEDS_GO.test(c.source) && !c.source.includes("GODEBUG_LAB_LIVE"));
    expect(unguarded.map((c) => c.id)).toEqual([]);
  });

  it("imports the package from its root, as a user's `godebug-lab` import", () => {
    const deep = code.flatMap((c) => [...c.source.matchAll(/from "(\.\.\/[^"]+)"/g)].map((m) => m[1]));
    expect(deep).toEqual([]);
  });

  it("reads only files that are in the repository", () => {
    const bundled = code
      .filter((c) => !NEEDS_GO.test(c.source))
      .flatMap((c) => [...c.source.matchAll(/"(\.\.\/[\w./-]+)/g)].map((m) => m[1]));
    const missing = bundled.filter((p) => !fs.existsSync(path.resolve(NOTEBOOKS_DIR, p)));
    expect(missing).toEqual([]);
  });

  it("is committed with its live cells skipped", () => {
    const committedPath = path.join(NOTEBOOKS_DIR, `${name}.ipynb`);
    expect(fs.existsSync(committedPath), `${path.relative(PROJECT_ROOT, committedPath)} is missing`).toBe(
      true,
    );
    const committed = JSON.parse(fs.readFileSync(committedPath, "utf8")) as Notebook;
    const live = committed.cells.filter((c) => c.cell_type === "code" && NEEDS_GO.test(joinText(c.source)));
    for (const cell of live) {
      const text = (cell.outputs ?? []).map((o) => joinText(o.text ?? "")).join("");
      expect(text, `cell ${cell.id}`).toMatch(/^skipped: /);
    }
  });
});
