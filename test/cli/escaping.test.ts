import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { HOSTILE, unsafeCodes } from "../helpers/hostile";
import { data } from "./fixtures";
import { memoryIO } from "./memoryIO";

/** data/inittrace.log whose slowest package has a hostile name (damaged input, made by hand). */
function withSlowestNamed(name: string): string {
  const lines = readFileSync(data("inittrace.log"), "utf8").split("\n");
  return [...lines.filter((l) => l !== ""), `init ${name} @30 ms, 99 ms clock, 0 bytes, 0 allocs`, ""].join(
    "\n",
  );
}

async function run(args: string[], stdin: string) {
  const io = memoryIO(stdin);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("trace text on the terminal", () => {
  it.each(Object.entries(HOSTILE).filter(([k]) => k !== "nul" && k !== "quotesAndBackslash"))(
    "summary prints a package name with %s as visible escapes",
    async (_name, payload) => {
      const r = await run(["summary", "-"], withSlowestNamed(payload));
      expect(r.code).toBe(0);
      expect(r.out).toContain("slowest ");
      expect(unsafeCodes(r.out)).toEqual([]);
    },
  );

  it("summary prints the ESC of an ANSI colour as \\x1b, so the name stays readable", async () => {
    const r = await run(["summary", "-"], withSlowestNamed(HOSTILE.ansiColour));
    expect(r.out).toContain("slowest pkg\\x1b[31mred\\x1b[0m (99 ms)");
  });

  it("summary --json leaves no raw U+2028, C1 or bidi control, and parses back to the name", async () => {
    const name = `${HOSTILE.lineSeparator}${HOSTILE.c1Csi}${HOSTILE.bidiOverride}`;
    const r = await run(["summary", "-", "--json"], withSlowestNamed(name));
    expect(unsafeCodes(r.out)).toEqual([]);
    expect(JSON.parse(r.out).init.slowestPkg).toBe(name);
  });

  it("an error message that quotes the command line escapes it", async () => {
    const r = await run([`sum\x1b]0;pwned\x07`], "");
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'sum\\x1b]0;pwned\\x07'");
    expect(unsafeCodes(r.err)).toEqual([]);
  });

  it.each(["csv", "json"])(
    "export --format %s to a terminal escapes trace text; to a pipe it writes the data as it is",
    async (format) => {
      const trace = withSlowestNamed(HOSTILE.ansiColour);
      const tty = { ...memoryIO(trace) };
      Object.assign(tty.stdout, { isTTY: true });
      expect(await main(["export", "-", "--kind", "inittrace", "--format", format], tty)).toBe(0);
      // CSV shows safeText's \x1b; JSON its own \u001b escape, so it still parses
      expect(tty.out()).toContain(format === "json" ? "pkg\\u001b[31m" : "pkg\\x1b[31m");
      expect(unsafeCodes(tty.out())).toEqual([]);
      if (format === "json")
        expect(JSON.parse(tty.out()).some((r: { pkg: string }) => r.pkg === HOSTILE.ansiColour)).toBe(true);
      const pipe = await run(["export", "-", "--kind", "inittrace", "--format", format], trace);
      expect(pipe.code).toBe(0);
      expect(pipe.out).toContain(format === "json" ? JSON.stringify(HOSTILE.ansiColour) : HOSTILE.ansiColour);
    },
  );
});
