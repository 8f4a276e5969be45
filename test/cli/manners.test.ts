/** The CLI's manners (issue 9): --version, help <command>, one-line errors for bad numbers, the `--` hint, capture's live status. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CaptureStatus } from "../../src/cli/captureStatus";
import { COMMANDS } from "../../src/cli/commands";
import { main } from "../../src/cli/main";
import { data, fileLines } from "./fixtures";
import { memoryIO } from "./memoryIO";

async function run(args: string[], io = memoryIO()) {
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("godebug-lab --version and help", () => {
  it("--version prints the package.json version", async () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8"));
    for (const flag of ["--version", "-V"]) {
      const r = await run([flag]);
      expect(r.code).toBe(0);
      expect(r.out).toBe(`godebug-lab ${version}\n`);
    }
  });

  it("help <command> prints that command's help, as <command> --help does", async () => {
    for (const c of COMMANDS) {
      const viaHelp = await run(["help", c.name]);
      const viaFlag = await run([c.name, "--help"]);
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.out).toMatch(new RegExp(`^usage: godebug-lab ${c.name} `));
      expect(viaHelp.out).toBe(viaFlag.out);
    }
    const unknown = await run(["help", "sumary"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^godebug-lab help: unknown command 'sumary'\n/);
  });
});

describe("bad numbers are one line", () => {
  it("whatif --gogc -5 says what --gogc takes, in one line, exit 2", async () => {
    const r = await run(["whatif", data("workload-gogc100.log"), "--gogc", "-5"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("godebug-lab whatif: --gogc '-5': expected a non-negative integer or off\n");
  });

  it("capture --grace -1 says what --grace takes, in one line, exit 2, before running anything", async () => {
    const r = await run([
      "capture",
      "--godebug",
      "gctrace=1",
      "-o",
      join(tmpdir(), "never.log"),
      "--grace",
      "-1",
      "--",
      "true",
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("godebug-lab capture: --grace must be a whole number of milliseconds, got '-1'\n");
  });

  it("a dash after -- is the program's argument, not an option value", async () => {
    const dir = mkdtempSync(join(tmpdir(), "godebug-lab-manners-"));
    const out = join(dir, "t.log");
    const io = memoryIO();
    const code = await main(
      [
        "capture",
        "--godebug",
        "gctrace=1",
        "-o",
        out,
        "--",
        process.execPath,
        "-e",
        'console.log(process.argv.slice(1).join(" "))',
        "--",
        "-o",
        "-5",
      ],
      io,
    );
    expect(code).toBe(0);
    expect(io.out()).toBe("-o -5\n"); // not "-o-5": the program's -o is not capture's
  });
});

describe("capture without --", () => {
  it("a program flag read as capture's option says to put -- before the program, with the fixed command", async () => {
    const r = await run(["capture", "--godebug", "gctrace=1", "-o", "t.log", "./prog", "-d", "x"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      "godebug-lab capture: -d is the program's flag, not capture's: put -- before the program: " +
        "godebug-lab capture --godebug gctrace=1 -o t.log -- ./prog -d x\n",
    );
  });

  it("an unknown option before the program is capture's own typo, reported as such", async () => {
    const r = await run(["capture", "--godebg", "gctrace=1", "-o", "t.log", "./prog"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^godebug-lab capture: Unknown option '--godebg'\nusage: /);
  });
});

/** What the status line writes before each redraw: carriage return, erase to end of line. */
const CLEAR = "\r\u001b\\[K";

