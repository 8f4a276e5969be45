/** The gctrace scanner and its tables (scanner.ts); the row layout is GcRows' (rows.ts). */
export { GCFORCED_COLUMNS, GCSCAN_COLUMNS, GCTRACE_COLUMNS } from "./columns";
export { isGcCandidate } from "./fast";
export { GCTRACE_FORMATS, GcRows, type GcSlots, sharedSlots } from "./rows";
export { createGctraceScanner, type GctraceScanner, looksLikeGctrace } from "./scanner";
