/**
 * Builds the bundled Go programs (examples/) with the real Go toolchain into a temporary directory, for the
 * live-capture tests. Go and hey are required (npm test's setup and CI install them): a missing tool fails
 * the test with what to install rather than skipping it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const EXAMPLES = join(__dirname, "..", "..", "examples");

export function requireTool(tool: string, debianPackage: string): string {
  try {
    return execFileSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(
      `'${tool}' is not installed: apt-get install ${debianPackage} (scripts/setup.sh does it as root)`,
    );
  }
}

/** Builds webservice and workload; returns the directory holding the binaries. */
export function buildExamples(): string {
  const go = requireTool("go", "golang-go");
  const bin = mkdtempSync(join(tmpdir(), "godebug-lab-examples-"));
  const cache = process.env.GOCACHE ?? (process.env.HOME ? undefined : join(tmpdir(), "godebug-lab-gocache"));
  execFileSync(go, ["build", "-o", `${bin}/`, "./..."], {
    cwd: EXAMPLES,
    // No module downloads (the examples have no dependencies, and CI has no Go proxy).
    env: { ...process.env, GOPROXY: "off", GOFLAGS: "-mod=mod", ...(cache ? { GOCACHE: cache } : {}) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  return bin;
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
