/**
 * The heap target and the GC CPU of one cycle under a scenario (GOGC, GOMEMLIMIT), as the Go runtime sets them:
 * go.dev/doc/gc-guide and runtime/mgcpacer.go (src/whatif/gcPredict.ts says how the predictions use them).
 */
import { HEAP_MINIMUM_MB } from "../analysis/heap";
import type { GcModel } from "./gcModel";

/** runtime/mgcpacer.go memoryLimitHeapGoalHeadroom: 1 MiB below the limit-derived goal. */
export const MEMORY_LIMIT_HEADROOM_MB = 1;
/** runtime/mgclimit.go / go.dev/doc/gc-guide: the GC CPU limiter caps GC at about 50 % of the CPU. */
export const GC_CPU_LIMIT = 0.5;

export interface GcScenario {
  gogc: number | "off";
  /** GOMEMLIMIT in MiB; undefined = no limit. */
  memLimitMB?: number;
}

export type TargetRegime = "gogc" | "minimumHeap" | "memoryLimit" | "off";

export interface GcTarget {
  heapGoalMB: number;
  regime: TargetRegime;
}

/** The heap-target rule of a scenario: the goal after a cycle that left `liveMB` live, and which rule set it. */
export class TargetRule {
  /** The rule that set the last goal asked for. */
  regime: TargetRegime = "off";
  private readonly roots: number;
  /** GOGC/100; undefined for GOGC=off. */
  private readonly f: number | undefined;
  /** limit − non-heap memory − headroom; undefined without a memory limit. */
  private readonly limitGoal: number | undefined;

  constructor(model: GcModel, scenario: GcScenario) {
    this.roots = model.rootsInGoal ? model.stacksMB + model.globalsMB : 0;
    this.f = scenario.gogc === "off" ? undefined : scenario.gogc / 100;
    this.limitGoal =
      scenario.memLimitMB === undefined
        ? undefined
        : scenario.memLimitMB - model.nonHeapMB - MEMORY_LIMIT_HEADROOM_MB;
  }

  goal(liveMB: number): number {
    const f = this.f;
    let goal = Number.POSITIVE_INFINITY;
    this.regime = "off";
    if (f !== undefined) {
      // go.dev/doc/gc-guide: Target heap memory = Live heap + (Live heap + GC roots) × GOGC/100
      goal = liveMB + (liveMB + this.roots) * f;
      this.regime = "gogc";
      // runtime/mgcpacer.go commit: if gcPercentHeapGoal < heapMinimum (4 MiB × GOGC/100) use heapMinimum
      if (goal < HEAP_MINIMUM_MB * f) {
        goal = HEAP_MINIMUM_MB * f;
        this.regime = "minimumHeap";
      }
    }
    if (this.limitGoal !== undefined) {
      // runtime/mgcpacer.go memoryLimitHeapGoal: limit − nonHeap − headroom, not below heapMarked
      const limitGoal = Math.max(this.limitGoal, liveMB);
      if (limitGoal < goal) {
        goal = limitGoal;
        this.regime = "memoryLimit";
      }
    }
    return goal;
  }
}

/** The heap target after a cycle that left `liveMB` live. */
export function heapTarget(model: GcModel, scenario: GcScenario, liveMB: number): GcTarget {
  const rule = new TargetRule(model, scenario);
  const heapGoalMB = rule.goal(liveMB);
  return { heapGoalMB, regime: rule.regime };
}

/** GC CPU of one cycle that marks `liveMB` (GC guide: fixed + marginal cost × live heap (+ roots)). */
export function cycleCpuMs(model: GcModel, liveMB: number): number {
  const roots = model.rootsInGoal ? model.stacksMB + model.globalsMB : 0;
  return model.fixedCostMs + model.markCostMsPerMB * (liveMB + roots);
}
