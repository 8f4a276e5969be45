/** Rendering a chart spec: SVG, PNG, a standalone HTML page, and the Jupyter display (re-exports only). */
export { importEsm, loadVega, loadVegaLite } from "./esm";
export { escapeHtml, type HtmlChart, type HtmlOptions, toHTML } from "./html";
export { inJupyterKernel, type MimeBundle, publishDisplayData } from "./jupyter";
export { type PngOptions, svgToPNG, toPNG } from "./png";
export { displayBundle, type ShowOptions, show, VEGALITE_MIME } from "./show";
export { type CompiledSpec, compileSpec, toSVG, toView } from "./svg";
