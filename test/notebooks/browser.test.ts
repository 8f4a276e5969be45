/**
 * A user's view: the classic Notebook server on loopback, teaching notebooks opened in headless Chromium
 * (Debian's chromium via playwright-core, never a downloaded browser), Run All, and the tables and charts drawn
 * on the page. Screenshots go to test-artifacts/. The server runs on scratch copies of the notebooks so that
 * nothing in notebooks/ is touched, and it is shut down whatever happens.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNotebook, type Notebook } from "./buildNotebook";
import { checkJupyter, kernelEnv, NOTEBOOKS_DIR, PROJECT_ROOT } from "./executeNotebook";
import { chartOutputs, joinText } from "./normaliseNotebook";

/** What a newcomer opens first (tables, no chart) and the first tutorial with charts. */
const NOTEBOOKS = ["00-start-here", "01-schedtrace"];
const ARTIFACTS = path.join(PROJECT_ROOT, "test-artifacts");
const RUN_TIMEOUT_MS = 600_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** What a run of a notebook displays: as many charts and HTML tables as its committed outputs carry. */
interface Expected {
  charts: number;
  tables: number;
}

/**
 * A scratch project: the notebooks (built from their sources, without outputs, so everything on the page is
 * drawn by this run) beside links to the project's data, build and node_modules, so `..` and `../data`
 * resolve as in the repository. The committed notebooks, which the execute test keeps equal to a fresh
 * execution, say what a run displays.
 */
