import { expect, test } from 'vitest';
import { measurePageTouch, probePageTouch } from '../../../src/bench/page-touch.js';

// Linux counts minor faults per process; elsewhere the probe may find none and says so.
const counts = process.platform === 'linux';

test.runIf(counts)('a probe of fresh memory takes a fault a page and gives a time per fault', () => {
  const p = probePageTouch(8 * 1024 * 1024);
  expect(p).toBeDefined();
  // 2,048 pages of 4 KB: each is touched once, so at most that many faults, and most of them at least.
  expect(p?.faults).toBeGreaterThan(1024);
  expect(p?.faults).toBeLessThanOrEqual(2048 + 64);
  expect(p?.micros).toBeGreaterThan(0);
  expect(Number.isFinite(p?.micros)).toBe(true);
});

test('a probe too small to take enough faults says nothing rather than a figure from a handful', () => {
  expect(probePageTouch(64 * 1024)).toBeUndefined();
});

test.runIf(counts)('the machine figure is the median of the probes that counted', () => {
  const t = measurePageTouch();
  expect(t).toBeDefined();
  expect(t?.faults.length).toBeGreaterThan(0);
  for (const f of t?.faults ?? []) expect(f).toBeGreaterThanOrEqual(256);
  expect(t?.microsPerFault).toBeGreaterThan(0);
});
