import { describe, expect, test } from 'vitest';
import { esc } from '../../../../src/gateway/status/escape.js';
import { valueText } from '../../../../src/gateway/status/families.js';
import { LastFailures, MAX_REASON_CHARS } from '../../../../src/gateway/status/failures.js';
import { shortDuration, utcTime } from '../../../../src/gateway/status/format.js';
import { DEFAULT_PER_PAGE, metricsQuery, parsePageQuery } from '../../../../src/gateway/status/query.js';

describe('esc', () => {
  test('replaces the five markup characters and nothing else', () => {
    expect(esc(`<a href="x">'&'</a> ü`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt; ü');
  });
});

describe('LastFailures', () => {
  test('keeps the last failure per group and cuts long reasons', () => {
    const f = new LastFailures();
    f.record('a', 'first', 1);
    f.record('a', 'second', 2);
    expect(f.get('a')).toEqual({ message: 'second', at: 2 });
    f.record('b', 'x'.repeat(MAX_REASON_CHARS + 50), 3);
    expect(f.get('b')!.message).toHaveLength(MAX_REASON_CHARS);
    expect(f.get('b')!.message.endsWith('…')).toBe(true);
    f.forget('a');
    expect(f.get('a')).toBeUndefined();
    f.clear();
    expect(f.size).toBe(0);
  });

  test('over its limit it drops groups no longer stored first, then the oldest', () => {
    const f = new LastFailures(2);
    f.record('gone', 'x', 1);
    f.record('kept', 'x', 2);
    f.record('new', 'x', 3, (k) => k !== 'gone');
    expect(f.get('gone')).toBeUndefined();
    expect(f.size).toBe(2);
    f.record('newer', 'x', 4, () => true);
    expect(f.get('kept')).toBeUndefined();
    expect(f.get('newer')).toBeDefined();
  });
});

describe('format', () => {
  test.each([
    [0, '0s'],
    [999, '0s'],
    [42_000, '42s'],
    [200_000, '3m 20s'],
    [3_600_000, '1h'],
    [7_500_000, '2h 5m'],
    [93_784_000, '1d 2h'],
    [-5000, '0s'],
  ])('shortDuration(%d) = %s', (ms, text) => {
    expect(shortDuration(ms)).toBe(text);
  });
  test('utcTime is UTC to the second', () => {
    expect(utcTime(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe('2026-01-02T03:04:05Z');
  });
});

describe('page query', () => {
  test('defaults, and malformed values fall back to them', () => {
    const q = parsePageQuery('?sort=sideways&page=-3&per=0&stale=1d&tab=x', 'metrics');
    expect(q).toEqual({
      tab: 'metrics',
      match: '',
      sort: 'labels',
      page: 1,
      per: DEFAULT_PER_PAGE,
      staleMs: 3_600_000,
    });
    expect(parsePageQuery('', 'status').tab).toBe('status');
    expect(parsePageQuery('per=5000', 'metrics').per).toBe(1000);
  });
  test('links keep what differs from the defaults and round-trip', () => {
    const q = parsePageQuery('?match=%7Bjob%3D%22a%22%7D&sort=recent&per=20&stale=30m&page=4', 'metrics');
    const link = metricsQuery(q, { page: 5 });
    expect(link).toBe('?match=%7Bjob%3D%22a%22%7D&sort=recent&per=20&stale=1800s&page=5');
    expect(parsePageQuery(link, 'metrics')).toEqual({ ...q, page: 5 });
    expect(metricsQuery(parsePageQuery('', 'metrics'))).toBe('');
  });
});

describe('valueText', () => {
  test.each([
    [1796174539.1687179, '1796174539.1687179'],
    [1.5e9, '1500000000'],
    [0, '0'],
    [-0.25, '-0.25'],
    [1e-9, '1e-09'],
    [1e21, '1e+21'],
    [Infinity, '+Inf'],
    [NaN, 'NaN'],
  ])('%d is written %s', (v, text) => {
    expect(valueText(v)).toBe(text);
  });
});
