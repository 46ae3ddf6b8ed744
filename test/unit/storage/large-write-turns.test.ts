import { describe, expect, test } from 'vitest';
import type { MetricFamily, WriteRequest } from '../../../src/model/types.js';
import { createStore, isLargeWrite, LARGE_WRITE_ITEMS, type StorageBackend } from '../../../src/store/index.js';
import { StoreWriter } from '../../../src/storage/store-writer.js';

// A large write is prepared in one turn of the event loop and encoded for the backend in a later one, after
// I/O has been polled: a huge push never holds other requests for all of its steps at once.

function gauge(labels: number, series = 1): MetricFamily {
  return {
    name: 'x',
    type: 'gauge',
    metrics: Array.from({ length: series }, (_, s) => ({
      labels: Array.from({ length: labels }, (_, i) => ({ name: `l${i}`, value: `${s}` })),
      value: 1,
    })),
  };
}

function write(families: MetricFamily[], job = 'j'): WriteRequest {
  return { grouping: [{ name: 'job', value: job }], mode: 'replace', families, receivedAt: 0 };
}

/** A backend that only records, in `order`, when an append was asked for. */
function recordingBackend(order: string[]): StorageBackend {
  return {
    name: 'recording',
    load: () => Promise.resolve({}),
    append: () => {
      order.push('append');
      return Promise.resolve();
    },
    snapshot: () => Promise.resolve(),
    subscribe: () => () => {},
    health: () => ({ up: true }),
    close: () => Promise.resolve(),
  };
}

async function appendOrder(req: WriteRequest): Promise<string[]> {
  const order: string[] = [];
  const { writer } = await StoreWriter.open(createStore(), recordingBackend(order), {
    intervalMs: 60_000,
    logger: { info() {}, warn() {}, error() {} },
  });
  try {
    const done = writer.submit(req);
    setImmediate(() => order.push('immediate'));
    const r = await done;
    expect(r.ok).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    return order;
  } finally {
    await writer.close();
  }
}

describe('isLargeWrite', () => {
  test.each([
    ['one series, few labels', [gauge(3)], false],
    ['one series just under the bound', [gauge(LARGE_WRITE_ITEMS - 2)], false],
    ['one series at the bound', [gauge(LARGE_WRITE_ITEMS - 1)], true],
    ['one series of 100,000 labels', [gauge(100_000)], true],
    ['many small series', [gauge(3, LARGE_WRITE_ITEMS / 4)], true],
  ])('%s', (_, families, large) => {
    expect(isLargeWrite(write(families))).toBe(large);
  });

  test('buckets and quantiles count as items; a delete has none', () => {
    const buckets = Array.from({ length: LARGE_WRITE_ITEMS }, (_, i) => ({ upperBound: i, cumulativeCount: i }));
    const h: MetricFamily = { name: 'h', type: 'histogram', metrics: [{ labels: [], histogram: { buckets } }] };
    expect(isLargeWrite(write([h]))).toBe(true);
    expect(isLargeWrite({ grouping: [{ name: 'job', value: 'j' }], mode: 'delete', receivedAt: 0 })).toBe(false);
  });
});

describe('StoreWriter turns', () => {
  test('a large write reaches the backend only after the event loop ran what was queued', async () => {
    expect(await appendOrder(write([gauge(LARGE_WRITE_ITEMS)]))).toEqual(['immediate', 'append']);
  });

  test('a small write reaches the backend in the turn it was submitted in', async () => {
    expect(await appendOrder(write([gauge(3)]))).toEqual(['append', 'immediate']);
  });
});
