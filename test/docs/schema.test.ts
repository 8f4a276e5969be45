import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { schemaMarkdown } from "../../scripts/schemaDoc";
import { parseTrace, TABLE_INFO, TABLE_NAMES, TABLE_SCHEMAS } from "../../src";

const SCHEMA_MD = join(__dirname, "..", "..", "docs", "schema.md");

describe("docs/schema.md", () => {
  it("is what scripts/gen-schema.ts writes from the current ColumnSpecs (not stale)", () => {
    const committed = readFileSync(SCHEMA_MD, "utf8");
    // On failure: npx tsc -p scripts/gen-schema.tsconfig.json && node node_modules/.cache/gen-schema/scripts/gen-schema.js
    expect(committed, "docs/schema.md is stale: regenerate it with scripts/gen-schema.ts").toBe(
      schemaMarkdown(),
    );
  });

  it("documents every column of every table with its type and unit", () => {
    const md = schemaMarkdown();
    for (const name of TABLE_NAMES) {
      const section = md.slice(
        md.indexOf(`\n## ${name}\n`),
        md.indexOf("\n## ", md.indexOf(`\n## ${name}\n`) + 1),
      );
      for (const c of TABLE_SCHEMAS[name])
        expect(section, `${name}.${c.name}`).toContain(`| \`${c.name}\` | ${c.type} |`);
    }
  });
});

describe("TABLE_SCHEMAS", () => {
  it("are the schemas a parse produces, table for table", () => {
    const t = parseTrace("");
    for (const name of TABLE_NAMES) expect(t.tables[name].schema).toBe(TABLE_SCHEMAS[name]);
    expect(Object.keys(TABLE_INFO)).toEqual([...TABLE_NAMES]);
  });

  it("every table starts with run and line, has timeMs, and names its columns once, in camelCase", () => {
    for (const name of TABLE_NAMES) {
      const names = TABLE_SCHEMAS[name].map((c) => c.name);
      expect(names.slice(0, 2), name).toEqual(["run", "line"]);
      expect(names, name).toContain("timeMs");
      expect(new Set(names).size, name).toBe(names.length);
      for (const n of names) expect(n, `${name}.${n}`).toMatch(/^[a-z][A-Za-z0-9]*$/);
    }
  });

  it("every column has a one-line doc, and every number column a unit", () => {
    for (const name of TABLE_NAMES) {
      for (const c of TABLE_SCHEMAS[name]) {
        expect(c.doc.length, `${name}.${c.name}`).toBeGreaterThan(5);
        expect(c.doc, `${name}.${c.name}`).not.toContain("\n");
        if (c.type === "number") expect(c.unit, `${name}.${c.name}`).not.toBe("");
      }
    }
  });
});
