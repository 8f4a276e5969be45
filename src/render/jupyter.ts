/**
 * The one place that talks to the tslab kernel's internals.
 *
 * tslab's public `display` API publishes one MIME type per message; a chart needs one message carrying
 * several representations (Vega-Lite for JupyterLab, SVG for GitHub/nbviewer/nbconvert, text for the
 * terminal), so we call the function tslab's `display.raw` itself uses: `lastWriteDisplayData` in
 * tslab/dist/jupyter.js (tslab 1.0.22), set by the kernel at the start of every cell execution.
 */

/** A Jupyter `display_data` content: MIME type → representation. */
export type MimeBundle = Readonly<Record<string, unknown>>;

type WriteDisplayData = (
  content: { data: MimeBundle; metadata: Record<string, unknown>; transient: Record<string, unknown> },
  update: boolean,
) => void;

const TSLAB_JUPYTER = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/**
 * The running kernel's writer, or null outside a tslab kernel. The kernel's own module instance is looked
 * up in the require cache first: a globally installed tslab is a different file from the project's copy,
 * and only the instance the kernel loaded has the writer set.
 */
function kernelWriter(): WriteDisplayData | null {
  for (const [file, loaded] of Object.entries(require.cache)) {
    if (!TSLAB_JUPYTER.test(file)) continue;
    const write = (loaded?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof write === "function") return write as WriteDisplayData;
  }
  return null;
}

/** True inside a running tslab kernel (after its first cell started). */
export function inJupyterKernel(): boolean {
  return kernelWriter() !== null;
}

/** Publishes one display_data message with every representation in `bundle`. Throws outside a kernel. */
export function publishDisplayData(bundle: MimeBundle): void {
  const write = kernelWriter();
  if (write === null) {
    throw new Error(
      "show() displays into a Jupyter notebook running the tslab kernel, and no kernel is running here; " +
        "outside a notebook use toSVG(), toPNG() or toHTML() from godebug-lab",
    );
  }
  write({ data: bundle, metadata: {}, transient: {} }, false);
}
