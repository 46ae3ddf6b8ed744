import { describe, expect, test } from 'vitest';
import { faultTimeShare, formatBytes, formatFaults, formatMicros, formatShare } from '../../../src/bench/figures.js';
import { formatRelative, formatTable } from '../../../src/bench/format.js';
import { row } from './rows.js';

describe('formatBytes', () => {
  test.each([
    { n: 0, text: '0 B' },
    { n: 999, text: '999 B' },
    { n: 1000, text: '1.0 kB' },
    { n: 14_249, text: '14.2 kB' },
    { n: 3_100_000, text: '3.1 MB' },
    { n: 2.5e9, text: '2.50 GB' },
  ])('$n → $text', ({ n, text }) => {
    expect(formatBytes(n)).toBe(text);
  });
});

describe('formatFaults and formatShare', () => {
  test.each([
    { n: undefined, text: '-' },
    { n: 0, text: '0' },
    { n: 0.004, text: '<0.01' },
    { n: 0.0909, text: '0.09' },
    { n: 0.994, text: '0.99' },
    { n: 0.996, text: '1' },
    { n: 36.6, text: '37' },
    { n: 999.4, text: '999' },
    { n: 4_560, text: '4.6k' },
  ])('faults $n → $text', ({ n, text }) => {
    expect(formatFaults(n)).toBe(text);
  });

  test.each([
    { share: undefined, text: '-' },
    { share: 0, text: '0%' },
    { share: 0.183, text: '18%' },
    { share: 1, text: '100%' },
  ])('share $share → $text', ({ share, text }) => {
    expect(formatShare(share)).toBe(text);
  });
});

describe('faultTimeShare and formatMicros', () => {
  test('faults per call times the cost of one, over the median time per call', () => {
    // 4,560 faults at 0.5 µs is 2.28 ms of a 10 ms call.
    expect(faultTimeShare(row(), 0.5)).toBeCloseTo(0.228, 6);
  });

  test('at most the whole call, and undefined without a figure', () => {
    expect(faultTimeShare(row(), 100)).toBe(1);
    expect(faultTimeShare(row(), undefined)).toBeUndefined();
    expect(faultTimeShare(row({ faultsPerOp: undefined }), 0.5)).toBeUndefined();
    expect(faultTimeShare(row({ msPerOp: { min: 0, median: 0, max: 0 } }), 0.5)).toBeUndefined();
  });

  test.each([
    { us: 0.421, text: '0.42 µs' },
    { us: 11.26, text: '11.3 µs' },
  ])('$us µs → $text', ({ us, text }) => {
    expect(formatMicros(us)).toBe(text);
  });
});

describe('formatTable', () => {
  test('aligned columns with the ratio and the MB/s range; no tool column for promkit alone', () => {
    const table = formatTable([
      row(),
      row({ stage: 'lint', go: undefined, ratio: undefined, mbPerSec: 55.55, faultsPerOp: 3, systemShare: 0.004 }),
    ]);
    expect(table).toBe(
      [
        'stage  payload   MB/s  series/s  alloc/op  retained  faults/op  sys  go MB/s  ratio   MB/s range',
        'parse  small    200.0   1000000    3.5 MB    1.2 MB       4.6k  18%    100.0  2.00x  166.7–222.2',
        'lint   small     55.5   1000000    3.5 MB    1.2 MB          3   0%        -      -  166.7–222.2',
        '',
      ].join('\n'),
    );
  });

  test('with the cost of a fault, an `in faults` column after sys gives the share of the time', () => {
    const lines = formatTable([row(), row({ stage: 'lint', faultsPerOp: undefined })], 0.5).split('\n');
    expect(lines[0]).toMatch(/ faults\/op +sys +in faults +go MB\/s /);
    expect(lines[1]).toMatch(/ 4\.6k +18% +23% +100\.0 /);
    expect(lines[2]).toMatch(/ - +18% +- +100\.0 /);
  });

  test('a go faults/op column after go MB/s when go-anchor counted its faults', () => {
    const go = { tool: 'go-expfmt-parse', bytes: 2_000_000, msMedian: 20, mbPerSec: 100 };
    const lines = formatTable([
      row({ go: { ...go, faultsPerOp: 45 } }),
      row({ go: { ...go } }),
      row({ stage: 'lint', go: undefined, ratio: undefined }),
    ]).split('\n');
    expect(lines[0]).toMatch(/ go MB\/s +go faults\/op +ratio /);
    expect(lines[1]).toMatch(/ 100\.0 +45 +2\.00x /);
    expect(lines[2]).toMatch(/ 100\.0 +- +2\.00x /);
    expect(lines[3]).toMatch(/ - +- +- +166\.7/);
    expect(formatTable([row()]).split('\n')[0]).not.toContain('go faults/op');
  });

  test('a result from before the kernel figures were measured shows them as -', () => {
    const lines = formatTable([row({ faultsPerOp: undefined, systemShare: undefined })]).split('\n');
    expect(lines[1]).toMatch(/ 1\.2 MB +- +- +100\.0 /);
  });

  test('a tool column appears when another package has a row', () => {
    const table = formatTable([row(), row({ tool: 'parse-prometheus-text-format', ratio: 0.4 })]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^tool +stage +payload/);
    expect(lines[2]).toMatch(/^parse-prometheus-text-format +parse +small .* 0\.40x/);
  });

  test('a ratio range column (lowest and highest per-run ratio) appears when a row has per-run ratios', () => {
    const table = formatTable([row({ ratioRuns: [2.4, 1.9, 2.75] }), row({ stage: 'lint', ratio: undefined })]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/ ratio +ratio range +MB\/s range$/);
    expect(lines[1]).toMatch(/ 2\.00x +1\.90–2\.75x +166\.7–222\.2$/);
    expect(lines[2]).toMatch(/ - +- +166\.7–222\.2$/);
  });
});

