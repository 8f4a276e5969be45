/**
 * Results of pure analyses of one table, remembered only while `withAnalysisCache` runs: a report asks for the same
 * per-cycle tables (gcPhases, gcCpuPerCycle, heapCycles) from several charts, and a million cycles make each one
 * cost a tenth of a second and tens of MiB. Outside a scope nothing is kept (a notebook holds no hidden copies).
 * Tables do not change once made, so a result stays right for as long as its table lives.
 */

type Analysis = (...args: never[]) => unknown;

let scope: WeakMap<object, Map<Analysis, unknown>> | null = null;

/** Runs `f` with the cache on (nested scopes share the outer one); the cache is dropped when `f` returns. */
export function withAnalysisCache<T>(f: () => T): T {
  if (scope !== null) return f();
  scope = new WeakMap();
  try {
    return f();
  } finally {
    scope = null;
  }
}

/** What `fn` returned for `key` (a table, or one of its columns) in this scope, if it ran. */
export function recall<T>(key: object, fn: Analysis): T | undefined {
  return scope?.get(key)?.get(fn) as T | undefined;
}

/** Keeps `value` as what `fn` returns for `key` (while a scope runs) and returns it. */
export function remember<T>(key: object, fn: Analysis, value: T): T {
  if (scope !== null) {
    const known = scope.get(key) ?? new Map<Analysis, unknown>();
    scope.set(key, known);
    known.set(fn, value);
  }
  return value;
}

/**
 * What `fn` gives for `key` — a table or one of its columns — computed once per scope (on every call outside one).
 * The caller must not change what it gets: later callers in the scope receive the same object.
 */
export function memoOf<T>(key: object, fn: Analysis, compute: () => T): T {
  return recall<T>(key, fn) ?? remember(key, fn, compute());
}