describe("capture's live status line", () => {
  it("CaptureStatus counts gc cycles and reads the last pause and run queue from real trace lines", () => {
    const status = new CaptureStatus(1000);
    expect(status.text(1000)).toBe("capture: 0 s, 0 lines");
    const gc = fileLines(data("workload-gogc100.log")).slice(0, 2);
    for (const line of gc) status.observe(line);
    // gc 2: 0.014+12+0.27 ms clock, so the STW pauses are 0.014 + 0.27 ms.
    expect(status.text(3500)).toBe("capture: 2.5 s, 2 lines · 2 GC cycles, last pause 0.284 ms");
    for (const line of fileLines(data("case1-schedtrace.log")).slice(0, 3)) status.observe(line);
    // SCHED 100ms: ... runqueue=0 [0]; the listener line between is program output.
    expect(status.text(4000)).toBe(
      "capture: 3 s, 5 lines · 2 GC cycles, last pause 0.284 ms · run queue 0 global, 0 local",
    );
  });

  it("on a terminal, capture redraws the status on stderr and clears it before the summary", async () => {
    const dir = mkdtempSync(join(tmpdir(), "godebug-lab-status-"));
    const lines = fileLines(data("workload-gogc100.log")).slice(0, 3).join("\\n");
    const io = memoryIO();
    (io.stderr as { isTTY?: boolean }).isTTY = true;
    const script = `const l = "${lines}".split("\\\\n"); let i = 0; const t = setInterval(() => { process.stderr.write(l[i++] + "\\n"); if (i === l.length) { clearInterval(t); setTimeout(() => {}, 600); } }, 200);`;
    const code = await main(
      ["capture", "--godebug", "gctrace=1", "-o", join(dir, "t.log"), "--", process.execPath, "-e", script],
      io,
    );
    expect(code).toBe(0);
    const err = io.err();
    expect(err).toMatch(
      new RegExp(`${CLEAR}capture: [\\d.]+ s, 3 lines · 3 GC cycles, last pause [\\d.]+ ms`),
    );
    expect(err).toContain("\r\x1b[Kgodebug-lab: wrote ");
    // Without a terminal there is no status line.
    const plain = memoryIO();
    await main(
      ["capture", "--godebug", "gctrace=1", "-o", join(dir, "u.log"), "--", process.execPath, "-e", script],
      plain,
    );
    expect(plain.err()).not.toContain("capture: ");
    expect(plain.err()).not.toContain("\x1b");
  });
});

describe("summary of a file without GODEBUG lines", () => {
  it("prints the summary (exit 0) and a one-line hint on stderr, keeping --json on stdout clean", async () => {
    const readme = join(__dirname, "..", "..", "README.md");
    const lines = fileLines(readme).length;
    for (const args of [[], ["--json"]]) {
      const r = await run(["summary", readme, ...args]);
      expect(r.code).toBe(0);
      expect(r.err).toBe(
        `godebug-lab summary: ${readme} has no GODEBUG trace lines (${lines} lines of other text). The runtime ` +
          "writes its traces to stderr: run the program with GODEBUG set and keep its stderr " +
          "(GODEBUG=gctrace=1,schedtrace=1000 ./prog 2> trace.log), or use godebug-lab capture.\n",
      );
      if (args.length > 0) expect(JSON.parse(r.out).counts.other).toBe(lines);
    }
  });

  it("says an empty file is empty; a real trace gets no hint", async () => {
    const empty = join(mkdtempSync(join(tmpdir(), "godebug-lab-empty-")), "empty.log");
    writeFileSync(empty, "");
    expect((await run(["summary", empty])).err).toMatch(/^godebug-lab summary: \S+empty\.log is empty\. /);
    const real = await run(["summary", data("case1-schedtrace.log")]);
    expect(real.err).toBe("");
  });

  it("says MiB for the heap sizes the runtime prints as MB", async () => {
    const r = await run(["summary", data("workload-gogc100.log")]);
    expect(r.out).toMatch(
      /\n {2}heap: peak \d+ MiB; last cycle live \d+ MiB, goal \d+ MiB; median live \d+ MiB, goal \d+ MiB\n/,
    );
    expect(r.out).not.toMatch(/\bMB\b/);
  });

  it("the report's summary says MiB in every place, never MB", async () => {
    const { buildReport } = await import("../../src/report/page");
    const { loadTrace } = await import("../../src");
    const report = buildReport(await loadTrace(data("gctrace-pacer-scav.log")));
    expect(report.summary).toMatch(/heap: peak \d+ MiB;/);
    expect(report.summary).toMatch(/MiB\/s/);
    expect(report.summary).not.toMatch(/\bMB\b/);
  });
});
