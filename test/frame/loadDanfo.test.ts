import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadDanfo, TFJS_OVERRIDE } from "../../src/frame/toDataFrame";

// A folder outside the repository, where Node's own resolution finds no danfojs-node.
const dir = mkdtempSync(join(tmpdir(), "godebug-lab-nodanfo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loadDanfo when danfojs-node is not installed", () => {
  it("throws one error naming the package to install and the overrides entry", () => {
    const requireThere = createRequire(join(dir, "x.js"));
    expect(() => requireThere("danfojs-node")).toThrow(/Cannot find module 'danfojs-node'/);
    let error: Error | undefined;
    try {
      loadDanfo(requireThere);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(
      /^DataFrames \(trace\.frame\(\), toDataFrame\) need danfojs-node, which is not installed\./,
    );
    expect(error?.message).toContain("npm install danfojs-node@1.1.2 @tensorflow/tfjs@3.21.0");
    expect(error?.message).toContain(`"overrides": ${JSON.stringify(TFJS_OVERRIDE)}`);
    // The snippet is valid JSON that npm accepts as the value of "overrides".
    const snippet = /"overrides": (\{.*\})/.exec(error?.message ?? "")?.[1] ?? "";
    expect(JSON.parse(snippet)).toEqual({ "@tensorflow/tfjs-node": "npm:@tensorflow/tfjs@3.21.0" });
  });

  it("says that danfojs-node failed to load when it is there but broken", () => {
    // A danfojs-node whose own dependency is missing, as after an install without the override and scripts.
    const pkg = join(dir, "node_modules", "danfojs-node");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, "index.js"), 'require("@tensorflow/tfjs-node");\n');
    const requireThere = createRequire(join(dir, "x.js"));
    expect(() => loadDanfo(requireThere)).toThrow(
      /need danfojs-node, which failed to load: Cannot find module '@tensorflow\/tfjs-node'/,
    );
  });
});
