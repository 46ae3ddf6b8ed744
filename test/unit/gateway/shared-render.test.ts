import { describe, expect, test } from 'vitest';
import { SharedRenderer } from '../../../src/gateway/handlers/shared-render.js';
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
