import { execFileSync } from "node:child_process";
import { lstatSync, readlinkSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const REPO = join(__dirname, "..", "..");

describe('notebooks import "godebug-lab" by name (scripts/link-self.mjs, run by npm install and setup)', () => {
  it("node_modules/godebug-lab is a link to the repository", () => {
    const link = join(REPO, "node_modules", "godebug-lab");
    expect(lstatSync(link).isSymbolicLink(), "run scripts/setup.sh (or npm install)").toBe(true);
    expect(readlinkSync(link)).toBe("..");
  });

  it("from notebooks/, Node resolves the name to dist/ and TypeScript's node10 resolution to the declarations", () => {
    const notebooks = join(REPO, "notebooks");
    expect(realpathSync(require.resolve("godebug-lab", { paths: [notebooks] }))).toBe(
      join(REPO, "dist", "index.js"),
    );
    // tslab type-checks cells with node10 resolution, which ignores package.json `exports` self-reference.
    const ts = require(join(REPO, "node_modules", "typescript")) as typeof import("typescript");
    const found = ts.resolveModuleName(
      "godebug-lab",
      join(notebooks, "cell.ts"),
      { moduleResolution: ts.ModuleResolutionKind.Node10 },
      ts.sys,
    ).resolvedModule;
    expect(found && realpathSync(found.resolvedFileName)).toBe(join(REPO, "dist", "index.d.ts"));
  });

  it("link-self.mjs leaves a correct link as it is (run on every setup)", () => {
    const script = join(REPO, "scripts", "link-self.mjs");
    execFileSync(process.execPath, [script]);
    execFileSync(process.execPath, [script]);
    expect(readlinkSync(join(REPO, "node_modules", "godebug-lab"))).toBe("..");
  });
});
