/**
 * Predicting GC cycles, peak heap and GC CPU for another GOGC / GOMEMLIMIT from a calibrated GcModel.
 *
 * The heap target follows go.dev/doc/gc-guide and runtime/mgcpacer.go:
 *   target = live + (live + roots) × GOGC/100 (roots = stacks + globals, go1.18+; live only before),
 *   at least heapMinimum = 4 MiB × GOGC/100, GOGC=off → no target,
 *   capped by the memory limit: limit − non-heap memory − 1 MiB headroom, never below the live heap.
 * Two answers:
 * - `replay` (the headline figures): walks the calibration trace's own timeline — its cumulative allocation and
 *   live-heap curves — and ends a cycle whenever the heap (live after the last cycle + allocated since) has
 *   grown by runwayRatio × (target − live), the share of the runway the trace's own cycles used (the pacer
 *   triggers before the target, mark runs on while the program allocates). This keeps the trace's ramp-up.
 * - `steadyState`: the GC guide's closed form with the fitted constants: cycles/s = allocation rate / (target −
 *   live), CPU = cycles/s × (fixed + per-MiB × (live + roots)).
 * Simplifications (written down, as the issue asks): a cycle is an instant at the end of mark, and the
 * trigger point is one calibrated ratio of the runway for every GOGC (the real pacer re-plans each cycle from
 * its cons/mark estimate); the peak heap is the heap at the end of mark; the program's allocation and live heap do not
 * depend on GOGC (fewer GC cycles do not make it allocate faster); the GC CPU limiter (runtime/mgclimit.go,
 * go1.19+: GC capped at about 50 % of GOMAXPROCS, go.dev/doc/gc-guide "Memory limit") is modelled as a minimum
 * time between cycles; non-heap memory is a constant; forced cycles happen when they happened in the trace.
 */
import type { GcModel } from "./gcModel";
import { replayGc } from "./gcReplay";
import { cycleCpuMs, GC_CPU_LIMIT, type GcScenario, heapTarget, type TargetRegime } from "./gcTarget";

export {
  cycleCpuMs,
  GC_CPU_LIMIT,
  type GcScenario,
  type GcTarget,
  heapTarget,
  MEMORY_LIMIT_HEADROOM_MB,
  type TargetRegime,
} from "./gcTarget";

export interface GcPrediction {
  gogc: number | "off";
  memLimitMB: number | null;
  durationSec: number;
  gcCount: number;
  gcPerSec: number;
  peakHeapMB: number;
  gcCpuPct: number;
  /** Cycles per regime that set their target; `cpuLimited` counts cycles delayed by the GC CPU limiter. */
  regimes: Record<TargetRegime | "forced" | "cpuLimited", number>;
  steadyState: {
    heapGoalMB: number;
    regime: TargetRegime;
    gcPerSec: number;
    gcCpuPct: number;
    peakHeapMB: number;
  };
}

/** Predicts the scenario over the model's duration (see the module comment for the method). */
export function predictGc(model: GcModel, scenario: GcScenario): GcPrediction {
  if (scenario.gogc !== "off" && !(scenario.gogc >= 0))
    throw new RangeError(`GOGC must be ≥ 0 or "off", got ${scenario.gogc}`);
  // A NaN cost would make every cycle's earliest time NaN and end the replay at zero cycles without a word.
  if (!(Number.isFinite(model.fixedCostMs) && Number.isFinite(model.markCostMsPerMB)))
    throw new RangeError(
      `predictGc: the model's GC costs must be finite, got ${model.fixedCostMs} ms + ${model.markCostMsPerMB} ms/MiB`,
    );
  const durationMs = model.durationSec * 1000;
  const { count, cpuMs, peakHeapMB: peak, regimes } = replayGc(model, scenario);

  const ss = heapTarget(model, scenario, model.liveHeapMB);
  const runway = ss.heapGoalMB - model.liveHeapMB;
  const perCycle = cycleCpuMs(model, model.liveHeapMB);
  // go.dev/doc/gc-guide steady state: cycles/s = allocation rate / new heap per cycle, capped by the CPU limiter
  const grown = model.runwayRatio * runway;
  const ssRate = Number.isFinite(runway)
    ? Math.min(
        grown > 0 ? model.allocRateMBPerSec / grown : Number.POSITIVE_INFINITY,
        (GC_CPU_LIMIT * model.procs * 1000) / perCycle,
      )
    : 0;
  return {
    gogc: scenario.gogc,
    memLimitMB: scenario.memLimitMB ?? null,
    durationSec: model.durationSec,
    gcCount: count,
    gcPerSec: count / model.durationSec,
    peakHeapMB: peak,
    // runtime/mgc.go gc_cpu_fraction: Σ cycle CPU / (wall × GOMAXPROCS)
    gcCpuPct: (100 * cpuMs) / (durationMs * model.procs),
    regimes,
    steadyState: {
      heapGoalMB: ss.heapGoalMB,
      regime: ss.regime,
      gcPerSec: ssRate,
      gcCpuPct: (100 * ssRate * perCycle) / (1000 * model.procs),
      peakHeapMB: Number.isFinite(ss.heapGoalMB)
        ? model.liveHeapMB + model.runwayRatio * runway
        : model.liveHeapMB + model.allocRateMBPerSec * model.durationSec,
    },
  };
}
