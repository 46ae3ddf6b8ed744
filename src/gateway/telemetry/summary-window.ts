/**
 * A summary over a sliding time window, as client_golang's summaries report
 * it: quantiles of the observations of the last `maxAgeMs` (NaN when there
 * are none), and a count and sum of every observation ever made.
 */
export class SummaryWindow {
  private readonly times: number[] = [];
  private readonly values: number[] = [];
  /** Number of observations ever made. */
  count = 0;
  /** Sum of every observation ever made. */
  sum = 0;

  /**
   * @param maxAgeMs how long an observation counts towards the quantiles (client_golang: 10 minutes)
   * @param maxSamples most observations kept for the quantiles (the oldest are dropped first)
   */
  constructor(
    private readonly maxAgeMs = 10 * 60_000,
    private readonly maxSamples = 2000,
  ) {}

  /** Records one observation at time `now` (milliseconds). */
  observe(value: number, now: number): void {
    this.count++;
    this.sum += value;
    this.times.push(now);
    this.values.push(value);
    if (this.values.length > this.maxSamples) {
      this.times.shift();
      this.values.shift();
    }
  }

  /** The `q`-quantiles (nearest rank) of the observations younger than `maxAgeMs` at `now`; NaN for each when there are none. */
  quantiles(qs: readonly number[], now: number): number[] {
    let drop = 0;
    while (drop < this.times.length && now - this.times[drop] > this.maxAgeMs) drop++;
    if (drop > 0) {
      this.times.splice(0, drop);
      this.values.splice(0, drop);
    }
    if (this.values.length === 0) return qs.map(() => NaN);
    const sorted = this.values.slice().sort((a, b) => a - b);
    return qs.map((q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]);
  }
}
