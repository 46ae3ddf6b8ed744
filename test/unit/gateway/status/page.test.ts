import { describe, expect, test } from 'vitest';
import { renderStatusPage } from '../../../../src/gateway/status/index.js';
import { pageContext } from './helpers.js';

/** The status page as HTML: escaping, tabs, group entries, filter, order, pages, stale marks, failures. */

/** The text of the page between `<main` and `</main>` (leaves out the inlined style and script). */
function main(html: string): string {
  return html.slice(html.indexOf('<main'), html.indexOf('</main>'));
}

/** The labels text of each group entry, in order. */
function groups(html: string): string[] {
  return [...html.matchAll(/<div class="labels">(.*?)<\/div>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').trim());
}

describe('escaping', () => {
  test('label values, HELP, reasons, flags and the filter never reach the page as markup', async () => {
    const c = pageContext({ externalUrl: 'http://x/<i>' });
    const evil = `<script>alert("x")</script>'&`;
    await c.push({ job: 'j', who: evil }, `# HELP m <b>bold</b> "help"\n# TYPE m gauge\nm{l="<img src=x>"} 1\n`);
    const key = c.gw.store.snapshot().groups.keys().next().value!;
    c.gw.failures!.record(key, 'refused: <svg onload=alert(1)>', c.clock.now);
    const html = renderStatusPage(c.gw, `/?match=${encodeURIComponent('{who=~"<x>.*\\"}')}`);
    const m = main(html);
    expect(m).not.toMatch(/<(script|img|svg|b|i)[ >]/);
    expect(m).toContain('who="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;"');
    expect(m).toContain(
      'data-group="{job=&quot;j&quot;, who=&quot;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;&quot;}"',
    );
    expect(m).toContain('&lt;b&gt;bold&lt;/b&gt; &quot;help&quot;');
    expect(m).toContain('l="&lt;img src=x&gt;"');
    expect(m).toContain('value="{who=~&quot;&lt;x&gt;.*\\&quot;}"');
    const withReason = main(renderStatusPage(c.gw, '/'));
    expect(withReason).toContain('<code>refused: &lt;svg onload=alert(1)&gt;</code>');
    expect(main(renderStatusPage(c.gw, '/status'))).not.toMatch(/<i>/);
  });
});

describe('groups', () => {
  test('badges put job first, the Delete button names the group and has its base64 path', async () => {
    const c = pageContext({ enableAdminApi: true });
    await c.push({ job: 'backup', env: 'prod', region: 'eu' }, 'a 1\n');
    const m = main(renderStatusPage(c.gw, '/'));
    expect(groups(m)).toEqual(['job="backup" env="prod" region="eu"']);
    expect(m).toContain('data-path="metrics/job@base64/YmFja3Vw=/env@base64/cHJvZA=/region@base64/ZXU="');
    expect(m).toContain('data-group="{job=&quot;backup&quot;, env=&quot;prod&quot;, region=&quot;eu&quot;}"');
    expect(m).toContain('Delete All <span class="count" id="group-count">1</span> Groups');
    expect(m).toContain('last push <time datetime="2026-01-01T00:00:00Z">2026-01-01T00:00:00Z</time> (0s ago)');
  });

  test("series rows show only their own labels: the group's are in its header", async () => {
    const c = pageContext();
    await c.push({ job: 'a', instance: 'i1' }, 'm{stage="load"} 1\nm{stage="save"} 2\n');
    await c.push({ job: 'b' }, 'n 1\n');
    const m = main(renderStatusPage(c.gw, '/'));
    expect(m).toContain('<tr><td><span class="badge b-lbl">stage="load"</span></td><td>1</td></tr>');
    expect(m).toContain('<tr><td></td><td>1</td></tr>');
    expect(m).not.toContain('<td><span class="badge b-job">');
  });

  test('without the admin API there is no Delete All button', async () => {
    const c = pageContext();
    await c.push({ job: 'a' }, 'a 1\n');
    expect(main(renderStatusPage(c.gw, '/'))).not.toContain('id="wipe"');
  });

  test('histograms and summaries are tables of buckets, quantiles, count and sum', async () => {
    const c = pageContext();
    await c.push(
      { job: 'h' },
      '# TYPE h histogram\nh_bucket{le="0.5"} 2\nh_bucket{le="+Inf"} 3\nh_sum 1.25\nh_count 3\n# TYPE s summary\ns{quantile="0.9"} 7\ns_sum 9\ns_count 2\n',
    );
    const m = main(renderStatusPage(c.gw, '/'));
    expect(m).toContain(
      '<table class="values"><tr><th scope="row">Sample values &le; 0.5</th><td>2</td></tr><tr><th scope="row">Sample values &le; +Inf</th><td>3</td></tr><tr><th scope="row">Total sample Count</th><td>3</td></tr><tr><th scope="row">Sample Sum</th><td>1.25</td></tr></table>',
    );
    expect(m).toContain(
      '<tr><th scope="row">Quantile 0.9</th><td>7</td></tr><tr><th scope="row">Sample Count</th><td>2</td></tr><tr><th scope="row">Sample Sum</th><td>9</td></tr>',
    );
    expect(m).toContain('<span class="badge b-type">HISTOGRAM</span>');
  });

  test('a failed push is marked with its time and the remembered reason; an older one is shown apart', async () => {
    const c = pageContext();
    await c.push({ job: 'a' }, '# TYPE x gauge\nx 1\n');
    await c.push({ job: 'b' }, 'y 1\n');
    c.clock.now += 60_000;
    expect(await c.push({ job: 'b' }, '# TYPE x counter\nx 1\n')).toBe(false);
    const keyB = [...c.gw.store.snapshot().groups.values()].find((g) => g.labels[0].value === 'b')!.key;
    c.gw.failures!.record(keyB, 'x is not a GAUGE', c.clock.now);
    let m = main(renderStatusPage(c.gw, '/'));
    expect(m).toMatch(/<li class="group failing"[^>]*>[^]*?job="b"[^]*?Last push failed!/);
    expect(m).toContain('last failure <time datetime="2026-01-01T00:01:00Z">');
    expect(m).toContain('<p class="reason"><strong>Why the last push failed</strong>');
    expect(m).toContain('<code>x is not a GAUGE</code>');
    c.clock.now += 1000;
    await c.push({ job: 'b' }, 'y 2\n');
    m = main(renderStatusPage(c.gw, '/'));
    expect(m).not.toContain('Last push failed!');
    expect(m).toContain('<p class="reason past"><strong>Last failed push</strong>');
  });
});

describe('filter, order and pages', () => {
  async function many(n: number): Promise<ReturnType<typeof pageContext>> {
    const c = pageContext();
    for (let i = 0; i < n; i++) {
      await c.push({ job: `job-${String(i).padStart(3, '0')}`, env: i % 2 === 0 ? 'prod-eu' : 'dev' }, 'a 1\n');
      c.clock.now += 1000;
    }
    return c;
  }

  test('a label matcher keeps the matching groups and says how many of how many', async () => {
    const c = await many(6);
    const m = main(renderStatusPage(c.gw, `/?match=${encodeURIComponent('{env=~"prod.*",job!="job-002"}')}`));
    expect(groups(m)).toEqual(['job="job-000" env="prod-eu"', 'job="job-004" env="prod-eu"']);
    expect(m).toContain('Groups 1–2 of 2 matching (6 stored).');
  });

  test('a matcher that cannot be read is reported and the list stays unfiltered', async () => {
    const c = await many(3);
    const m = main(renderStatusPage(c.gw, `/?match=${encodeURIComponent('{env=prod}')}`));
    expect(m).toContain('<p class="error" role="alert">Filter not applied: invalid matcher at char 6');
    expect(groups(m)).toHaveLength(3);
  });

  test('sorts by labels, by newest push and by oldest push', async () => {
    const c = pageContext();
    for (const job of ['b', 'c', 'a']) {
      await c.push({ job }, 'a 1\n');
      c.clock.now += 1000;
    }
    const jobs = (q: string): string[] => groups(renderStatusPage(c.gw, q));
    expect(jobs('/')).toEqual(['job="a"', 'job="b"', 'job="c"']);
    expect(jobs('/?sort=recent')).toEqual(['job="a"', 'job="c"', 'job="b"']);
    expect(jobs('/?sort=oldest')).toEqual(['job="b"', 'job="c"', 'job="a"']);
  });

  test('pages hold 100 groups by default, with links that keep the filter and order', async () => {
    const c = await many(250);
    const first = renderStatusPage(c.gw, '/?sort=oldest');
    expect(groups(first)).toHaveLength(100);
    expect(first).toContain('<a href="./?sort=oldest&amp;page=2" rel="next">');
    const last = main(renderStatusPage(c.gw, '/?sort=oldest&page=3'));
    expect(groups(last)).toHaveLength(50);
    expect(last).toContain('Groups 201–250 of 250.');
    expect(last).toContain('Page 3 of 3');
    expect(groups(renderStatusPage(c.gw, '/?page=99'))).toEqual(groups(renderStatusPage(c.gw, '/?page=3')));
    expect(groups(renderStatusPage(c.gw, '/?per=7&page=2'))).toHaveLength(7);
  });
});

describe('stale groups', () => {
  test('without TTLs a group is stale once its last push is older than the stale age (1h, or ?stale=)', async () => {
    const c = pageContext();
    await c.push({ job: 'old' }, 'a 1\n');
    c.clock.now += 50 * 60_000;
    await c.push({ job: 'new' }, 'a 1\n');
    c.clock.now += 15 * 60_000;
    const m = main(renderStatusPage(c.gw, '/'));
    expect(m).toMatch(/job="old"<\/span> <span class="mark stale" title="no push for 1h 5m">stale<\/span>/);
    expect(m).toContain('(1h 5m ago)');
    expect(m).not.toMatch(/job="new"<\/span> <span class="mark stale"/);
    expect(main(renderStatusPage(c.gw, '/?stale=10m'))).toMatch(/job="new"<\/span> <span class="mark stale"/);
  });

  test('with TTLs the time left is shown and the group is stale in the last quarter of its TTL', async () => {
    const c = pageContext();
    const { GatewayFeatures } = await import('../../../../src/gateway/features/runtime.js');
    const { featureConfig } = await import('../../../../src/gateway/features/config.js');
    c.gw.features = new GatewayFeatures(featureConfig({ ttlMs: 3_600_000 }));
    await c.push({ job: 'a' }, 'a 1\n');
    c.clock.now += 40 * 60_000;
    let m = main(renderStatusPage(c.gw, '/'));
    expect(m).toContain('expires in 20m (TTL 1h)');
    expect(m).not.toContain('class="mark stale"');
    c.clock.now += 10 * 60_000;
    m = main(renderStatusPage(c.gw, '/'));
    expect(m).toContain('expires in 10m (TTL 1h)');
    expect(m).toContain('<span class="mark stale" title="expires in 10m">stale</span>');
  });
});

describe('tabs', () => {
  test('/status shows runtime, build information, storage and flags; ?tab=help the help', async () => {
    const c = pageContext({ persistenceFile: '/var/lib/p.json', enableAdminApi: true });
    const s = main(renderStatusPage(c.gw, '/status'));
    expect(s).toContain('<h2>Build Information</h2>');
    expect(s).toContain('<tr><th scope="row">version</th><td>9.9.9</td></tr>');
    expect(s).toContain('/var/lib/p.json (journal on every change, snapshot every 5m)');
    expect(s).toContain('<tr><th scope="row">web.enable-admin-api</th><td>true</td></tr>');
    expect(s).toContain('in memory only, not kept across restarts');
    expect(renderStatusPage(c.gw, '/status')).toContain('<a href="./status" aria-current="page">Status</a>');
    expect(main(renderStatusPage(c.gw, '/?tab=help'))).toContain('<h1>Help</h1>');
    expect(main(renderStatusPage(c.gw, '/?tab=nonsense'))).toContain('<h1>Metrics</h1>');
  });

  test('the page is self-contained: no external script, style or image', async () => {
    const c = pageContext();
    await c.push({ job: 'a' }, 'a 1\n');
    const html = renderStatusPage(c.gw, '/');
    expect(html).not.toMatch(/<(script|link|img)[^>]*(src|href)=/);
    expect(html).not.toMatch(/https?:\/\//);
  });
});
