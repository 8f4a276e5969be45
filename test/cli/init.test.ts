import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTrace } from "../../src";
import { EXAMPLE_TRACE, godebugLabSpec, packageName, starterCells } from "../../src/cli/init";
import { main } from "../../src/cli/main";
import { data } from "./fixtures";
import { memoryIO } from "./memoryIO";

const REPO = join(__dirname, "..", "..");
const VERSION = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version as string;

async function run(args: string[]) {
  const io = memoryIO();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("godebug-lab init", () => {
  const root = mkdtempSync(join(tmpdir(), "godebug-lab-init-"));

  it("makes the workspace: package.json with the override, README, scripts, starter notebook, example trace", async () => {
    const ws = join(root, "My Traces");
    const r = await run(["init", ws]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^made a notebook workspace in .*My Traces: \.gitignore, README\.md, package\.json, /,
    );
    expect(r.out).toContain("\n  npm install ");
    const pkg = JSON.parse(readFileSync(join(ws, "package.json"), "utf8"));
    expect(pkg.name).toBe("my-traces");
    expect(pkg.scripts).toEqual({ start: "node scripts/start.mjs", test: "node scripts/test.mjs" });
    expect(pkg.dependencies).toEqual({
      "@tensorflow/tfjs": "3.21.0",
      "danfojs-node": "1.1.2",
      "godebug-lab": `^${VERSION}`,
      tslab: JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).devDependencies.tslab,
    });
    expect(pkg.overrides).toEqual({ "@tensorflow/tfjs-node": "npm:@tensorflow/tfjs@3.21.0" });
    for (const f of [
      "README.md",
      ".gitignore",
      "scripts/start.mjs",
      "scripts/test.mjs",
      "scripts/jupyter.mjs",
    ]) {
      expect(existsSync(join(ws, f)), f).toBe(true);
    }
    expect(existsSync(join(ws, "gitignore"))).toBe(false);
    // The README's two commands are the repository's.
    expect(readFileSync(join(ws, "README.md"), "utf8")).toMatch(/\nnpm start {4}# .*\nnpm test {5}# /);
    // The example trace is real and has what the starter notebook draws: gc and SCHED lines.
    const example = parseTrace(readFileSync(join(ws, "traces", EXAMPLE_TRACE), "utf8"));
    expect(example.counts.gctrace).toBeGreaterThan(100);
    expect(example.counts.schedtrace).toBeGreaterThan(30);
    expect(example.counts.malformed).toBe(0);
    const nb = JSON.parse(readFileSync(join(ws, "starter.ipynb"), "utf8"));
    expect(nb.metadata.kernelspec.name).toBe("tslab");
    expect(nb.cells[0].cell_type).toBe("code");
    expect(nb.cells[0].source.join("")).toContain(`const TRACE = "traces/${EXAMPLE_TRACE}";`);
  });

  it("--trace copies the user's trace into traces/ and names it in the first cell; --package sets the dependency", async () => {
    const ws = join(root, "mine");
    const tarball = join(root, "godebug-lab-9.9.9.tgz");
    writeFileSync(tarball, "");
    const r = await run(["init", ws, "--trace", data("case1-schedtrace.log"), "--package", tarball]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(ws, "traces", "case1-schedtrace.log"), "utf8")).toBe(
      readFileSync(data("case1-schedtrace.log"), "utf8"),
    );
    const nb = JSON.parse(readFileSync(join(ws, "starter.ipynb"), "utf8"));
    expect(nb.cells[0].source.join("")).toContain('const TRACE = "traces/case1-schedtrace.log";');
    expect(JSON.parse(readFileSync(join(ws, "package.json"), "utf8")).dependencies["godebug-lab"]).toBe(
      `file:${tarball}`,
    );
  });

  it("refuses a folder that is not empty, and a trace that is missing, in one line with exit 2", async () => {
    const full = join(root, "full");
    mkdirSync(full);
    writeFileSync(join(full, "notes.txt"), "mine");
    const r = await run(["init", full]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `godebug-lab init: ${full} exists and is not empty: init makes a new workspace, name a new or empty folder\n`,
    );
    expect(readFileSync(join(full, "notes.txt"), "utf8")).toBe("mine");
    const missing = await run(["init", join(root, "m"), "--trace", join(root, "nope.log")]);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(
      `godebug-lab init: cannot read ${join(root, "nope.log")}: no such file or directory\n`,
    );
    expect(existsSync(join(root, "m"))).toBe(false);
  });

  it("packageName and godebugLabSpec", () => {
    expect(packageName("/x/My Traces")).toBe("my-traces");
    expect(packageName("./_ws")).toBe("ws");
    expect(packageName("/x/日本")).toBe("godebug-workspace");
    expect(godebugLabSpec(undefined, "1.2.3")).toBe("^1.2.3");
    expect(godebugLabSpec("^2.0.0", "1.2.3")).toBe("^2.0.0");
    expect(godebugLabSpec(`file:${REPO}`, "1.2.3")).toBe(`file:${REPO}`);
  });

  it("the starter notebook's code cells type-check against the library (tsc, as tslab checks each cell)", () => {
    // The cells joined into one module, importing "godebug-lab" by name as in the workspace (the repository links
    // node_modules/godebug-lab to itself, see scripts/link-self.mjs).
    const cells = starterCells(`traces/${EXAMPLE_TRACE}`).filter((c) => c.cell_type === "code");
    expect(cells.length).toBeGreaterThanOrEqual(5);
    const dir = mkdtempSync(join(REPO, "node_modules", ".starter-check-"));
    const file = join(dir, "starter.ts");
    writeFileSync(file, `${cells.map((c) => c.source).join("\n\n")}\nexport {};\n`);
    const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
    const args = [tsc, "--noEmit", "--strict", "--target", "ES2022", "--module", "es2022"];
    args.push("--moduleResolution", "node10", "--types", "node", "--skipLibCheck", file);
    try {
      expect(() => execFileSync(process.execPath, args, { encoding: "utf8", cwd: REPO })).not.toThrow();
      // The check can fail: a wrong name in a cell is a type error.
      writeFileSync(
        file,
        `${cells.map((c) => c.source).join("\n\n")}\nloadTrace(TRACE).then((t) => t.nope);\nexport {};\n`,
      );
      let output = "";
      try {
        execFileSync(process.execPath, args, { encoding: "utf8", cwd: REPO });
      } catch (err) {
        output = String((err as { stdout?: string }).stdout);
      }
      expect(output).toMatch(/Property 'nope' does not exist on type 'Trace'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
