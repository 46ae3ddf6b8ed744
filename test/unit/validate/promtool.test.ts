import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { promtoolCheckMetrics } from '../../../src/validate/index.js';
import { runCli } from '../../helpers/cli.js';
import { lintFixtures, LINT_FIXTURES, recordBytes, ROOT, type PromtoolRecord } from './lint-fixtures.js';
import { comparePromtool } from './promtool-compare.js';

const fixtures = lintFixtures();

describe('promtool parity on the lint fixtures (recorded from promtool 2.42)', () => {
  test.each(fixtures.map((f) => [f.name, f] as const))('%s', async (_name, f) => {
    const expected = JSON.parse(readFileSync(join(LINT_FIXTURES, `${f.name}.promtool.json`), 'utf8')) as PromtoolRecord;
    const r = promtoolCheckMetrics(new Uint8Array(f.input));
    expect(r.exitCode).toBe(expected.exit);
    expect(comparePromtool(r.output, recordBytes(expected).toString('utf8'))).toBeUndefined();
    const run = await runCli(['lint', '--format', 'promtool', '-'], f.input);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code: expected.exit,
      stdout: '',
      stderr: r.output,
    });
  });
});

describe('promlint parity on the lint fixtures (recorded from the oracle, client_golang 1.14)', () => {
  test.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, f) => {
    const r = promtoolCheckMetrics(new Uint8Array(f.input));
    let oracle: { problems?: Array<{ metric: string; text: string }>; error?: string };
    try {
      oracle = JSON.parse(readFileSync(join(LINT_FIXTURES, `${f.name}.lint.json`), 'utf8'));
    } catch {
      oracle = JSON.parse(readFileSync(join(LINT_FIXTURES, `${f.name}.lint.err.json`), 'utf8'));
    }
    if (oracle.error !== undefined) {
      expect(r.error?.message).toBe(oracle.error);
    } else {
      expect(r.problems).toEqual(oracle.problems);
    }
  });
});

describe('promtool parity on every other input (fixtures/lint/promtool-corpus.json)', () => {
  const corpus = JSON.parse(readFileSync(join(LINT_FIXTURES, 'promtool-corpus.json'), 'utf8')) as {
    inputs: Array<PromtoolRecord & { input: string; sha256: string }>;
  };

  test('covers the fixtures, the conformance suites and the bench data', () => {
    expect(corpus.inputs.length).toBeGreaterThan(1000);
    expect(corpus.inputs.some((e) => e.input.startsWith('vendor/conformance/'))).toBe(true);
    expect(corpus.inputs.some((e) => e.input === 'vendor/bench-data/node.prom')).toBe(true);
    expect(new Set(corpus.inputs.map((e) => e.exit))).toEqual(new Set([0, 1, 3]));
  });

  test('same output and exit code for every input', () => {
    const failures: string[] = [];
    for (const e of corpus.inputs) {
      const input = readFileSync(join(ROOT, e.input));
      const r = promtoolCheckMetrics(new Uint8Array(input));
      const expected = recordBytes(e);
      const ours = Buffer.from(r.output, 'utf8');
      const sameBytes =
        e.stderr !== undefined ? comparePromtool(r.output, e.stderr) === undefined : ours.equals(expected);
      if (r.exitCode !== e.exit || !sameBytes)
        failures.push(`${e.input}: exit ${r.exitCode} vs ${e.exit}\n${r.output}---\n${expected.toString('utf8')}`);
    }
    expect(failures).toEqual([]);
  });
});
