/**
 * The gctrace scanner and its tables (scanner.ts); the row layout is GcRows' (rows.ts).
 *
 * Code that runs per line imports from the modules themselves (build.ts, dispatch.ts): tsc compiles these
 * re-exports to getters, which put this module's exports object in V8's dictionary mode, so every call through it
 * is a property lookup and a getter call that optimised code cannot inline. For `isGcCandidate` that was about a
 * fifth of the one-thread loadTrace's extra instructions after the refactor (bench/README.md, session 5).
 */
export { GCFORCED_COLUMNS, GCSCAN_COLUMNS, GCTRACE_COLUMNS } from "./columns";
export { isGcCandidate } from "./fast";
export { GCTRACE_FORMATS, GcRows, type GcSlots, sharedSlots } from "./rows";
export { createGctraceScanner, type GctraceScanner, looksLikeGctrace } from "./scanner";
