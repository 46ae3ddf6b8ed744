import { describe, expect, test } from 'vitest';
import { escapeHtml, renderHtml, stageChart } from '../../../src/bench/html.js';
import { result, row } from './rows.js';

describe('renderHtml', () => {
  const rows = [
    row({ stage: 'parse', payload: 'small', ratio: 2.25 }),
    row({ stage: 'parse', payload: 'large', ratio: 0.5 }),
    row({ stage: 'lint', payload: 'small', ratio: undefined, go: undefined, mbPerSec: 42 }),
    row({ tool: 'prom-client', stage: 'serialize', payload: 'small', ratio: 0.2 }),
  ];
  const html = renderHtml(result(rows, { notes: ['lex skipped on <x>'] }), new Map([['parse', 'parse(bytes) & more']]));

  test('self-contained: no script, no stylesheet or image link, no remote URL but the SVG namespace', () => {
    expect(html).not.toMatch(/<script|<link|<img|@import/i);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//);
  });

  test('one chart per stage present, in pipeline order', () => {
    const sections = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(sections).toEqual(['parse', 'lint', 'serialize', 'All rows', 'Notes']);
    expect(html.match(/<svg /g)?.length).toBe(3);
  });

  test('machine, Node version and the stage summary are shown, escaped', () => {
    expect(html).toContain('v20.20.2 (V8 11.3)');
    expect(html).toContain('Test CPU &lt;fast&gt;');
    expect(html).toContain('parse(bytes) &amp; more');
    expect(html).toContain('lex skipped on &lt;x&gt;');
  });

  test('without the cost of a page fault, neither the machine line nor the in faults column', () => {
    expect(html).not.toContain('first touch of a page');
    expect(html).not.toContain('<th>in faults</th>');
  });

  test('with it, the machine line and the share of time in faults of each row', () => {
    const base = result([row()]);
    const touched = renderHtml({
      ...base,
      environment: { ...base.environment, pageTouch: { microsPerFault: 0.5, faults: [4096] } },
    });
    expect(touched).toContain('<dt>first touch of a page</dt><dd>0.50 µs</dd>');
    expect(touched).toContain('<th>sys</th><th>in faults</th>');
    // 4,560 faults at 0.5 µs of a 10 ms call.
    expect(touched).toContain('<td class="num">18%</td><td class="num">23%</td>');
  });

  test('the fixed workload timed over the run: its fastest and slowest sample, when it was timed', () => {
    expect(html).not.toContain('fixed workload');
    const base = result([row()]);
    const probed = renderHtml({ ...base, environment: { ...base.environment, speedProbeMs: [5.1, 4.92, 6.4] } });
    expect(probed).toContain(
      '<dt>fixed workload</dt><dd>4.92–6.40 ms over 3 samples, one before each stage and one at the end</dd>',
    );
  });

  test("Go's faults per call get a column when go-anchor counted them", () => {
    const go = { tool: 'go-expfmt-parse', bytes: 2_000_000, msMedian: 20, mbPerSec: 100, faultsPerOp: 45 };
    const html = renderHtml(result([row({ go })]));
    expect(html).toContain('<th>go MB/s</th><th>go faults/op</th><th>ratio</th>');
    expect(html).toContain('<td class="num">100.0</td><td class="num">45</td>');
    expect(renderHtml(result([row()]))).not.toContain('go faults/op');
  });

  test('ratio bars are labelled with the ratio; a stage without Go shows MB/s', () => {
    expect(html).toContain('>2.25×</text>');
    expect(html).toContain('>0.50×</text>');
    expect(html).toContain('>42.0 MB/s</text>');
    expect(html).toContain('MB/s (no Go figure)');
  });
});

describe('stageChart', () => {
  test('bar lengths are proportional to the ratio, the Go line at 1', () => {
    const svg = stageChart([row({ ratio: 2 }), row({ payload: 'b', ratio: 1 })], new Map());
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths[0] / widths[1]).toBeCloseTo(2, 2);
    const line = svg.match(/<line x1="([\d.]+)"/);
    const x0 = Number(svg.match(/<rect x="([\d.]+)"/)?.[1]);
    expect(Number(line?.[1]) - x0).toBeCloseTo(widths[1], 0);
  });

  test('promkit slower than Go is orange, faster blue, other packages grey', () => {
    const svg = stageChart([row({ ratio: 2 }), row({ ratio: 0.5 }), row({ tool: 'prom-client', ratio: 3 })], new Map());
    expect([...svg.matchAll(/fill="(#[0-9a-f]+)"/g)].map((m) => m[1])).toEqual(['#2b6cb0', '#dd6b20', '#a0aec0']);
  });
});

test.each([
  { s: 'a<b>&"c\'', out: 'a&lt;b&gt;&amp;&quot;c&#39;' },
  { s: 'plain', out: 'plain' },
])('escapeHtml($s)', ({ s, out }) => {
  expect(escapeHtml(s)).toBe(out);
});

test('charts of one report share their scale, so bars compare across stages', () => {
  const html = renderHtml(result([row({ stage: 'lex', ratio: 4 }), row({ stage: 'parse', ratio: 2 })]));
  const widths = [...html.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
  expect(widths[0] / widths[1]).toBeCloseTo(2, 2);
});
