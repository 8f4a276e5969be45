/**
 * Writes docs/schema.md from the scanners' ColumnSpecs. Run from the repository root:
 *   npx tsc -p scripts/gen-schema.tsconfig.json && node node_modules/.cache/gen-schema/scripts/gen-schema.js
 * test/docs/schema.test.ts fails while the committed docs/schema.md differs from what this writes.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { schemaMarkdown } from "./schemaDoc";

const out = join(process.cwd(), "docs", "schema.md");
writeFileSync(out, schemaMarkdown());
console.log(`wrote ${out}`);