describe('formatRelative', () => {
  const ms = (median: number) => ({ min: median, median, max: median });
  test('OpenMetrics against text parse by time per operation; lint against Go parse of the same payload', () => {
    const rows = [
      row({
        stage: 'parse',
        payload: 'small',
        msPerOp: ms(2),
        go: { tool: 'go-expfmt-parse', bytes: 1, msMedian: 5, mbPerSec: 1 },
      }),
      row({ stage: 'parse-openmetrics', payload: 'small', msPerOp: ms(4) }),
      row({ stage: 'lint', payload: 'small', msPerOp: ms(2.5), go: undefined }),
      row({ stage: 'parse', payload: 'node', msPerOp: ms(3), go: undefined }),
    ];
    expect(formatRelative(rows)).toBe(
      [
        'relative speeds (time per operation, same run)',
        'payload  openmetrics ÷ text parse  lint ÷ Go parse',
        'small                       0.50x            2.00x',
        'node                            -                -',
        '',
      ].join('\n'),
    );
  });

  test('parse against the result floor by time per operation', () => {
    const text = formatRelative([
      row({ stage: 'parse', payload: 'large', msPerOp: ms(8) }),
      row({ stage: 'result-floor', payload: 'large', msPerOp: ms(2), go: undefined }),
      row({ stage: 'result-floor', payload: 'small', msPerOp: ms(1), go: undefined }),
    ]);
    expect(text.split('\n').slice(1)).toEqual([
      'payload  parse ÷ result floor',
      'large                   0.25x',
      'small                       -',
      '',
    ]);
  });

  test('a stage paired with its reference: the median of the paired runs and their range', () => {
    const text = formatRelative([
      row({ stage: 'parse', payload: 'node', msPerOp: ms(1) }),
      // Unpaired, these medians would give 0.50x and 0.25x.
      row({ stage: 'parse-openmetrics', payload: 'node', msPerOp: ms(2), referenceRatioRuns: [0.9, 0.95, 0.8] }),
      row({ stage: 'result-floor', payload: 'node', msPerOp: ms(4), referenceRatioRuns: [4, 5, 2] }),
    ]);
    expect(text.split('\n').slice(1)).toEqual([
      'payload  openmetrics ÷ text parse  parse ÷ result floor',
      'node            0.90x (0.80–0.95)     0.25x (0.20–0.50)',
      '',
    ]);
  });

  test.each([
    ['serialize-stream', 'serialize-stream ÷ stream floor'],
    ['serialize', 'serialize ÷ string floor'],
  ] as const)('%s against its floor (%s), only from paired runs', (stage, title) => {
    const text = formatRelative([
      row({ stage, payload: 'small', msPerOp: ms(1), referenceRatioRuns: [0.9, 0.7, 0.95] }),
      row({ stage, payload: 'node', msPerOp: ms(1) }),
      // Where the floor is a small part of the time, the figure keeps two significant digits.
      row({ stage, payload: 'large', msPerOp: ms(1), referenceRatioRuns: [0.0052, 0.0048, 0.11] }),
    ]);
    const lines = text.split('\n').slice(1);
    expect(lines[0]).toBe(`payload  ${title}`);
    expect(lines.slice(1).map((l) => l.split(/ {2,}/))).toEqual([
      ['small', '0.90x (0.70–0.95)'],
      ['node', '-'],
      ['large', '0.0052x (0.0048–0.11)'],
      [''],
    ]);
  });

  test('nothing to show without the rows', () => {
    expect(formatRelative([row()])).toBe('');
    expect(formatRelative([row({ stage: 'lint', go: undefined })])).toBe('');
  });

  test('only the comparisons some payload has', () => {
    const text = formatRelative([
      row({ stage: 'parse', msPerOp: ms(1) }),
      row({ stage: 'parse-openmetrics', msPerOp: ms(1) }),
    ]);
    expect(text.split('\n')[1]).toBe('payload  openmetrics ÷ text parse');
  });
});
