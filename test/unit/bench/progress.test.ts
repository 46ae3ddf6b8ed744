import { describe, expect, test } from 'vitest';
import { lineProgress, renderBar, ttyProgress } from '../../../src/bench/progress.js';

describe('renderBar', () => {
  test.each([
    {
      done: 0,
      total: 10,
      label: 'small · parse',
      ms: 0,
      columns: 80,
      bar: '[------------------------]   0%  0/10  ',
      tail: '  0:00',
    },
    {
      done: 5,
      total: 10,
      label: 'x',
      ms: 61_000,
      columns: 80,
      bar: '[############------------]  50%  5/10  ',
      tail: '  1:01',
    },
    {
      done: 12,
      total: 10,
      label: 'x',
      ms: 0,
      columns: 80,
      bar: '[########################] 100%  12/10  ',
      tail: '  0:00',
    },
  ])('$done/$total', ({ done, total, label, ms, columns, bar, tail }) => {
    const line = renderBar(done, total, label, ms, columns);
    expect(line.startsWith(bar + label)).toBe(true);
    expect(line.endsWith(tail)).toBe(true);
    expect(line.length).toBe(columns - 1);
  });

  test('a long label is cut with an ellipsis to fit the terminal', () => {
    const line = renderBar(1, 2, 'l'.repeat(200), 0, 60);
    expect(line.length).toBe(59);
    expect(line).toContain('l…  0:00');
  });
});

test('ttyProgress redraws in place and prints log lines above the bar', () => {
  let out = '';
  const p = ttyProgress(
    (s) => void (out += s),
    () => 60,
  );
  p.begin(4);
  p.step(2, 'node · lex');
  p.log('  node · lex: 50.0 MB/s');
  p.end();
  expect(out).toContain('\r\x1b[2K[############------------]  50%  2/4  node · lex');
  expect(out).toContain('\r\x1b[2K  node · lex: 50.0 MB/s\n');
  expect(out.endsWith('\r\x1b[2K')).toBe(true);
});

test('lineProgress prints only the log lines', () => {
  let out = '';
  const p = lineProgress((s) => void (out += s));
  p.begin(3);
  p.step(1, 'x');
  p.log('row');
  p.end();
  expect(out).toBe('row\n');
});
