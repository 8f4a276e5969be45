/** Windows on a trace: one process run and/or a span of time, and the times a user writes (re-exports only). */
export { type BusiestOptions, type BusiestWindow, busiestWindow } from "./busiest";
export { formatDuration, parseGoDuration, parseTraceTime } from "./duration";
export { describeWindow, isWindow, type TraceWindow, type WindowedTrace, windowTrace } from "./traceWindow";