function scratchProject(): { root: string; expected: Record<string, Expected> } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "godebug-lab-nb-"));
  for (const entry of ["data", "dist", "node_modules", "package.json"]) {
    fs.symlinkSync(path.join(PROJECT_ROOT, entry), path.join(root, entry));
  }
  fs.mkdirSync(path.join(root, "notebooks"));
  const expected: Record<string, Expected> = {};
  for (const name of NOTEBOOKS) {
    const source = fs.readFileSync(path.join(NOTEBOOKS_DIR, "src", `${name}.md`), "utf8");
    fs.writeFileSync(
      path.join(root, "notebooks", `${name}.ipynb`),
      JSON.stringify(buildNotebook(source, `${name}.md`)),
    );
    const committed = JSON.parse(
      fs.readFileSync(path.join(NOTEBOOKS_DIR, `${name}.ipynb`), "utf8"),
    ) as Notebook;
    const outputs = committed.cells.flatMap((c) => c.outputs ?? []);
    expected[name] = {
      charts: chartOutputs(committed).length,
      tables: outputs.filter((o) => joinText(o.data?.["text/html"] ?? "").includes("<table")).length,
    };
  }
  return { root, expected };
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("the notebooks in Jupyter Notebook and Chromium", () => {
  const token = randomBytes(16).toString("hex");
  let port = 0;
  let scratch: { root: string; expected: Record<string, Expected> };
  let server: ChildProcess | undefined;
  let serverLog = "";
  let browser: Browser | undefined;

  const api = (route: string, init?: RequestInit) =>
    fetch(`http://127.0.0.1:${port}${route}`, { ...init, headers: { Authorization: `token ${token}` } });

  beforeAll(async () => {
    checkJupyter();
    scratch = scratchProject();
    port = await freePort();
    server = spawn(
      "jupyter",
      [
        "notebook",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        `--port=${port}`,
        "--NotebookApp.port_retries=0",
        `--NotebookApp.token=${token}`,
        `--NotebookApp.notebook_dir=${scratch.root}`,
      ],
      {
        cwd: scratch.root,
        // Its own process group, so that the whole server can be stopped.
        detached: true,
        env: { ...kernelEnv(), JUPYTER_RUNTIME_DIR: path.join(scratch.root, ".runtime") },
      },
    );
    server.stdout?.on("data", (b: Buffer) => (serverLog += b));
    server.stderr?.on("data", (b: Buffer) => (serverLog += b));
    await waitFor("the Notebook server", 60_000, async () =>
      (await api("/api/status")).ok ? true : undefined,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${serverLog}`);
    });
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    if (server?.pid !== undefined && server.exitCode === null) {
      // Shut the kernels down through the server first: they run in sessions of their own.
      try {
        const kernels = (await (await api("/api/kernels")).json()) as { id: string }[];
        for (const k of kernels) await api(`/api/kernels/${k.id}`, { method: "DELETE" });
      } catch {
        // The server is not answering: stopping its process group below is all that is left to do.
      }
      const exited = new Promise((r) => server?.once("exit", r));
      process.kill(-server.pid, "SIGTERM");
      const timer = setTimeout(() => server?.pid && process.kill(-server.pid, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (scratch) fs.rmSync(scratch.root, { recursive: true, force: true });
  }, 60_000);

  it.each(NOTEBOOKS)(
    "%s runs all cells and draws every table and chart on the page",
    async (name) => {
      const page = await (browser as Browser).newPage({ viewport: { width: 1100, height: 1000 } });
      const url = `http://127.0.0.1:${port}/notebooks/notebooks/${name}.ipynb?token=${token}`;
      await page.goto(url);
      await waitFor("the kernel to connect", 120_000, () =>
        page.evaluate(() => {
          // Throws until the page has defined Jupyter.notebook; waitFor retries.
          return window.Jupyter.notebook.kernel?.is_connected() ? true : undefined;
        }),
      );
      await page.evaluate(() => {
        const nb = window.Jupyter.notebook;
        nb.set_autosave_interval(0);
        nb.execute_all_cells();
      });
      // A code cell's prompt shows a number once the kernel has replied to its execution.
      await waitFor("every cell to finish", RUN_TIMEOUT_MS, () =>
        page.evaluate(() => {
          const cells = window.Jupyter.notebook.get_cells();
          const code = cells.filter((c) => c.cell_type === "code");
          return code.every((c) => typeof c.input_prompt_number === "number") ? true : undefined;
        }),
      );
      const report = await page.evaluate(() => {
        const svgs = Array.from(document.querySelectorAll(".output_svg svg"));
        return {
          tables: document.querySelectorAll(".output_html table").length,
          errors: Array.from(document.querySelectorAll(".output_stderr, .output_error")).map(
            (e) => e.textContent,
          ),
          charts: svgs.map((svg) => {
            const box = svg.getBoundingClientRect();
            return {
              width: box.width,
              height: box.height,
              marks: svg.querySelectorAll("[class*='mark-']").length,
            };
          }),
        };
      });
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      // The classic Notebook scrolls inside the page, so a full-page shot would show one screen: show the
      // first chart's (or table's) cell at the top instead.
      await page.evaluate(() =>
        document.querySelectorAll(".output_svg, .output_html")[0]?.closest(".cell")?.scrollIntoView(),
      );
      await page.screenshot({ path: path.join(ARTIFACTS, `notebook-${name}.png`) });
      await page.close();

      const expected = scratch.expected[name];
      expect(expected.charts + expected.tables, "the notebook displays something").toBeGreaterThan(0);
      expect(report.errors).toEqual([]);
      expect(report.tables).toBe(expected.tables);
      expect(report.charts).toHaveLength(expected.charts);
      for (const chart of report.charts) {
        expect(chart.width).toBeGreaterThan(100);
        expect(chart.height).toBeGreaterThan(50);
        expect(chart.marks).toBeGreaterThan(0);
      }
    },
    RUN_TIMEOUT_MS + 180_000,
  );
});

/** The browser globals the page functions use (the project compiles without the DOM library). */
declare const window: { Jupyter: JupyterPage };
declare const document: { querySelectorAll(selector: string): ArrayLike<PageElement> };
interface PageElement {
  textContent: string | null;
  closest(selector: string): PageElement | null;
  scrollIntoView(): void;
  getBoundingClientRect(): { width: number; height: number };
  querySelectorAll(selector: string): ArrayLike<unknown>;
}

/** The parts of the classic Notebook's page API (notebook 6) used here. */
interface JupyterPage {
  notebook: {
    kernel?: { is_connected(): boolean };
    set_autosave_interval(ms: number): void;
    execute_all_cells(): void;
    get_cells(): { cell_type: string; input_prompt_number?: number | string | null }[];
  };
}
