import { describe, expect, test } from 'vitest';
import { nextSlot, runEvery } from '../../../src/push/schedule.js';

/** A fake clock: sleeping moves it forward; runs can take time too. */
function fakeClock(start = 1_000_000) {
  const c = { t: start, sleeps: [] as number[] };
  return {
    c,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.sleeps.push(ms);
      c.t += ms;
    },
  };
}

describe('nextSlot', () => {
  test.each([
    { name: 'on time', start: 0, interval: 10, next: 1, now: 5, expected: { index: 1, at: 10 } },
    { name: 'exactly at the slot', start: 0, interval: 10, next: 1, now: 10, expected: { index: 1, at: 10 } },
    { name: 'overran one slot: skips it', start: 0, interval: 10, next: 1, now: 13, expected: { index: 2, at: 20 } },
    { name: 'overran many', start: 100, interval: 10, next: 1, now: 151, expected: { index: 6, at: 160 } },
  ])('$name', ({ start, interval, next, now, expected }) => {
    expect(nextSlot(start, interval, next, now)).toEqual(expected);
  });
});

describe('runEvery (injected clock)', () => {
  test('runs start on the fixed grid whatever each run takes (no drift)', async () => {
    const f = fakeClock();
    const starts: number[] = [];
    const durations = [300, 1200, 50, 900, 10];
    await runEvery(
      async (k) => {
        starts.push(f.c.t - 1_000_000);
        f.c.t += durations[k % durations.length];
      },
      { intervalMs: 1000, now: f.now, sleep: f.sleep, maxRuns: 5 },
    );
    // The 1200 ms run overruns slot 2 (2000), so the next run is at 3000.
    expect(starts).toEqual([0, 1000, 3000, 4000, 5000]);
  });

  test('jitter delays each run within [slot, slot + jitter) without shifting later slots', async () => {
    const f = fakeClock();
    const starts: number[] = [];
    const rnd = [0.5, 0.1, 0.9];
    let i = 0;
    await runEvery(async () => void starts.push(f.c.t - 1_000_000), {
      intervalMs: 15_000,
      jitterMs: 2_000,
      now: f.now,
      sleep: f.sleep,
      random: () => rnd[i++ % 3],
      maxRuns: 3,
    });
    expect(starts).toEqual([1000, 15_200, 31_800]);
  });

  test('abort stops the loop during a wait', async () => {
    const f = fakeClock();
    const ac = new AbortController();
    let runs = 0;
    const n = await runEvery(
      async () => {
        runs++;
        if (runs === 2) ac.abort();
      },
      { intervalMs: 1000, now: f.now, sleep: f.sleep, signal: ac.signal },
    );
    expect([n, runs]).toEqual([2, 2]);
  });
});
