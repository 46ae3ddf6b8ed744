import { EventEmitter } from 'node:events';
import { describe, expect, test, vi } from 'vitest';
import type { GatewayContext, HandlerRequest } from '../../../src/gateway/context.js';
import { metricsHandler } from '../../../src/gateway/handlers/metrics.js';
import { SharedRenderer } from '../../../src/gateway/handlers/shared-render.js';
import { silentLogger } from '../../../src/gateway/telemetry/logger.js';
import { parse } from '../../../src/parse/index.js';
import { createStore } from '../../../src/store/index.js';
import { decodeProtobuf } from '../../../src/serialize/index.js';
import { startFeatureGateway } from './features/helpers.js';

const PROTOBUF = 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';

describe('concurrent scrapes share one rendering', () => {
  test('requests for a key being rendered wait for that rendering; a finished one is not reused', async () => {
    const shared = new SharedRenderer<string>();
    let made = 0;
    let finish!: (s: string) => void;
    const make = () => {
      made++;
      return new Promise<string>((resolve) => (finish = resolve));
    };
    const a = shared.get('v1 text', make);
    const b = shared.get('v1 text', make);
    expect(made).toBe(1);
    finish('body');
    expect(await Promise.all([a, b])).toEqual(['body', 'body']);
    expect(shared.size).toBe(0);
    void shared.get('v1 text', () => Promise.resolve('again'));
    expect(made).toBe(1);
    expect(await shared.get('v2 text', () => Promise.resolve('other'))).toBe('other');
  });
});

describe('scrapes over HTTP', () => {
  test('concurrent protobuf scrapes of a large store get the same body, and a push in between is answered', async () => {
    const g = await startFeatureGateway({});
    try {
      const body = Array.from({ length: 450 }, (_, i) => `f${i} ${i}\n`).join('');
      expect((await g.req('PUT', '/metrics/job/big', body)).status).toBe(200);
      const scrape = () =>
        fetch(`${g.base}/metrics`, { headers: { Accept: PROTOBUF } }).then(async (r) =>
          Buffer.from(await r.arrayBuffer()),
        );
      const [a, b, push, c] = await Promise.all([
        scrape(),
        scrape(),
        g.req('PUT', '/metrics/job/small', 'x 1\n'),
        scrape(),
      ]);
      expect(push.status).toBe(200);
      // Own metrics may differ when the scrapes did not overlap; the stored families may not.
      const stored = (x: Buffer) => decodeProtobuf(x).filter((f) => /^f\d+$/.test(f.name));
      expect(stored(b)).toEqual(stored(a));
      expect(stored(a)).toHaveLength(450);
      const names = decodeProtobuf(c).map((f) => f.name);
      expect(names).toContain('f449');
      expect(decodeProtobuf(a).find((f) => f.name === 'f449')?.metrics[0].value).toBe(449);
    } finally {
      await g.stop();
    }
  });
});

/** A response whose writes are refused (no `drain`) while `blocked`; collects what is written. */
class FakeResponse extends EventEmitter {
  statusCode = 0;
  destroyed = false;
  closed = false;
  blocked = false;
  readonly headers = new Map<string, unknown>();
  private readonly chunks: Buffer[] = [];
  private readonly callbacks: (() => void)[] = [];
  private done!: () => void;
  readonly finished = new Promise<void>((resolve) => (this.done = resolve));

  setHeader(name: string, value: unknown): void {
    this.headers.set(name.toLowerCase(), value);
  }
  write(chunk: string | Uint8Array, cb?: () => void): boolean {
    this.chunks.push(Buffer.from(chunk));
    if (cb) this.callbacks.push(cb);
    if (!this.blocked) this.flush();
    return !this.blocked;
  }
  end(chunk?: string | Uint8Array): void {
    if (chunk !== undefined) this.chunks.push(Buffer.from(chunk));
    this.closed = true;
    this.done();
  }
  release(): void {
    this.blocked = false;
    this.flush();
    this.emit('drain');
  }
  private flush(): void {
    for (const cb of this.callbacks.splice(0)) queueMicrotask(cb);
  }
  get body(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

describe('concurrent plain-text scrapes share one rendering', () => {
  test('scrapes of one store version use the rendering a slow scrape is still writing; later ones render again', async () => {
    const store = createStore();
    const series = Array.from({ length: 3000 }, (_, i) => `m{i="${i}",pad="${'x'.repeat(40)}"} ${i}`).join('\n');
    await store.submit({
      grouping: [{ name: 'job', value: 'a' }],
      mode: 'replace',
      families: parse(series + '\n'),
      receivedAt: 1,
    });
    const gw = { store, metrics: { families: () => [] }, logger: silentLogger } as unknown as GatewayContext;
    const scrape = (res: FakeResponse) => {
      const h = { gw, req: { method: 'GET', headers: {} }, res } as unknown as HandlerRequest;
      return metricsHandler(h);
    };
    const snapshot = store.snapshot();
    const renderings = vi.spyOn(snapshot, 'textChunks');

    const slow = new FakeResponse();
    slow.blocked = true;
    const first = scrape(slow);
    await new Promise((r) => setImmediate(r));
    expect(slow.closed).toBe(false);
    const others = [new FakeResponse(), new FakeResponse(), new FakeResponse()];
    await Promise.all(others.map(scrape));
    expect(renderings).toHaveBeenCalledTimes(1);
    slow.release();
    await first;
    const expected = snapshot.text();
    expect(expected.length).toBeGreaterThan(200_000);
    for (const r of [slow, ...others]) {
      expect(r.body).toBe(expected);
      expect(r.headers.get('content-length')).toBe(Buffer.byteLength(expected));
    }

    // Nobody uses it any more: the next scrape renders again, now keeping the families' bytes
    // (the store did not change since the last scrape), and the one after writes those bytes.
    const again = new FakeResponse();
    await scrape(again);
    expect(renderings).toHaveBeenCalledTimes(2);
    expect(again.body).toBe(expected);
    const kept = new FakeResponse();
    await scrape(kept);
    expect(renderings).toHaveBeenCalledTimes(3);
    const pieces = renderings.mock.results[2].value as unknown[];
    expect(pieces).toHaveLength(3); // m, push_failure_time_seconds, push_time_seconds
    for (const p of pieces) expect(p).toBeInstanceOf(Uint8Array);
    expect(kept.body).toBe(expected);

    // A push makes a new version: rendered afresh, with the new series.
    await store.submit({
      grouping: [{ name: 'job', value: 'b' }],
      mode: 'replace',
      families: parse('m{i="new"} 1\n'),
      receivedAt: 2,
    });
    const after = new FakeResponse();
    await scrape(after);
    expect(after.body).toBe(store.snapshot().text());
    expect(after.body).toContain('m{i="new",instance="",job="b"} 1\n');
  });
});
