import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Command } from "../../src/cli/command";
import { UsageError } from "../../src/cli/command";
import { COMMANDS } from "../../src/cli/commands";
import { main } from "../../src/cli/main";
import { data, fileLines } from "./fixtures";
import { memoryIO } from "./memoryIO";

const BIN = join(__dirname, "..", "..", "dist", "cli", "main.js");

describe("godebug-lab main", () => {
  it("main --help lists every command of the table and exits 0", async () => {
    const io = memoryIO();
    expect(await main(["--help"], io)).toBe(0);
    for (const c of COMMANDS) expect(io.out()).toMatch(new RegExp(`\\n {2}${c.name} +\\S`));
  });

  it("main exits 2 with the usage for a missing or unknown command", async () => {
    for (const argv of [[], ["sumary"]]) {
      const io = memoryIO();
      expect(await main(argv, io)).toBe(2);
      expect(io.err()).toMatch(
        argv.length === 0 ? /^godebug-lab: missing command\n/ : /^godebug-lab: unknown command 'sumary'\n/,
      );
      expect(io.err()).toContain("usage: godebug-lab <command>");
    }
  });

  it("main runs a command added to the table, maps UsageError to 2 and other errors to 1 without a stack", async () => {
    const probe: Command = {
      name: "probe",
      usage: "probe <how>",
      description: "Test command.",
      options: "",
      async run(args, io) {
        if (args[0] === "usage") throw new UsageError("bad input");
        if (args[0] === "bug") throw new TypeError("x is undefined");
        io.stdout.write("ran\n");
        return 0;
      },
    };
    const table = [...COMMANDS, probe];
    const ok = memoryIO();
    expect(await main(["probe", "fine"], ok, table)).toBe(0);
    expect(ok.out()).toBe("ran\n");
    const usage = memoryIO();
    expect(await main(["probe", "usage"], usage, table)).toBe(2);
    expect(usage.err()).toBe("godebug-lab probe: bad input\n");
    const bug = memoryIO();
    expect(await main(["probe", "bug"], bug, table)).toBe(1);
    expect(bug.err()).toMatch(/^godebug-lab probe: internal error: x is undefined\n/);
    expect(bug.err()).not.toMatch(/\n\s+at /);
  });
});

describe("the built godebug-lab binary (dist/cli/main.js, built by npm run build)", () => {
  it("dist/cli/main.js exists: npm test builds it before the tests", () => {
    expect(existsSync(BIN), `${BIN} is missing: run npm run build`).toBe(true);
  });

  it("the binary prints a summary and exits 0", () => {
    const out = execFileSync(process.execPath, [BIN, "summary", data("workload-gogc50.log"), "--json"], {
      encoding: "utf8",
    });
    expect(JSON.parse(out).counts.gctrace).toBe(fileLines(data("workload-gogc50.log")).length);
  });

  it("the binary exits 2 with one line on stderr for a missing file", () => {
    const r = spawnSync(process.execPath, [BIN, "export", "missing.log", "--kind", "gctrace"], {
      encoding: "utf8",
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("godebug-lab export: cannot read missing.log: no such file or directory\n");
  });

  it("the binary stops quietly when its output pipe closes early", () => {
    // `export | head -1` on a capture with thousands of rows: head exits after one line.
    const r = spawnSync(
      "bash",
      [
        "-o",
        "pipefail",
        "-c",
        `node ${BIN} export ${data("case2-leak-scheddetail.log")} --kind scheddetailG | head -1`,
      ],
      {
        encoding: "utf8",
      },
    );
    expect(r.stdout.startsWith("run,line,timeMs,goid,")).toBe(true);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
