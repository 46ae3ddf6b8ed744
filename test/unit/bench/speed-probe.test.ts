import { describe, expect, test } from 'vitest';
import {
  SpeedProbe,
  speedSpread,
  timeWorkload,
  unsteadyReason,
  UNSTEADY_SPREAD,
  workloadHash,
} from '../../../src/bench/speed-probe.js';

describe('speedSpread', () => {
  test.each([
    { samples: [], spread: undefined },
    { samples: [5], spread: undefined },
    { samples: [4, 6, 5], spread: 1.5 },
    { samples: [0, 3], spread: undefined },
  ])('$samples → $spread', ({ samples, spread }) => {
    expect(speedSpread(samples)).toBe(spread);
  });
});

describe('unsteadyReason', () => {
  test('steady: the slowest sample within the spread allowed, or too few samples', () => {
    expect(unsteadyReason(undefined)).toBeUndefined();
    expect(unsteadyReason([5])).toBeUndefined();
    expect(unsteadyReason([5, 5.5, 5 * UNSTEADY_SPREAD])).toBeUndefined();
  });

  test('unsteady: says from what to what the fixed workload took, and the factor', () => {
    expect(unsteadyReason([4.9, 5.1, 6.86, 5])).toBe(
      "the machine's speed changed during the run (a fixed workload timed before each stage and at the end took from 4.90 to 6.86 ms, 1.40×)",
    );
  });
});

describe('SpeedProbe', () => {
  test('drops its warm-up calls, then keeps one sample a call, in order', () => {
    let calls = 0;
    const probe = new SpeedProbe(() => ++calls);
    expect(calls).toBe(5);
    expect(probe.samples).toEqual([]);
    probe.sample();
    probe.sample();
    expect(probe.samples).toEqual([6, 7]);
  });

  test('the workload takes time and computes the same hash every time', () => {
    expect(timeWorkload()).toBeGreaterThan(0);
    const first = workloadHash();
    timeWorkload();
    expect(workloadHash()).toBe(first);
    expect(first).not.toBe(0);
  });
});
