import { createServer, type AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { expect, test } from 'vitest';
import { yieldToLoop } from '../../../src/store/index.js';

// A break between two steps of a large write must let a request that arrived on a new connection during
// the first step be answered: the connection is accepted in one poll for I/O and read in the next, so
// the break has to span two polls.

/** A client in another thread: connects, sends a line, then sets `flag[0]`. */
const CLIENT = `
const { workerData } = require('node:worker_threads');
const net = require('node:net');
const flag = new Int32Array(workerData.flag);
const s = net.connect(workerData.port, '127.0.0.1', () => {
  s.write('ping\\n', () => { Atomics.store(flag, 0, 1); });
});
s.on('data', () => s.end());
s.on('error', () => {});
`;

test('a request on a connection made during a step is answered before the step after the break', async () => {
  let answered = false;
  const server = createServer((sock) =>
    sock.on('data', () => {
      answered = true;
      sock.end('pong\n');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(CLIENT, { eval: true, workerData: { port, flag: flag.buffer } });
  try {
    // The first step: holds the loop until the client has connected and written its line.
    const until = Date.now() + 10_000;
    while (Atomics.load(flag, 0) === 0 && Date.now() < until) Atomics.wait(flag, 0, 0, 5);
    expect(Atomics.load(flag, 0)).toBe(1);
    await yieldToLoop();
    // The next step would start here.
    expect(answered).toBe(true);
  } finally {
    await worker.terminate();
    server.close();
  }
});
