import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { findGoAnchor, goMedianMs, parseGoAnchorOutput } from '../../../src/bench/go-anchor.js';

const LINE =
  'go-expfmt-parse\t/d/small.prom\tbytes=2203\tseries=20\truns=3\tms(min/med/max)=0.010/0.011/0.013\tMB/s(med)=200.3\tseries/s(med)=1818182\tMB/s(best)=220.3\traw_ms=0.0113,0.0104,0.0131';

describe('parseGoAnchorOutput', () => {
  test('reads every field of a line', () => {
    expect(parseGoAnchorOutput(`${LINE}\n\n`)).toEqual([
      {
        tool: 'go-expfmt-parse',
        file: '/d/small.prom',
        bytes: 2203,
        series: 20,
        runs: 3,
        msMin: 0.01,
        msMedian: 0.011,
        msMax: 0.013,
        mbPerSecMedian: 200.3,
        seriesPerSecMedian: 1818182,
        mbPerSecBest: 220.3,
        rawMs: [0.0113, 0.0104, 0.0131],
      },
    ]);
  });

  test('reads the faults per operation when go-anchor counted them (older builds print none)', () => {
    const [figure] = parseGoAnchorOutput(LINE.replace('\traw_ms=', '\tfaults/op=0.1384\traw_ms='));
    expect(figure.faultsPerOp).toBe(0.1384);
    expect(figure.rawMs).toEqual([0.0113, 0.0104, 0.0131]);
    expect(() => parseGoAnchorOutput(LINE.replace('\traw_ms=', '\tfaults/op=many\traw_ms='))).toThrow(
      /faults\/op is not a number: "many"/,
    );
  });

  test.each([
    { name: 'no fields', text: 'go-expfmt-parse\t/d/x', error: /malformed line/ },
    { name: 'field without =', text: 'go-expfmt-parse\t/d/x\tbytes', error: /malformed field "bytes"/ },
    { name: 'missing field', text: LINE.replace('\tseries=20', ''), error: /no series=/ },
    { name: 'not a number', text: LINE.replace('bytes=2203', 'bytes=lots'), error: /bytes is not a number: "lots"/ },
    { name: 'two ms figures', text: LINE.replace('0.010/0.011/0.013', '0.010/0.011'), error: /malformed ms/ },
  ])('throws on $name', ({ text, error }) => {
    expect(() => parseGoAnchorOutput(text)).toThrow(error);
  });
});

test("goMedianMs takes the raw runs (six digits) with go-anchor's median rule", () => {
  const [figure] = parseGoAnchorOutput(LINE);
  expect(goMedianMs(figure)).toBe(0.0113);
  expect(goMedianMs({ ...figure, rawMs: [] })).toBe(0.011);
});

describe('findGoAnchor', () => {
  test('says what it is doing before the first build, then returns the built binary', () => {
    vi.stubEnv('PROMKIT_GO_ANCHOR', undefined);
    vi.stubEnv('PROMKIT_ORACLE_DIR', undefined);
    const root = mkdtempSync(join(tmpdir(), 'promkit-anchor-'));
    try {
      mkdirSync(join(root, 'scripts'));
      // A stand-in for the real build: writes the binary where the real script puts it.
      writeFileSync(
        join(root, 'scripts', 'build-go-anchor.sh'),
        'mkdir -p .oracle && printf "#!/bin/sh\\n" > .oracle/go-anchor && chmod +x .oracle/go-anchor && echo built >&2\n',
      );
      const log: string[] = [];
      const found = findGoAnchor(undefined, [root], (s) => log.push(s));
      expect(found).toBe(join(root, '.oracle', 'go-anchor'));
      expect(log[0]).toMatch(/^building the Go anchor \(first run, ~30 s\)/);
      expect(log[1]).toBe('built');
      // Present now: no second build, nothing said.
      const again: string[] = [];
      expect(findGoAnchor(undefined, [root], (s) => again.push(s))).toBe(found);
      expect(again).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
