/**
 * Queueing models for "what if the load doubles, or we add two Ps": the M/M/c queue (Poisson arrivals,
 * exponential service, c servers = Ps) with the Erlang C formula, the fluid drain time of a backlog, and
 * Little's law. Textbook formulas (Kleinrock, Queueing Systems vol. 1, 1975, §3.5; Harchol-Balter,
 * Performance Modeling and Design of Computer Systems, 2013, ch. 14); goroutines are the customers, Ps the
 * servers, the run queues the queue. Simplifications: Go's run queues are per-P with work stealing, which
 * behaves close to one shared queue (M/M/c) but not exactly; service times are not exponential in practice.
 */

/** Erlang B blocking probability for `servers` servers and offered load `a` (Erlangs), by the stable recursion. */
export function erlangB(servers: number, a: number): number {
  if (!Number.isInteger(servers) || servers < 1)
    throw new RangeError(`servers must be a positive integer, got ${servers}`);
  if (!(a >= 0)) throw new RangeError(`offered load must be ≥ 0, got ${a}`);
  // Erlang B recursion: B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1))
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (a * b) / (k + a * b);
  return b;
}

/**
 * Erlang C: the probability that an arrival has to wait in an M/M/c queue with offered load a = λ/μ < c.
 * C(c, a) = c·B(c, a) / (c − a·(1 − B(c, a))), from Erlang B. 1 when a ≥ c (the queue is unstable).
 */
export function erlangC(servers: number, a: number): number {
  const b = erlangB(servers, a);
  if (a >= servers) return 1;
  // Erlang C from Erlang B: C = c·B / (c − a(1 − B))
  return (servers * b) / (servers - a * (1 - b));
}

export interface MmcInput {
  /** λ: arrivals per second. */
  arrivalRatePerSec: number;
  /** 1/μ: mean service time of one arrival, ms. */
  serviceTimeMs: number;
  /** c: servers (Ps). */
  servers: number;
}

export interface MmcResult extends MmcInput {
  /** a = λ/μ, Erlangs: the mean number of busy servers. */
  offeredLoad: number;
  /** ρ = a/c. */
  utilisation: number;
  stable: boolean;
  /** Erlang C: probability of waiting. */
  probWait: number;
  /** Lq: mean number waiting in the queue. */
  meanQueueLength: number;
  /** Wq: mean wait in the queue, ms. */
  meanWaitMs: number;
  /** W = Wq + 1/μ, ms. */
  meanResponseMs: number;
  /** L = λ·W (Little's law): mean number in the system. */
  meanInSystem: number;
}

/** Steady-state M/M/c figures; for an unstable queue (ρ ≥ 1) the queue and waits are Infinity. */
export function mmc(input: MmcInput): MmcResult {
  const { arrivalRatePerSec: lambda, serviceTimeMs, servers: c } = input;
  if (!(lambda >= 0)) throw new RangeError(`arrivalRatePerSec must be ≥ 0, got ${lambda}`);
  if (!(serviceTimeMs > 0)) throw new RangeError(`serviceTimeMs must be > 0, got ${serviceTimeMs}`);
  const mu = 1000 / serviceTimeMs;
  const a = lambda / mu;
  const rho = a / c;
  const stable = rho < 1;
  const probWait = erlangC(c, a);
  // M/M/c: Lq = C(c, a)·ρ/(1 − ρ); Wq = C(c, a)/(cμ − λ); W = Wq + 1/μ
  const lq = stable ? (probWait * rho) / (1 - rho) : Number.POSITIVE_INFINITY;
  const wqSec = stable ? probWait / (c * mu - lambda) : Number.POSITIVE_INFINITY;
  const wSec = wqSec + 1 / mu;
  return {
    ...input,
    offeredLoad: a,
    utilisation: rho,
    stable,
    probWait,
    meanQueueLength: lq,
    meanWaitMs: wqSec * 1000,
    meanResponseMs: wSec * 1000,
    // Little's law: L = λW
    meanInSystem: lambda * wSec,
  };
}

/**
 * The q-quantile (0 < q < 1) of the M/M/c wait in the queue, ms: P(Wq > t) = C(c, a)·e^{−(cμ−λ)t}, so
 * t_q = ln(C/(1 − q)) / (cμ − λ), and 0 when fewer than 1 − q of the arrivals wait at all. Infinity when unstable.
 */
