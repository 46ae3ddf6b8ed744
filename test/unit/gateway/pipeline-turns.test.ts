import { expect, test } from 'vitest';
import type { HandlerRequest, WriteHandler } from '../../../src/gateway/context.js';
import { runEndpoint, type Endpoint } from '../../../src/gateway/http/pipeline.js';
import type { WriteRequest } from '../../../src/model/types.js';
import { LARGE_WRITE_ITEMS } from '../../../src/store/index.js';

// A push is parsed in one turn of the event loop; a large one is grouped in a later turn and submitted in
// a later one still, each after I/O was polled, so that parsing, grouping and preparing a huge push are
// not one long block.

function pushOf(labels: number): WriteRequest {
  return {
    grouping: [{ name: 'job', value: 'j' }],
    mode: 'replace',
    families: [
      {
        name: 'x',
        type: 'gauge',
        metrics: [{ labels: Array.from({ length: labels }, (_, i) => ({ name: `l${i}`, value: 'v' })), value: 1 }],
      },
    ],
    receivedAt: 0,
  };
}

async function submitOrder(write: WriteRequest): Promise<string[]> {
  const order: string[] = [];
  const handler: WriteHandler = {
    toWrite: () => {
      // Queued when the push is parsed: it runs before a submit made in a later turn.
      setImmediate(() => order.push('immediate'));
      return Promise.resolve(write);
    },
    reply: () => order.push('reply'),
  };
  const endpoint: Endpoint = { write: handler, access: 'push', onRequest: [], preHandler: [], onResponse: [] };
  const writer = {
    submit: () => {
      order.push('submit');
      return Promise.resolve({ ok: true });
    },
  };
  const store = {
    stage: () => {
      order.push('stage');
      // Queued when the push is grouped: it runs before a submit made in a later turn.
      setImmediate(() => order.push('immediate after stage'));
    },
  };
  const h = { gw: { writer, store }, cleanup: [], state: new Map() } as unknown as HandlerRequest;
  await runEndpoint(endpoint, h);
  await new Promise((resolve) => setImmediate(resolve));
  return order;
}

test('a large push is grouped in a later turn than the one that parsed it, and submitted in a later one still', async () => {
  expect(await submitOrder(pushOf(LARGE_WRITE_ITEMS))).toEqual([
    'immediate',
    'stage',
    'immediate after stage',
    'submit',
    'reply',
  ]);
});

test('a small push is submitted in the turn that parsed it', async () => {
  expect(await submitOrder(pushOf(3))).toEqual(['submit', 'reply', 'immediate']);
});
