import { afterEach, describe, expect, test } from 'vitest';
import { defaultLimits } from '../../../../src/gateway/features/config.js';
import { validatePathOf } from '../../../../src/gateway/features/validate-path.js';
import { startFeatureGateway, type FeatureGateway } from './helpers.js';

describe('validatePathOf', () => {
  test.each([
    { name: 'plain', input: '/api/v1/validate/job/x', expected: '/metrics/job/x' },
    {
      name: 'labels and query',
      input: '/api/v1/validate/job/x/instance/h?method=post',
      expected: '/metrics/job/x/instance/h',
    },
    { name: 'base64', input: '/api/v1/validate/job@base64/eA', expected: '/metrics/job@base64/eA' },
  ])('$name', ({ input, expected }) => expect(validatePathOf(input)).toBe(expected));
});

describe('POST /api/v1/validate (dry run) over HTTP', () => {
  let g: FeatureGateway | undefined;
  afterEach(async () => {
    await g?.stop();
    g = undefined;
  });

  test('parse errors come back with line and column; nothing is stored', async () => {
    g = await startFeatureGateway({ validateEndpoint: true });
    const r = await g.req('POST', '/api/v1/validate/job/x', '# TYPE a counter\na 1\nb{ 2\n');
    expect(r.status).toBe(200);
    const data = JSON.parse(r.body).data;
    expect(data.valid).toBe(false);
    const f = data.findings.find((x: { line?: number }) => x.line === 3);
    expect(f).toMatchObject({ severity: 'error', line: 3, column: 4 });
    expect(g.gw.store.snapshot().groups.size).toBe(0);
  });

  test('consistency with the current state is checked on a copy', async () => {
    g = await startFeatureGateway({ validateEndpoint: true });
    expect((await g.req('PUT', '/metrics/job/other', '# TYPE a counter\na 1\n')).status).toBe(200);
    const r = await g.req('POST', '/api/v1/validate/job/x', '# TYPE a gauge\na 1\n');
    const data = JSON.parse(r.body).data;
    expect(data.valid).toBe(false);
    expect(
      data.findings.some(
        (f: { code: string; message: string }) => f.code === 'INCONSISTENT' && f.message.includes('a'),
      ),
    ).toBe(true);
    expect(g.gw.store.snapshot().groups.size).toBe(1);
    const ok = JSON.parse((await g.req('POST', '/api/v1/validate/job/x', '# TYPE b gauge\nb 1\n')).body).data;
    expect(ok).toMatchObject({ valid: true, method: 'PUT', grouping: { job: 'x' } });
    expect(g.gw.store.snapshot().groups.size).toBe(1);
  });

  test('limits are reported as findings', async () => {
    g = await startFeatureGateway({ validateEndpoint: true, limits: { ...defaultLimits(), seriesPerPush: 1 } });
    const data = JSON.parse(
      (await g.req('POST', '/api/v1/validate/job/x?method=post', 'a{i="1"} 1\na{i="2"} 1\n')).body,
    ).data;
    expect(data.method).toBe('POST');
    expect(data.findings).toContainEqual({
      code: 'LIMIT_SERIES_PER_PUSH',
      severity: 'error',
      message: '413: limit series_per_push (--limits.series-per-push) is 1; this push has series: 2',
    });
  });

  test('a bad grouping path is a 400', async () => {
    g = await startFeatureGateway({ validateEndpoint: true });
    const r = await g.req('POST', '/api/v1/validate/job/x/odd', 'a 1\n');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).status).toBe('error');
  });
});
