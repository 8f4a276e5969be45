import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { data, fileLines } from "./fixtures";
import { memoryIO } from "./memoryIO";

/** A stand-in program: node running `script`, with real trace lines from data/ in TRACE_LINES. */
const NODE = process.execPath;
const REAL = fileLines(data("gctrace-pacer-scav.log")).slice(0, 6);
const PRINTS = `process.stdout.write("program output\\n"); process.stderr.write(process.env.TRACE_LINES + "\\n");`;

/** Where the error cases may create their -o file. */
const X = join(tmpdir(), "godebug-lab-cli-capture-x.log");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "godebug-lab-cli-capture-"));
  process.env.TRACE_LINES = REAL.join("\n");
});

async function run(args: string[], whileRunning?: (io: ReturnType<typeof memoryIO>) => void) {
  const io = memoryIO();
  const pending = main(args, io);
  whileRunning?.(io);
  const code = await pending;
  return { code, out: io.out(), err: io.err() };
}

describe("godebug-lab capture", () => {
  it("capture writes the program's raw stderr to -o, passes stdout through and prints the summary", async () => {
    const out = join(dir, "t1.log");
    const r = await run(["capture", "--godebug", "gctrace=1", "-o", out, "--", NODE, "-e", PRINTS]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("program output\n");
    expect(readFileSync(out, "utf8")).toBe(`${REAL.join("\n")}\n`);
    expect(r.err).toContain(`godebug-lab: wrote ${out}\n`);
    expect(r.err).toMatch(new RegExp(`\\n {2}gctrace +${REAL.filter((l) => l.startsWith("gc ")).length}\\n`));
  });

  it("capture sets GODEBUG for the program", async () => {
    const r = await run([
      "capture",
      "--godebug",
      "gctrace=1,schedtrace=1000",
      "-o",
      join(dir, "t2.log"),
      "--",
      NODE,
      "-e",
      "console.log(process.env.GODEBUG)",
    ]);
    expect(r.out).toBe("gctrace=1,schedtrace=1000\n");
  });

  it("capture --echo copies the program's stderr lines to stderr as they arrive", async () => {
    const r = await run([
      "capture",
      "--godebug",
      "gctrace=1",
      "-o",
      join(dir, "t3.log"),
      "--echo",
      "--",
      NODE,
      "-e",
      PRINTS,
    ]);
    expect(r.err.startsWith(`${REAL.join("\n")}\n`)).toBe(true);
  });

  it("capture exits with the program's exit status", async () => {
    const r = await run([
      "capture",
      "--godebug",
      "gctrace=1",
      "-o",
      join(dir, "t4.log"),
      "--",
      NODE,
      "-e",
      "process.exit(3)",
    ]);
    expect(r.code).toBe(3);
  });

  it("capture stops the program on Ctrl-C with SIGINT and exits 0", async () => {
    const out = join(dir, "t5.log");
    const script = `${PRINTS} process.on("SIGINT", () => { process.stderr.write("got SIGINT\\n"); process.exit(130); }); setInterval(() => {}, 1000);`;
    const started = Date.now();
    const r = await run(["capture", "--godebug", "gctrace=1", "-o", out, "--", NODE, "-e", script], (io) => {
      setTimeout(() => io.interrupt(), 500);
    });
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("got SIGINT\n");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("capture --grace sends SIGTERM after the grace period to a program that ignores SIGINT", async () => {
    const out = join(dir, "t6.log");
    const script = `process.on("SIGINT", () => process.stderr.write("ignored SIGINT\\n")); process.stderr.write("ready\\n"); setInterval(() => {}, 1000);`;
    let interruptedAt = 0;
    const r = await run(
      ["capture", "--godebug", "gctrace=1", "-o", out, "--grace", "300", "--", NODE, "-e", script],
      (io) => {
        setTimeout(() => {
          interruptedAt = Date.now();
          io.interrupt();
        }, 500);
      },
    );
    const waited = Date.now() - interruptedAt;
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("ignored SIGINT\n");
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(waited).toBeLessThan(2000); // the default grace is 2000 ms: --grace took effect
  });
});

describe("godebug-lab capture: user errors exit 2 with one clear line", () => {
  it.each([
    [["capture", "-o", "x.log", "--", NODE], /--godebug is required/],
    [["capture", "--godebug", "gctrace=1", "--", NODE], /-o <file> is required/],
    [["capture", "--godebug", "gctrace", "-o", X, "--", NODE], /invalid GODEBUG setting "gctrace"/],
    [
      ["capture", "--godebug", "gctrace=1", "-o", X, "--grace", "soon", "--", NODE],
      /--grace must be a whole number/,
    ],
    [
      ["capture", "--godebug", "gctrace=1", "-o", "/nonexistent/dir/x.log", "--", NODE],
      /cannot write \/nonexistent\/dir\/x\.log: no such file/,
    ],
    [["capture", "--godebug", "gctrace=1", "-o", X], /missing the program to run/],
    [
      ["capture", "--godebug", "gctrace=1", "-o", X, "--", "/nonexistent/prog"],
      /^godebug-lab capture: cannot run \/nonexistent\/prog: no such file or directory \(.*x\.log not written\)\n$/,
    ],
  ])("capture %j fails with status 2", async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/^godebug-lab capture: /);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe("godebug-lab capture: the output file", () => {
  it("capture -o existing.log -- /nonexistent/prog leaves existing.log untouched and says so in one line", async () => {
    const existing = join(dir, "existing.log");
    writeFileSync(existing, "yesterday's trace\n");
    const r = await run(["capture", "--godebug", "gctrace=1", "-o", existing, "--", "/nonexistent/prog"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `godebug-lab capture: cannot run /nonexistent/prog: no such file or directory (${existing} not written)\n`,
    );
    expect(readFileSync(existing, "utf8")).toBe("yesterday's trace\n");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("capture --grace -1 is one line and exit 2", async () => {
    const r = await run(["capture", "--godebug", "gctrace=1", "-o", X, "--grace", "-1", "--", NODE]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("godebug-lab capture: --grace must be a whole number of milliseconds, got '-1'\n");
  });
});
