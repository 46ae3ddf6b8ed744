import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { featureConfig } from '../../src/gateway/features/config.js';
import { silentLogger } from '../../src/gateway/logger.js';
import { startGateway, type Gateway } from '../../src/gateway/server.js';

/**
 * The status page in a real browser (Debian's Chromium, driven by
 * puppeteer-core): loading, filtering, deleting a group through its button
 * and dialog, the error of a refused delete, the status tab, and viewing
 * with JavaScript off.
 */

const CHROMIUM = '/usr/bin/chromium';

const FOUR_GROUPS: [string, string][] = [
  [
    '/metrics/job/backup/env/prod/region/eu/host/db1/team/ops',
    '# TYPE jobs_done counter\njobs_done 3\n# HELP backup_size Size <b>of</b> backup.\n# TYPE backup_size gauge\nbackup_size 1.5e9\n',
  ],
  [
    '/metrics/job/worker/instance@base64/d29ya2VyLzE=',
    '# TYPE req_latency histogram\nreq_latency_bucket{le="0.1"} 1\nreq_latency_bucket{le="1"} 3\nreq_latency_bucket{le="+Inf"} 4\nreq_latency_sum 2.5\nreq_latency_count 4\n',
  ],
  [
    '/metrics/job/summary',
    '# TYPE rpc summary\nrpc{quantile="0.5"} 0.2\nrpc_sum 10\nrpc_count 30\n# TYPE x gauge\nx 1\n',
  ],
  ['/metrics/job/failing', '# TYPE x gauge\nx 1\n'],
  // Refused: x is a gauge in the summary group.
  ['/metrics/job/failing', '# TYPE x counter\nx 1\n'],
];

async function fill(base: string, headers: Record<string, string> = {}): Promise<void> {
  for (const [path, body] of FOUR_GROUPS) await fetch(base + path, { method: 'POST', body, headers });
}

/** The texts of the group entries (`li.group`) shown, in order. */
function groupTexts(page: Page): Promise<string[]> {
  return page.$$eval('li.group .labels', (els) =>
    els.map((e) => (e as unknown as Shown).innerText.replace(/\s+/g, ' ')),
  );
}

/** What the tests read of an element (the test runs without the DOM type library). */
interface Shown {
  innerText: string;
}

let browser: Browser;
beforeAll(async () => {
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
});

describe('status page behind a route prefix, admin API on', () => {
  let gw: Gateway;
  let base: string;
  let page: Page;
  beforeAll(async () => {
    gw = await startGateway({
      config: { listenAddresses: ['127.0.0.1:0'], routePrefix: '/pg', enableAdminApi: true },
      logger: silentLogger,
    });
    base = `${gw.addresses[0].url}/pg`;
    await fill(base);
    page = await browser.newPage();
  });
  afterAll(async () => {
    await page?.close();
    await gw?.shutdown('test done', 100);
  });

  test('loads with every group, its badges, the failed push and its reason', async () => {
    await page.goto(`${base}/`);
    expect(await page.title()).toBe('Prometheus Pushgateway');
    const groups = await groupTexts(page);
    expect(groups).toHaveLength(4);
    expect(groups[0]).toContain('job="backup" env="prod" host="db1" region="eu" team="ops"');
    expect(groups.find((g) => g.includes('instance="worker/1"'))).toBeDefined();
    const failing = await page.$eval('li.group.failing', (e) => (e as unknown as Shown).innerText);
    expect(failing).toContain('job="failing"');
    expect(failing).toContain('Last push failed!');
    expect(failing).toContain('is not a GAUGE');
    expect(await page.$eval('#group-count', (e) => e.textContent)).toBe('4');
  });

  test('filters by a label matcher typed into the form, and says when the matcher is wrong', async () => {
    await page.goto(`${base}/`);
    await page.type('#match', '{job=~"w.*|s.*"}');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(page.url()).toContain('/pg/?match=');
    const groups = await groupTexts(page);
    expect(groups).toHaveLength(2);
    expect(groups.join(' ')).not.toContain('backup');
    await page.goto(`${base}/?match=${encodeURIComponent('{job=}')}`);
    expect(await page.$eval('p.error', (e) => e.textContent)).toContain('Filter not applied: invalid matcher');
  });

  test('shows histograms and summaries as tables', async () => {
    await page.goto(`${base}/?match=${encodeURIComponent('{job="worker"}')}`);
    await page.click('li.group details.fams > summary');
    await page.$$eval('details.family', (ds) => ds.forEach((d) => ((d as unknown as { open: boolean }).open = true)));
    const text = await page.$eval('li.group', (e) => (e as unknown as Shown).innerText);
    expect(text).toContain('Sample values ≤ 0.1');
    expect(text).toContain('Total sample Count');
  });

  test('deletes a group through its button after a confirmation naming the group', async () => {
    await page.goto(`${base}/?match=${encodeURIComponent('{job="summary"}')}`);
    await page.click('button.del');
    await page.waitForSelector('dialog#confirm[open]');
    expect(await page.$eval('#confirm-text', (e) => e.textContent)).toBe(
      'Do you really want to delete all metrics of group {job="summary"}?',
    );
    await page.click('#confirm-ok');
    await page.waitForFunction("document.querySelectorAll('li.group').length === 0");
    expect(await page.$eval('#notice', (e) => e.textContent)).toBe('Deleted group {job="summary"}.');
    const left = await (await fetch(`${base}/api/v1/metrics`)).json();
    expect((left as { data: unknown[] }).data).toHaveLength(3);
  });

  test('works by keyboard: / focuses the filter, Tab reaches Delete, Enter asks, Escape cancels', async () => {
    await page.goto(`${base}/`);
    await page.keyboard.press('/');
    expect(await page.evaluate('document.activeElement.id')).toBe('match');
    await page.keyboard.type('{job="backup"}');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await groupTexts(page)).toHaveLength(1);
    let focused = '';
    for (let i = 0; i < 20 && focused !== 'Delete Group'; i++) {
      await page.keyboard.press('Tab');
      focused = String(await page.evaluate('document.activeElement.textContent'));
    }
    expect(focused).toBe('Delete Group');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog#confirm[open]');
    expect(await page.evaluate('document.activeElement.id')).toBe('confirm-cancel');
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog#confirm:not([open])');
    expect(await groupTexts(page)).toHaveLength(1);
  });

  test('a cancelled confirmation deletes nothing', async () => {
    await page.goto(`${base}/`);
    await page.click('button.del');
    await page.waitForSelector('dialog#confirm[open]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog#confirm:not([open])');
    expect(await groupTexts(page)).toHaveLength(3);
  });

  test('the status tab shows build information, flags and storage', async () => {
    await page.goto(`${base}/`);
    await Promise.all([page.waitForNavigation(), page.click('nav a[href="./status"]')]);
    const text = await page.$eval('main', (e) => (e as unknown as Shown).innerText);
    expect(text).toContain('Build Information');
    expect(text).toContain('web.route-prefix');
    expect(text).toContain('/pg');
    expect(text).toContain('groups are kept in memory only');
  });

  test('wipes every group with the admin API', async () => {
    await page.goto(`${base}/`);
    await page.click('#wipe');
    await page.waitForSelector('dialog#confirm[open]');
    await Promise.all([page.waitForNavigation(), page.click('#confirm-ok')]);
    expect(await page.$eval('#shown', (e) => e.textContent)).toBe('No metrics pushed yet.');
  });
});

