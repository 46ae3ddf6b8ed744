import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

/** The gateway remembers why pushes were refused and the status page shows it; deletes and wipes forget. */

describe('reasons of refused pushes over HTTP', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway(['--web.enable-admin-api']);
  });
  afterAll(() => g.stop());

  const page = async (): Promise<string> => (await fetch(`${g.base}/`)).text();
  const send = (method: string, path: string, body?: string): Promise<Response> =>
    fetch(g.base + path, { method, body });

  test('an inconsistent push and a body that does not parse are both remembered for their group', async () => {
    expect((await send('PUT', '/metrics/job/a', '# TYPE x gauge\nx 1\n')).status).toBe(200);
    expect((await send('PUT', '/metrics/job/b', '# TYPE x counter\nx 1\n')).status).toBe(400);
    let html = await page();
    expect(html).toContain('is not a GAUGE</code>');
    expect((await send('POST', '/metrics/job/a', 'x{ 1\n')).status).toBe(400);
    html = await page();
    expect(html).toContain('<strong>Last failed push</strong>');
    expect(html).toContain('<code>text format parsing error in line 1:');
    expect(g.gw.features).toBeUndefined();
  });

  test('deleting the group forgets its reason; a wipe forgets all', async () => {
    expect((await send('DELETE', '/metrics/job/b')).status).toBe(202);
    await send('PUT', '/metrics/job/b', '# TYPE y gauge\ny 1\n');
    expect(await page()).not.toContain('is not a GAUGE');
    expect(await page()).toContain('text format parsing error');
    expect((await send('PUT', '/api/v1/admin/wipe')).status).toBe(202);
    await send('PUT', '/metrics/job/a', '# TYPE y gauge\ny 1\n');
    expect(await page()).not.toContain('text format parsing error');
  });
});
