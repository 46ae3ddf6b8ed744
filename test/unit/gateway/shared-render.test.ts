import { EventEmitter } from 'node:events';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test, vi } from 'vitest';
import type { GatewayContext, HandlerRequest } from '../../../src/gateway/context.js';
import { metricsHandler } from '../../../src/gateway/handlers/metrics.js';
import { SharedRenderer } from '../../../src/gateway/handlers/shared-render.js';
import { silentLogger } from '../../../src/gateway/telemetry/logger.js';
import { parse } from '../../../src/parse/index.js';
import { createStore, type MetricStore, type StoreSnapshot } from '../../../src/store/index.js';
import { Snapshot } from '../../../src/store/snapshot.js';
import { decodeProtobuf, encodeProtobuf, serializeOpenMetrics } from '../../../src/serialize/index.js';
import { startFeatureGateway } from './features/helpers.js';

const PROTOBUF = 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';

/** A rendering started by hand: its version and a way to finish it. */
function manual(version: number, made: string[]) {
  let finish!: (s: string) => void;
  const value = new Promise<string>((resolve) => (finish = resolve));
  made.push(`v${version}`);
  return { started: { version, value }, finish: (s: string) => finish(s) };
}

describe('concurrent scrapes share renderings', () => {
  test('a request for a version being rendered shares it; a finished one unused by anybody is not reused', async () => {
    const shared = new SharedRenderer<string>();
    const made: string[] = [];
    const r = manual(1, made);
    const use = (seen: number) =>
      shared.use(
        'text',
        seen,
        () => r.started,
        (t) => Promise.resolve(t),
      );
    const a = use(1);
    const b = use(1);
    expect(made).toEqual(['v1']);
    r.finish('body');
    expect(await Promise.all([a, b])).toEqual(['body', 'body']);
    expect(shared.size).toBe(0);
    const again = manual(1, made);
    const c = shared.use(
      'text',
      1,
      () => again.started,
      (t) => Promise.resolve(t),
    );
    expect(made).toEqual(['v1', 'v1']);
    again.finish('again');
    expect(await c).toBe('again');
  });

  test('requests arriving while an older version is being made wait for the next rendering and share it', async () => {
    const shared = new SharedRenderer<string>();
    const made: string[] = [];
    const renderings = new Map<number, ReturnType<typeof manual>>();
    let version = 1;
    const start = () => {
      const r = manual(version, made);
      renderings.set(version, r);
      return r.started;
    };
    const got: string[] = [];
    const use = (seen: number) => shared.use('text', seen, start, async (t) => void got.push(`${seen}:${t}`));
    const first = use(1);
    version = 2; // a push landed after the first rendering took its snapshot
    const waiting = [use(2), use(2)];
    version = 3;
    waiting.push(use(3));
    expect(made).toEqual(['v1']);
    expect(shared.size).toBe(2);
    renderings.get(1)!.finish('body1');
    await first;
    // The next rendering started as soon as the first was made, at the version of then (3 ≥ every waiter's).
    expect(made).toEqual(['v1', 'v3']);
    // One arriving now, having seen 3, shares it too; one having seen 4 waits for the one after.
    const same = use(3);
    version = 4;
    const later = use(4);
    renderings.get(3)!.finish('body3');
    await Promise.all([...waiting, same]);
    expect(made).toEqual(['v1', 'v3', 'v4']);
    renderings.get(4)!.finish('body4');
    await later;
    expect(got.sort()).toEqual(['1:body1', '2:body3', '2:body3', '3:body3', '3:body3', '4:body4']);
    expect(shared.size).toBe(0);
  });

  test('a rendering still being written to one request is shared with a request of the same version', async () => {
    const shared = new SharedRenderer<string>();
    const made: string[] = [];
    const r = manual(5, made);
    let release!: () => void;
    const writing = new Promise<void>((resolve) => (release = resolve));
    const slow = shared.use(
      'text',
      5,
      () => r.started,
      () => writing,
    );
    r.finish('body');
    await new Promise((resolve) => setImmediate(resolve));
    expect(
      await shared.use(
        'text',
        5,
        () => manual(5, made).started,
        (t) => Promise.resolve(t),
      ),
    ).toBe('body');
    expect(made).toEqual(['v5']);
    // A newer version is not served from it: a new rendering starts at once (none is being made).
    const fresh = manual(6, made);
    const newer = shared.use(
      'text',
      6,
      () => fresh.started,
      (t) => Promise.resolve(t),
    );
    expect(made).toEqual(['v5', 'v6']);
    fresh.finish('body6');
    expect(await newer).toBe('body6');
    release();
    await slow;
    expect(shared.size).toBe(0);
  });

  test('a failed rendering fails its requests and the waiting one still starts', async () => {
    const shared = new SharedRenderer<string>();
    let fail!: (e: Error) => void;
    const failing = new Promise<string>((_, reject) => (fail = reject));
    const a = shared.use(
      'k',
      1,
      () => ({ version: 1, value: failing }),
      (t) => Promise.resolve(t),
    );
    const b = shared.use(
      'k',
      2,
      () => ({ version: 2, value: Promise.resolve('ok') }),
      (t) => Promise.resolve(t),
    );
    fail(new Error('boom'));
    await expect(a).rejects.toThrow('boom');
    expect(await b).toBe('ok');
    const thrown = shared.use(
      'k',
      3,
      () => {
        throw new Error('sync');
      },
      (t) => Promise.resolve(t),
    );
    await expect(thrown).rejects.toThrow('sync');
    expect(shared.size).toBe(0);
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
  private done!: () => void;
  readonly finished = new Promise<void>((resolve) => (this.done = resolve));

  setHeader(name: string, value: unknown): void {
    this.headers.set(name.toLowerCase(), value);
  }
  get writableLength(): number {
    return this.blocked ? Number.MAX_SAFE_INTEGER : 0;
  }
  cork(): void {}
  write(chunk: string | Uint8Array): boolean {
    this.chunks.push(Buffer.from(chunk));
    return !this.blocked;
  }
  end(chunk?: string | Uint8Array): void {
    if (chunk !== undefined) this.chunks.push(Buffer.from(chunk));
    this.closed = true;
    this.done();
  }
  release(): void {
    this.blocked = false;
    this.emit('drain');
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
  get body(): string {
    return this.bytes.toString('utf8');
  }
}

/** A gateway context around `store` whose own metrics are none, and a scrape through `metricsHandler`. */
function scraper(store: MetricStore) {
  const gw = { store, metrics: { families: () => [] }, logger: silentLogger } as unknown as GatewayContext;
  return (res: FakeResponse, headers: Record<string, string> = {}) => {
    const h = { gw, req: { method: 'GET', headers }, res } as unknown as HandlerRequest;
    return metricsHandler(h);
  };
}

/** A store holding `series` series of `m` (one group), ~100 bytes each, with multi-byte label values. */
async function bigStore(series: number): Promise<MetricStore> {
  const store = createStore();
  const body = Array.from({ length: series }, (_, i) => `m{i="${i}",pad="é✓😀${'x'.repeat(60)}"} ${i}`).join('\n');
  await store.submit({
    grouping: [{ name: 'job', value: 'a' }],
    mode: 'replace',
    families: parse(body + '\n'),
    receivedAt: 1,
  });
  return store;
}

function push(store: MetricStore, job: string, receivedAt = 2) {
  return store.submit({
    grouping: [{ name: 'job', value: job }],
    mode: 'replace',
    families: parse(`m{i="${job}"} 1\n`),
    receivedAt,
  });
}

describe('concurrent plain-text scrapes share one rendering', () => {
  test('scrapes of one store version share the rendering a slow scrape started; later ones use the kept rendering', async () => {
    const store = createStore();
    const series = Array.from({ length: 3000 }, (_, i) => `m{i="${i}",pad="${'x'.repeat(40)}"} ${i}`).join('\n');
    await store.submit({
      grouping: [{ name: 'job', value: 'a' }],
      mode: 'replace',
      families: parse(series + '\n'),
      receivedAt: 1,
    });
    const scrape = scraper(store);
    const snapshot = store.snapshot();
    const renderings = vi.spyOn(snapshot, 'storedChunks');

    const slow = new FakeResponse();
    slow.blocked = true;
    const first = scrape(slow);
    await new Promise((r) => setImmediate(r));
    expect(slow.closed).toBe(false);
    const others = [new FakeResponse(), new FakeResponse(), new FakeResponse()];
    await Promise.all(others.map((r) => scrape(r)));
    expect(renderings).toHaveBeenCalledTimes(1);
    slow.release();
    await first;
    const expected = snapshot.text();
    expect(expected.length).toBeGreaterThan(200_000);
    for (const r of [slow, ...others]) {
      expect(r.body).toBe(expected);
      expect(r.headers.get('content-length')).toBe(Buffer.byteLength(expected));
    }

    // Nobody uses it any more: the next scrapes write the rendering kept for this store version.
    for (let i = 0; i < 2; i++) {
      const again = new FakeResponse();
      await scrape(again);
      expect(renderings).toHaveBeenCalledTimes(1);
      expect(again.body).toBe(expected);
    }

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

describe('scrapes while pushes change the store', () => {
  test('scrapes arriving during a rendering share the next one, which shows every push acknowledged before each of them', async () => {
    const store = await bigStore(30_000); // ~3 MB: the rendering is made in many slices
    const scrape = scraper(store);
    const renderings = vi.spyOn(Snapshot.prototype, 'storedChunks');
    try {
      const first = new FakeResponse();
      const scrapes = [scrape(first)];
      const later: FakeResponse[] = [];
      // Each push is acknowledged, then a scrape arrives: all while the first rendering is being made.
      for (let i = 0; i < 10; i++) {
        expect((await push(store, `p${i}`)).ok).toBe(true);
        const res = new FakeResponse();
        later.push(res);
        scrapes.push(scrape(res));
      }
      expect(first.closed).toBe(false);
      await Promise.all(scrapes);
      expect(renderings).toHaveBeenCalledTimes(2);
      expect(first.body).not.toContain('job="p0"');
      const expected = store.snapshot().text();
      for (const res of later) expect(res.body).toBe(expected);
      expect(expected).toContain('m{i="p9",instance="",job="p9"} 1\n');
    } finally {
      renderings.mockRestore();
    }
  });

  test('a push submitted while a large rendering is being made is answered before the rendering is done', async () => {
    const store = await bigStore(30_000);
    const order: string[] = [];
    const res = new FakeResponse();
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name: string, value: unknown) => {
      if (name === 'Content-Length') order.push('rendered');
      setHeader(name, value);
    };
    const scraped = scraper(store)(res);
    // Queued behind the scrape: it runs only if the rendering lets the event loop go before it is done.
    setImmediate(() => void push(store, 'late').then((r) => order.push(`push ${r.ok}`)));
    await scraped;
    expect(order).toEqual(['push true', 'rendered']);
    expect(res.body).not.toContain('job="late"');
  });
});

describe('bodies are the exposition, byte for byte, in every format', () => {
  const om = 'application/openmetrics-text;version=0.0.1';
  const cases: { name: string; headers: Record<string, string>; expected: (s: StoreSnapshot) => Buffer }[] = [
    { name: 'text', headers: {}, expected: (s) => Buffer.from(s.text()) },
    {
      name: 'text, gzip',
      headers: { 'accept-encoding': 'gzip' },
      expected: (s) => Buffer.from(s.text()),
    },
    {
      name: 'OpenMetrics',
      headers: { accept: om },
      expected: (s) => Buffer.from(serializeOpenMetrics(s.families(), { created: true, unit: true })),
    },
    { name: 'protobuf', headers: { accept: PROTOBUF }, expected: (s) => Buffer.from(encodeProtobuf(s.families())) },
    {
      name: 'protobuf, gzip',
      headers: { accept: PROTOBUF, 'accept-encoding': 'gzip' },
      expected: (s) => Buffer.from(encodeProtobuf(s.families())),
    },
  ];
  test.each(cases)('$name', async ({ headers, expected }) => {
    const store = await bigStore(8_000);
    await push(store, 'ü✓', 3);
    const res = new FakeResponse();
    await scraper(store)(res, headers);
    const gzipped = headers['accept-encoding'] === 'gzip';
    const body = gzipped ? gunzipSync(res.bytes) : res.bytes;
    expect(res.headers.get('content-encoding')).toBe(gzipped ? 'gzip' : undefined);
    if (headers.accept === om) expect(res.headers.get('content-type')).toContain('application/openmetrics-text');
    expect(res.headers.get('content-length')).toBe(res.bytes.length);
    const want = expected(store.snapshot());
    expect(want.length).toBeGreaterThan(512 * 1024);

    expect(body.equals(want)).toBe(true);
  });
});

describe('read-your-writes over HTTP while scrapes keep renderings busy', () => {
  test('after a push is answered 200, the next scrape shows it', async () => {
    const g = await startFeatureGateway({});
    let stop = false;
    const background = async () => {
      while (!stop) await (await fetch(`${g.base}/metrics`)).arrayBuffer();
    };
    try {
      const big = Array.from({ length: 3000 }, (_, i) => `big{i="${i}"} ${i}`).join('\n') + '\n';
      expect((await g.req('PUT', '/metrics/job/big', big)).status).toBe(200);
      const busy = [background(), background(), background()];
      for (let i = 0; i < 8; i++) {
        expect((await g.req('PUT', '/metrics/job/ryw', `ryw_value ${i}\n`)).status).toBe(200);
        const r = await g.req('GET', '/metrics');
        expect(r.status).toBe(200);
        expect(r.body).toContain(`ryw_value{instance="",job="ryw"} ${i}\n`);
      }
      stop = true;
      await Promise.all(busy);
    } finally {
      stop = true;
      await g.stop();
    }
  });
});
