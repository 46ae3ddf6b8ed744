// The part of benchmark.js 2.1.4 that src/bench/measure.ts uses (the package ships no types).
declare module 'benchmark' {
  namespace Benchmark {
    interface Deferred {
      /** Ends one deferred call. */
      resolve(): void;
    }
    interface Options {
      /** The timed operation; with `defer`, it receives a deferred to resolve when done. */
      fn: ((deferred: Deferred) => unknown) | (() => unknown);
      name?: string;
      /** Run synchronously when false. */
      async?: boolean;
      /** The operation ends when it resolves its deferred, not when it returns. */
      defer?: boolean;
      initCount?: number;
      /** Seconds of sampling before a run may stop. */
      maxTime?: number;
      minSamples?: number;
      /** Seconds each sample (cycle) must last at least. */
      minTime?: number;
      /** Called when the run ends (deferred runs end asynchronously). */
      onComplete?: () => void;
      /** Called when the operation throws. */
      onError?: () => void;
    }
    interface Stats {
      /** Seconds per operation, mean of the samples. */
      mean: number;
      /** Relative margin of error, percent. */
      rme: number;
      deviation: number;
      /** Seconds per operation of each sample. */
      sample: number[];
    }
  }
  class Benchmark {
    constructor(options: Benchmark.Options);
    run(options?: { async?: boolean }): this;
    readonly stats: Benchmark.Stats;
    readonly count: number;
    readonly cycles: number;
    readonly hz: number;
    readonly error?: unknown;
    readonly aborted: boolean;
  }
  export = Benchmark;
}
