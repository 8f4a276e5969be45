/**
 * A user's view: the classic Notebook server on loopback, a teaching notebook opened in headless Chromium
 * (Debian's chromium via playwright-core, never a downloaded browser), Run All, and the charts drawn on the
 * page. A screenshot goes to test-artifacts/. The server runs on a scratch copy of the notebook so that
 * nothing in notebooks/ is touched, and it is shut down whatever happens.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNotebook, type Notebook } from "./buildNotebook";
import { checkJupyter, kernelEnv, NOTEBOOKS_DIR, PROJECT_ROOT } from "./executeNotebook";
import { chartOutputs } from "./normaliseNotebook";

/** The notebook a workshop opens first after 00: a schedtrace tutorial with several charts. */
const NOTEBOOK = "01-schedtrace";
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

/**
 * A scratch project: the notebook (built from its source, without outputs, so every chart on the page is
 * drawn by this run) beside links to the project's data, build and node_modules, so `..` and `../data`
 * resolve as in the repository. The committed notebook, which the execute test keeps equal to a fresh
 * execution, says how many charts a run draws.
 */
function scratchProject(): { root: string; expectedCharts: number } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "godebug-lab-nb-"));
  for (const entry of ["data", "dist", "node_modules", "package.json"]) {
    fs.symlinkSync(path.join(PROJECT_ROOT, entry), path.join(root, entry));
  }
  fs.mkdirSync(path.join(root, "notebooks"));
  const source = fs.readFileSync(path.join(NOTEBOOKS_DIR, "src", `${NOTEBOOK}.md`), "utf8");
  const notebook = buildNotebook(source, `${NOTEBOOK}.md`);
  fs.writeFileSync(path.join(root, "notebooks", `${NOTEBOOK}.ipynb`), JSON.stringify(notebook));
  const committed = JSON.parse(
    fs.readFileSync(path.join(NOTEBOOKS_DIR, `${NOTEBOOK}.ipynb`), "utf8"),
  ) as Notebook;
  return { root, expectedCharts: chartOutputs(committed).length };
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

describe(`the ${NOTEBOOK} notebook in Chromium`, () => {
  const token = randomBytes(16).toString("hex");
  let port = 0;
  let scratch: { root: string; expectedCharts: number };
  let server: ChildProcess | undefined;
  let serverLog = "";
  let browser: Browser | undefined;
  let page: Page;

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
    page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
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

  it(
    "runs all cells and draws every chart on the page",
    async () => {
      const url = `http://127.0.0.1:${port}/notebooks/notebooks/${NOTEBOOK}.ipynb?token=${token}`;
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
      // first chart's cell at the top instead.
      await page.evaluate(() =>
        document.querySelectorAll(".output_svg")[0]?.closest(".cell")?.scrollIntoView(),
      );
      await page.screenshot({ path: path.join(ARTIFACTS, `notebook-${NOTEBOOK}.png`) });

      expect(report.errors).toEqual([]);
      expect(scratch.expectedCharts).toBeGreaterThan(0);
      expect(report.charts).toHaveLength(scratch.expectedCharts);
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
