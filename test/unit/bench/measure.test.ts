import { beforeAll, describe, expect, test } from 'vitest';
import {
  asyncBatch,
  measure,
  pairedRatio,
  pairedRound,
  probeAllocation,
  probeKernel,
} from '../../../src/bench/measure.js';
import { exposeGc } from './gc.js';

beforeAll(exposeGc);

const quick = { runs: 3, warmup: 2, warmupTime: 0.01, maxTime: 0.02, minSamples: 2 };

function objects(n: number): Array<{ i: number; s: string }> {
  return Array.from({ length: n }, (_, i) => ({ i, s: `value-${i}` }));
}

/** Operations that make `n` objects a call and log their name to `order` at each call. */
function logged(order: string[]): (name: string, n: number) => { fn: () => unknown } {
  return (name, n) => ({
    fn: () => {
      order.push(name);
      return objects(n);
    },
  });
}

describe('measure', () => {
  test.each([
    { name: 'synchronous', op: { fn: () => objects(100) } },
    { name: 'asynchronous (deferred)', op: { fn: async () => objects(100), async: true } },
  ])('$name: one figure per run, the listener hears the warm-up and every run', async ({ op }) => {
    const heard: number[] = [];
    const m = await measure(op, quick, (r) => heard.push(r));
    expect(heard).toEqual([0, 1, 2, 3]);
    expect(m.runs).toHaveLength(3);
    for (const s of m.runs) expect(s).toBeGreaterThan(0);
    expect(m.secPerOp.min).toBeLessThanOrEqual(m.secPerOp.median);
    expect(m.secPerOp.median).toBeLessThanOrEqual(m.secPerOp.max);
    expect(m.samples).toBeGreaterThanOrEqual(3 * 2);
    expect(m.kernel.faultsPerOp).toBeGreaterThanOrEqual(0);
    expect(m.kernel.systemShare).toBeGreaterThanOrEqual(0);
    expect(m.kernel.systemShare).toBeLessThanOrEqual(1);
  });

  test("a reference gives one paired ratio a run, its time per call over the operation's", async () => {
    const heard: number[] = [];
    const m = await measure({ fn: () => objects(10) }, quick, (r) => heard.push(r), { fn: () => objects(20_000) });
    expect(heard).toEqual([0, 1, 2, 3]);
    expect(m.runs).toHaveLength(3);
    expect(m.referenceRatios).toHaveLength(3);
    // The reference makes 2,000 times the objects.
    for (const r of m.referenceRatios as number[]) expect(r).toBeGreaterThan(10);
  });

  test('without a reference, no paired ratios', async () => {
    expect((await measure({ fn: () => objects(10) }, quick)).referenceRatios).toBeUndefined();
  });

  test('a paired round times batches in turn, a b b a, whole groups only', async () => {
    const order: string[] = [];
    const op = logged(order);
    const ratio = await pairedRound({ op: op('a', 10), batch: 2 }, { op: op('b', 20_000), batch: 1 }, 0);
    expect(order).toEqual(['a', 'a', 'b', 'b', 'a', 'a']);
    expect(ratio).toBeGreaterThan(10);
    order.length = 0;
    await pairedRound({ op: op('a', 10), batch: 1 }, { op: op('b', 10), batch: 1 }, 0.005);
    expect(order.length % 4).toBe(0);
    expect(order.slice(0, 8)).toEqual(['a', 'b', 'b', 'a', 'a', 'b', 'b', 'a']);
  });

  test.each([false, true])(
    'a paired ratio is b over a whichever side opens the round (b first: %s)',
    async (bFirst) => {
      const order: string[] = [];
      const op = logged(order);
      const ratio = await pairedRatio(op('a', 10), op('b', 20_000), 0, bFirst);
      expect(ratio).toBeGreaterThan(10);
      // Batches are sized on a, then on b, before the round.
      const sizing = order.indexOf('b');
      expect(sizing).toBeGreaterThan(0);
      expect(order.slice(0, sizing).every((x) => x === 'a')).toBe(true);
      // A round ends with the side that opened it (a b b a, or b a a b).
      expect(order.at(-1)).toBe(bFirst ? 'b' : 'a');
    },
  );

  test('a paired round awaits an asynchronous operation', async () => {
    let settled = 0;
    const slow = {
      async: true,
      fn: async () => {
        await new Promise((r) => setTimeout(r, 1));
        return ++settled;
      },
    };
    await pairedRound({ op: { fn: () => objects(1) }, batch: 1 }, { op: slow, batch: 1 }, 0);
    expect(settled).toBe(2);
  });

  test('a slower operation measures slower', async () => {
    const fast = await measure({ fn: () => objects(10) }, quick);
    const slow = await measure({ fn: () => objects(20_000) }, quick);
    expect(slow.secPerOp.median).toBeGreaterThan(fast.secPerOp.median * 10);
  });

  test('an asynchronous operation is measured per call, not per batch of calls', async () => {
    const m = await measure({ fn: async () => objects(200), async: true }, quick);
    const sync = await measure({ fn: () => objects(200) }, quick);
    // A batch lasts about a millisecond, a hundred calls or more: undivided, its mean would be that far above.
    expect(m.secPerOp.median).toBeLessThan(sync.secPerOp.median * 20);
  });

  test('a batch of asynchronous calls lasts about a millisecond, 1 to 1,000 calls', () => {
    expect(asyncBatch(4e-6)).toBe(250);
    expect(asyncBatch(1e-7)).toBe(1000);
    expect(asyncBatch(0.09)).toBe(1);
    expect(asyncBatch(0)).toBe(1);
    expect(asyncBatch(Number.NaN)).toBe(1);
  });

  test('an operation that throws rejects', async () => {
    await expect(
      measure(
        {
          fn: () => {
            throw new Error('boom');
          },
        },
        quick,
      ),
    ).rejects.toThrow('boom');
  });

  test('an operation returning undefined is refused (its work could be optimised away)', async () => {
    await expect(measure({ fn: () => undefined }, { ...quick, runs: 1 })).rejects.toThrow(/returned undefined/);
  });
});

