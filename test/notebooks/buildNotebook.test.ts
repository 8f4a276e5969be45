import { describe, expect, it } from "vitest";
import { buildNotebook, TSLAB_KERNELSPEC } from "./buildNotebook";

const SOURCE = [
  "# Title",
  "",
  "One paragraph.",
  "",
  "```ts",
  "const x = 1;",
  "x",
  "```",
  "",
  "Capture it with:",
  "",
  "```sh",
  "GODEBUG=gctrace=1 ./prog",
  "```",
  "",
  "```ts",
  "",
  "x + 1",
  "",
  "```",
].join("\n");

describe("buildNotebook", () => {
  it("makes each ```ts block a code cell and the text between them one Markdown cell", () => {
    const nb = buildNotebook(SOURCE, "t.md");
    expect(nb.cells.map((c) => [c.cell_type, c.source])).toEqual([
      ["markdown", "# Title\n\nOne paragraph."],
      ["code", "const x = 1;\nx"],
      ["markdown", "Capture it with:\n\n```sh\nGODEBUG=gctrace=1 ./prog\n```"],
      ["code", "x + 1"],
    ]);
  });

  it("gives cells stable ids and code cells empty outputs", () => {
    const nb = buildNotebook(SOURCE, "t.md");
    expect(nb.cells.map((c) => c.id)).toEqual(["cell-00", "cell-01", "cell-02", "cell-03"]);
    expect(nb.cells[1]).toMatchObject({ execution_count: null, outputs: [] });
    expect(nb.cells[0]).not.toHaveProperty("outputs");
  });

  it("declares the tslab kernel", () => {
    expect(buildNotebook(SOURCE, "t.md").metadata.kernelspec).toEqual(TSLAB_KERNELSPEC);
  });

  it("keeps a ```ts line inside another fence as Markdown", () => {
    const nb = buildNotebook("```text\n```ts\n```\n\n```ts\n1\n```", "t.md");
    expect(nb.cells.map((c) => c.cell_type)).toEqual(["markdown", "code"]);
  });

  it("reads CRLF sources like LF ones", () => {
    expect(buildNotebook(SOURCE.replace(/\n/g, "\r\n"), "t.md")).toEqual(buildNotebook(SOURCE, "t.md"));
  });

  it("names the file and line of a code block that is never closed", () => {
    expect(() => buildNotebook("text\n\n```ts\nx", "nb.md")).toThrow("nb.md:3: code block is never closed");
  });

  it("rejects an empty code block and a source without code", () => {
    expect(() => buildNotebook("```ts\n\n```", "nb.md")).toThrow("nb.md:1: empty code block");
    expect(() => buildNotebook("# only text", "nb.md")).toThrow("nb.md: no ```ts code cell");
  });
});
