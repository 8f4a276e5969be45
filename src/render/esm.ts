import { pathToFileURL } from "node:url";

/**
 * A real dynamic `import()` that survives compilation to CommonJS.
 *
 * vega 6 and vega-lite 6 are ES modules with top-level await, so `require()` throws on them, and tsc
 * rewrites `await import("vega")` into `require("vega")` under `"module": "commonjs"`. Code built with
 * `new Function` is not seen by tsc, so the `import()` inside it stays a real one.
 */
const dynamicImport = new Function("specifier", "return import(specifier)") as (
  specifier: string,
) => Promise<unknown>;

const cache = new Map<string, Promise<unknown>>();

/**
 * Imports an ES-module package by name. The name is resolved from this file (not from the caller's working
 * directory, which is what an `import()` without a referrer would use), so a notebook running in another
 * folder still gets the project's copy.
 */
export function importEsm<T>(name: string): Promise<T> {
  let loaded = cache.get(name);
  if (loaded === undefined) {
    loaded = importUrl(pathToFileURL(require.resolve(name)).href);
    cache.set(name, loaded);
  }
  return loaded as Promise<T>;
}

async function importUrl(url: string): Promise<unknown> {
  try {
    return await dynamicImport(url);
  } catch (error) {
    // A module runner that evaluates our source in a vm script without an import callback (vitest does)
    // makes the Function's import() fail with this code. There the source is not compiled by tsc, so the
    // plain import() below is the runner's own, real one. Compiled to CommonJS it is never reached.
    if ((error as { code?: string }).code !== "ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING") throw error;
    return import(url);
  }
}

/** The vega module (runtime: parse, View). */
export function loadVega(): Promise<typeof import("vega")> {
  return importEsm("vega");
}

/** The vega-lite module (compile). */
export function loadVegaLite(): Promise<typeof import("vega-lite/build/index")> {
  return importEsm("vega-lite");
}