export function mmcWaitQuantileMs(input: MmcInput, q: number): number {
  if (!(q > 0 && q < 1)) throw new RangeError(`q must be in (0, 1), got ${q}`);
  const r = mmc(input);
  if (!r.stable) return Number.POSITIVE_INFINITY;
  const mu = 1000 / input.serviceTimeMs;
  // M/M/c waiting-time tail: P(Wq > t) = C(c, a)·exp(−(cμ − λ)t) (Harchol-Balter 2013, §14.6; Kleinrock 1975, §3.5)
  return r.probWait <= 1 - q
    ? 0
    : (1000 * Math.log(r.probWait / (1 - q))) / (input.servers * mu - input.arrivalRatePerSec);
}

/**
 * The Allen–Cunneen approximation for a G/G/c queue: the M/M/c mean wait scaled by (ca² + cs²)/2, where ca² and cs²
 * are the squared coefficients of variation of the inter-arrival and service times (1 and 1 for M/M/c; Poisson
 * arrivals have ca² = 1, bursty ones more). Allen, Probability, Statistics and Queueing Theory, 2nd ed. 1990, §6.
 */
export function allenCunneenWaitMs(mmcWaitMs: number, arrivalCv2: number, serviceCv2 = 1): number {
  // Allen–Cunneen: Wq(G/G/c) ≈ Wq(M/M/c)·(ca² + cs²)/2
  return (mmcWaitMs * (arrivalCv2 + serviceCv2)) / 2;
}

/**
 * Time to clear a backlog of `backlog` waiting goroutines with c servers of rate μ while arrivals continue at λ
 * (fluid approximation: the queue shrinks at cμ − λ). Infinity when cμ ≤ λ.
 */
export function drainTimeMs(backlog: number, input: MmcInput): number {
  const mu = 1000 / input.serviceTimeMs;
  const net = input.servers * mu - input.arrivalRatePerSec;
  // fluid drain: T = N / (cμ − λ)
  return net > 0 ? (1000 * backlog) / net : Number.POSITIVE_INFINITY;
}

export interface QueueScenario {
  /** Multiply the arrival rate (2 = "the load doubles"); default 1. */
  loadFactor?: number;
  /** Ps to add (may be negative); default 0. */
  addServers?: number;
  /** A backlog to drain, for the drain time; default 0. */
  backlog?: number;
}

export interface QueueWhatIf {
  baseline: MmcResult;
  scenario: MmcResult;
  baselineDrainMs: number;
  scenarioDrainMs: number;
}

/** M/M/c before and after a change of load and Ps. */
export function queueWhatIf(base: MmcInput, change: QueueScenario): QueueWhatIf {
  const servers = base.servers + (change.addServers ?? 0);
  if (servers < 1) throw new RangeError(`the scenario leaves ${servers} Ps`);
  const scenarioInput = {
    arrivalRatePerSec: base.arrivalRatePerSec * (change.loadFactor ?? 1),
    serviceTimeMs: base.serviceTimeMs,
    servers,
  };
  const backlog = change.backlog ?? 0;
  return {
    baseline: mmc(base),
    scenario: mmc(scenarioInput),
    baselineDrainMs: drainTimeMs(backlog, base),
    scenarioDrainMs: drainTimeMs(backlog, scenarioInput),
  };
}

export interface WaitCurveOptions {
  /** Server (P) counts to draw a curve for; default 1–4. */
  readonly servers?: readonly number[];
  /** Loads as multiples of the base arrival rate, from `step` up to below `maxLoad`; defaults 0.05 and 4. */
  readonly step?: number;
  readonly maxLoad?: number;
  /** Points whose mean wait passes this many ms are left out (the curve goes to infinity at utilisation 1). */
  readonly maxWaitMs?: number;
}

/**
 * The M/M/c mean wait for a server as the load grows (the hockey stick), one row per stable point: `load` (× the base
 * arrival rate), `servers`, `utilisation`, `waitMs` (mmc above, Erlang C).
 */
export function waitCurve(
  base: MmcInput,
  options: WaitCurveOptions = {},
): { load: number; servers: number; utilisation: number; waitMs: number }[] {
  const step = options.step ?? 0.05;
  const maxLoad = options.maxLoad ?? 4;
  const rows: { load: number; servers: number; utilisation: number; waitMs: number }[] = [];
  for (const servers of options.servers ?? [1, 2, 3, 4]) {
    // integer steps: repeated float addition would drift past round loads
    for (let k = 1; k * step < maxLoad; k++) {
      const load = +(k * step).toFixed(6);
      const r = mmc({ ...base, arrivalRatePerSec: base.arrivalRatePerSec * load, servers });
      if (!r.stable || !(r.meanWaitMs <= (options.maxWaitMs ?? Number.POSITIVE_INFINITY))) continue;
      rows.push({ load, servers, utilisation: r.utilisation, waitMs: r.meanWaitMs });
    }
  }
  return rows;
}
