/**
 * Little's law, L = λ·W (Little 1961, "A Proof for the Queuing Formula: L = λW", Operations Research 9(3)): the
 * mean number in a stable system equals the arrival rate times the mean time spent in it. The analyses use it on
 * measured run queues (analysis/queueDrain.ts); the what-if models on their own inputs (whatif/queueModel.ts).
 */

/** Little's law L = λ·W: the mean wait (ms) implied by a mean queue length and a throughput (per second). */
export function littleWaitMs(meanQueueLength: number, throughputPerSec: number): number {
  // Little 1961: W = L / λ
  return throughputPerSec > 0 ? (1000 * meanQueueLength) / throughputPerSec : Number.NaN;
}
