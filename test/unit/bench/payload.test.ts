import { describe, expect, test } from 'vitest';
import { countSeries, payloadName, uniquePayloadNames, type Payload } from '../../../src/bench/payload.js';

describe('countSeries counts sample lines as go-anchor does', () => {
  test.each([
    { name: 'empty', input: '', series: 0 },
    { name: 'one line without LF', input: 'a 1', series: 1 },
    { name: 'comments and blank lines', input: '# HELP a x\n# TYPE a gauge\n\na 1\n\n', series: 1 },
    { name: 'leading blanks before a comment', input: '  \t# comment\n  a 1\n', series: 1 },
    { name: 'a line of blanks only', input: ' \t \na 1\n', series: 1 },
    { name: 'hash inside a line', input: 'a{x="#"} 1\n', series: 1 },
    { name: 'CR is not a blank', input: '\r\na 1\n', series: 2 },
  ])('$name', ({ input, series }) => {
    expect(countSeries(Buffer.from(input))).toBe(series);
  });
});

describe('payloadName', () => {
  test.each([
    { path: '/x/y/node.prom', name: 'node' },
    { path: 'metrics.txt', name: 'metrics' },
    { path: '/a/scrape.out', name: 'scrape.out' },
    { path: 'a.prom.prom', name: 'a.prom' },
  ])('$path → $name', ({ path, name }) => {
    expect(payloadName(path)).toBe(name);
  });
});

test('uniquePayloadNames suffixes repeats in order', () => {
  const p = (name: string): Payload => ({ name, path: `/${name}`, bytes: 1, series: 1 });
  expect(uniquePayloadNames([p('m'), p('n'), p('m'), p('m')]).map((x) => x.name)).toEqual(['m', 'n', 'm-2', 'm-3']);
});