describe('status page without JavaScript', () => {
  test('lists, filters and pages groups from the query alone', async () => {
    const gw = await startGateway({ config: { listenAddresses: ['127.0.0.1:0'] }, logger: silentLogger });
    const page = await browser.newPage();
    try {
      const base = gw.addresses[0].url;
      await fill(base);
      await page.setJavaScriptEnabled(false);
      await page.goto(`${base}/?per=2&sort=recent`);
      expect(await groupTexts(page)).toHaveLength(2);
      await Promise.all([page.waitForNavigation(), page.click('a[rel="next"]')]);
      expect(page.url()).toContain('page=2');
      expect(await groupTexts(page)).toHaveLength(2);
      expect(await page.$$('button.del:not([hidden])')).toHaveLength(2);
      expect(await page.evaluate("getComputedStyle(document.querySelector('button.del')).display")).toBe('none');
    } finally {
      await page.close();
      await gw.shutdown('test done', 100);
    }
  });
});

describe('status page with --auth.file: refused deletes are shown', () => {
  let gw: Gateway;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'promkit-page-auth-'));
    writeFileSync(
      join(dir, 'auth.yml'),
      'tokens:\n  - {name: pusher, token: push-secret, push: [\'{job=~".+"}\']}\n  - {name: viewer, token: view-secret, read: true}\nanonymous:\n  read: true\n',
    );
    gw = await startGateway({
      config: { listenAddresses: ['127.0.0.1:0'], features: featureConfig({ authFile: join(dir, 'auth.yml') }) },
      logger: silentLogger,
    });
    await fill(gw.addresses[0].url, { Authorization: 'Bearer push-secret' });
  });
  afterAll(async () => {
    await gw?.shutdown('test done', 100);
    rmSync(dir, { recursive: true, force: true });
  });

  test.each<{ who: string; headers: Record<string, string>; status: string }>([
    {
      who: 'anonymous',
      headers: {},
      status: '401 Unauthorized: credentials required to push to {env="prod",host="db1",job="backup"',
    },
    {
      who: 'a reader',
      headers: { Authorization: 'Bearer view-secret' },
      status: '403 Forbidden: viewer may not push to {env="prod",host="db1",job="backup"',
    },
  ])('$who sees why the delete was refused, and the group stays', async ({ headers, status }) => {
    const page = await browser.newPage();
    try {
      await page.setExtraHTTPHeaders(headers);
      await page.goto(`${gw.addresses[0].url}/?match=${encodeURIComponent('{job="backup"}')}`);
      await page.click('button.del');
      await page.waitForSelector('dialog#confirm[open]');
      await page.click('#confirm-ok');
      await page.waitForSelector('#notice.error:not([hidden])');
      const notice = await page.$eval('#notice', (e) => e.textContent);
      expect(notice).toContain(
        'Deleting group {job="backup", env="prod", host="db1", region="eu", team="ops"} failed: ',
      );
      expect(notice).toContain(status);
      expect(await groupTexts(page)).toHaveLength(1);
    } finally {
      await page.close();
    }
  });
});
