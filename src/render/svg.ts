import type { Spec as VegaSpec, View } from "vega";
import type { TopLevelSpec } from "../chart/spec";
import { loadVega, loadVegaLite } from "./esm";

/** A Vega-Lite spec compiled to Vega, with what vega-lite warned about while compiling (empty when clean). */
export interface CompiledSpec {
  readonly vega: VegaSpec;
  readonly warnings: readonly string[];
}

/** Compiles a Vega-Lite spec, collecting vega-lite's warnings instead of letting it print them. */
export async function compileSpec(spec: TopLevelSpec): Promise<CompiledSpec> {
  const vl = await loadVegaLite();
  const warnings: string[] = [];
  const text = (args: unknown[]) => args.map(String).join(" ");
  const logger = {
    level(): number {
      return 2; // vega-util's Warn: errors and warnings reach us, info/debug do not.
    },
    error(...args: unknown[]) {
      throw new Error(`vega-lite: ${text(args)}`);
    },
    warn(...args: unknown[]) {
      warnings.push(text(args));
      return this;
    },
    info() {
      return this;
    },
    debug() {
      return this;
    },
  };
  return { vega: vl.compile(spec, { logger }).spec, warnings };
}

/**
 * Runs a spec headless: compiles it, builds a vega View with no renderer and evaluates its dataflow.
 * The caller must `finalize()` the view.
 */
export async function toView(spec: TopLevelSpec): Promise<View> {
  const vega = await loadVega();
  const { vega: compiled } = await compileSpec(spec);
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  await view.runAsync();
  return view;
}

/** Renders a Vega-Lite spec to a standalone SVG document (string). */
export async function toSVG(spec: TopLevelSpec): Promise<string> {
  const view = await toView(spec);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