describe('probeAllocation', () => {
  test('counts what one call allocates and what its result keeps', async () => {
    const big = await probeAllocation({ fn: () => objects(100_000) });
    // 100,000 objects of two fields plus strings: several MB, kept by the result.
    expect(big.allocatedBytes).toBeGreaterThan(3e6);
    expect(big.retainedBytes).toBeGreaterThan(3e6);
    expect(big.retainedBytes).toBeLessThanOrEqual(big.allocatedBytes * 1.1);
  });

  test('three probes, and each figure is their median: one odd call does not stand', async () => {
    let calls = 0;
    const probe = await probeAllocation({ fn: () => (++calls === 2 ? [calls] : objects(100_000)) });
    expect(calls).toBe(3);
    expect(probe.retainedBytes).toBeGreaterThan(3e6);
    expect(probe.allocatedBytes).toBeGreaterThan(3e6);
  });

  test('garbage made during the call is allocated but not retained', async () => {
    const garbage = await probeAllocation({
      fn: () => {
        let n = 0;
        for (let i = 0; i < 50; i++) n += objects(10_000).length;
        return n;
      },
    });
    expect(garbage.allocatedBytes).toBeGreaterThan(10e6);
    expect(garbage.retainedBytes).toBeLessThan(1e6);
  });
});

describe('probeKernel', () => {
  test('an operation that writes fresh memory on every call faults more than one that does not', async () => {
    // Each buffer is larger than the last, so the allocator cannot hand back memory it kept: the
    // pages are new and written (filled), whatever their size (4 KB, or 2 MB huge pages).
    let mb = 32;
    const fresh = await probeKernel({ fn: () => Buffer.alloc(mb++ * 1e6, 1).length });
    const idle = await probeKernel({ fn: () => objects(10).length });
    expect(fresh.faultsPerOp).toBeGreaterThan(8);
    expect(fresh.faultsPerOp).toBeGreaterThan(4 * (idle.faultsPerOp + 1));
    for (const k of [fresh, idle]) {
      expect(k.systemShare).toBeGreaterThanOrEqual(0);
      expect(k.systemShare).toBeLessThanOrEqual(1);
    }
  });
});
