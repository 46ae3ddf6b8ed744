import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { PROGRESS_MARK, RESULT_MARK } from '../../../src/bench/child.js';
import { DEFAULT_GENERATE, generatePayload } from '../../../src/bench/generate.js';
import { countSeries } from '../../../src/bench/payload.js';
import type { ChildResult } from '../../../src/bench/result.js';
import { parse } from '../../../src/parse/index.js';
import { runCli } from '../../helpers/cli.js';
import { exposeGc } from './gc.js';
import { result, row } from './rows.js';

beforeAll(exposeGc);

const dir = mkdtempSync(join(tmpdir(), 'promkit-bench-cli-'));

describe('promkit bench', () => {
  test('--help prints the usage', async () => {
    const run = await runCli(['bench', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: promkit bench \[FILE…\]/);
    expect(run.stdout).toContain('--generate');
  });

  test.each([
    [['bench', '--bogus']],
    [['bench', '--stages', 'nope']],
    [['bench', '--series', '5']],
    [['bench', '--compare', 'one.json']],
  ])('%j is a usage error', async (argv) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^promkit bench: .+\nRun 'promkit bench --help' for usage\.\n$/);
  });

  test('--generate --out - prints the payload of that shape', async () => {
    const run = await runCli([
      'bench',
      '--generate',
      '--series',
      '120',
      '--histograms',
      '0.5',
      '--seed',
      '3',
      '--out',
      '-',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      generatePayload({ ...DEFAULT_GENERATE, series: 120, families: 1, histograms: 0.5, seed: 3 }),
    );
    expect(countSeries(Buffer.from(run.stdout))).toBe(120);
  });

  test('--generate --out FILE writes it', async () => {
    const path = join(dir, 'sub', 'gen.prom');
    const run = await runCli(['bench', '--generate', '--series', '40', '--out', path]);
    expect(run.code).toBe(0);
    expect(countSeries(readFileSync(path))).toBe(40);
    expect(run.stderr).toMatch(/^wrote .*gen\.prom \(\d+ bytes\)\n$/);
  });

  test('--compare prints the change of every row', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(a, JSON.stringify(result([row({ ratio: 2 }), row({ stage: 'lex', ratio: 3 })])));
    writeFileSync(b, JSON.stringify(result([row({ ratio: 2.5 }), row({ stage: 'lex', ratio: 3 })])));
    const run = await runCli(['bench', '--compare', a, b]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`change of ${b} (2026-01-01T00:00:00.000Z) against ${a} (2026-01-01T00:00:00.000Z):`);
    expect(lines[2]).toMatch(/^parse +small +2\.00x +2\.50x +\+25\.0% .* better$/);
    expect(lines[3]).toMatch(/^lex +small +3\.00x +3\.00x +\+0\.0% .* same$/);
  });

  test('--compare with a file that is not a result is a usage error', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"date":"x"}');
    const run = await runCli(['bench', '--compare', bad, bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a promkit bench result');
  });

  test('a payload the parser rejects stops the run before anything is measured', async () => {
    const bad = join(dir, 'bad.prom');
    writeFileSync(bad, 'a 1\nb{x=y} 2\n');
    const run = await runCli(['bench', bad, '--no-go', '--no-progress']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^promkit bench: ${bad.replace(/[.]/g, '\\.')}:2:5: [A-Z_]+ .+\nonly payloads the parser accepts can be measured`,
      ),
    );
  });

  test('a missing payload file is a usage error', async () => {
    const run = await runCli(['bench', join(dir, 'missing.prom'), '--no-go']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^promkit bench: ENOENT/);
  });

  test('--go with a path that does not exist is a usage error', async () => {
    const run = await runCli(['bench', '--go', join(dir, 'no-go-anchor')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no-go-anchor: no such file');
  });

  test('--child measures one stage in this process and prints progress and the result line', async () => {
    const path = join(dir, 'child.prom');
    writeFileSync(path, generatePayload({ ...DEFAULT_GENERATE, series: 200, families: 4 }));
    const payload = { name: 'child', path, bytes: readFileSync(path).length, series: 200 };
    const request = {
      payload,
      stage: 'parse',
      measure: { runs: 2, warmup: 1, warmupTime: 0.01, maxTime: 0.02, minSamples: 1 },
      resolveFrom: [],
    };
    const run = await runCli(['bench', '--child', JSON.stringify(request)]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual([`${PROGRESS_MARK}0`, `${PROGRESS_MARK}1`, `${PROGRESS_MARK}2`]);
    expect(lines[3].startsWith(RESULT_MARK)).toBe(true);
    const child = JSON.parse(lines[3].slice(RESULT_MARK.length)) as ChildResult;
    expect(child).toMatchObject({
      payload: 'child',
      stage: 'parse',
      bytes: payload.bytes,
      output: { families: parse(readFileSync(path)).length, metrics: expect.any(Number) },
    });
    expect(child.measurement?.runs).toHaveLength(2);
  });
});
