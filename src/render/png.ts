import { Resvg } from "@resvg/resvg-js";
import type { TopLevelSpec } from "../chart/spec";
import { toSVG } from "./svg";

export interface PngOptions {
  /** Pixels per SVG unit (2 gives a sharp image on high-density screens). Default 2. */
  readonly scale?: number;
}

/**
 * Renders a Vega-Lite spec to PNG bytes: vega draws the SVG, resvg rasterises it.
 * resvg draws no text without fonts, so it loads the system's; vega asks for "sans-serif", which resvg maps
 * to its default family (the first system font unless told otherwise).
 */
export async function toPNG(spec: TopLevelSpec, options: PngOptions = {}): Promise<Buffer> {
  return svgToPNG(await toSVG(spec), options);
}

/** Rasterises an SVG document (e.g. from toSVG) to PNG bytes. */
export function svgToPNG(svg: string, options: PngOptions = {}): Buffer {
  const scale = options.scale ?? 2;
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    font: { loadSystemFonts: true, sansSerifFamily: SANS_SERIF },
  });
  return resvg.render().asPng();
}

/** The family resvg uses for "sans-serif" (its own default, Arial, is absent on Debian; DejaVu is always there). */
const SANS_SERIF = "DejaVu Sans";
