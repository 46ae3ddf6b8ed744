import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.js';

const CLEAN = '# HELP a_total Things.\n# TYPE a_total counter\na_total 1\n';
const WARN = 'a 1\n'; // MISSING_HELP only
const ERROR = '# HELP a x\na{b=c} 1\n';

describe('promkit lint: exit codes', () => {
  test.each([
    { name: 'clean', input: CLEAN, code: 0 },
    { name: 'warnings only', input: WARN, code: 3 },
    { name: 'a parse error', input: ERROR, code: 1 },
    { name: 'a rule error', input: '# HELP c_total x\n# TYPE c_total counter\nc_total -1\n', code: 1 },
    { name: 'warnings turned off', input: WARN, code: 0, args: ['--disable', 'MISSING_HELP'] },
    { name: 'a warning made an error', input: WARN, code: 1, args: ['--config', 'CONFIG_ERROR'] },
    { name: 'push rules only with --push', input: '# HELP a x\na 1 5\n', code: 0 },
    { name: '--push turns them on', input: '# HELP a x\na 1 5\n', code: 1, args: ['--push'] },
    { name: '--push=PATH', input: '# HELP a x\na{job="z"} 1\n', code: 3, args: ['--push=/metrics/job/b'] },
    { name: '--push PATH', input: '# HELP a x\na{job="z"} 1\n', code: 3, args: ['--push', '/metrics/job/b'] },
  ])('$name → $code', async ({ input, code, args = [] }) => {
    const dir = mkdtempSync(join(tmpdir(), 'promkit-lint-'));
    try {
      const config = join(dir, 'c.json');
      writeFileSync(config, JSON.stringify({ rules: { MISSING_HELP: 'error' } }));
      const run = await runCli(['lint', ...args.map((a) => (a === 'CONFIG_ERROR' ? config : a)), '-'], input);
      expect(run.code).toBe(code);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  test.each([
    { name: 'unknown option', args: ['--bogus'], error: 'promkit lint: unknown option --bogus' },
    {
      name: 'unknown format',
      args: ['--format', 'xml'],
      error: 'promkit lint: --format must be text, json, github or promtool, got "xml"',
    },
    { name: 'unknown rule', args: ['--disable', 'NOPE'], error: 'promkit lint: disable: unknown rule "NOPE"' },
    {
      name: 'bad limit',
      args: ['--max-labels', '0'],
      error: 'promkit lint: --max-labels needs a positive integer, got "0"',
    },
    { name: 'missing file', args: ['/nonexistent/x.prom'], error: 'promkit lint: cannot read /nonexistent/x.prom' },
    {
      name: 'glob without matches',
      args: ['/nonexistent/*.prom'],
      error: 'promkit lint: no files match /nonexistent/*.prom',
    },
    {
      name: 'missing config',
      args: ['--config', '/nonexistent.json'],
      error: 'promkit lint: cannot read /nonexistent.json',
    },
  ])('usage error: $name → 2', async ({ args, error }) => {
    const run = await runCli(['lint', ...args], CLEAN);
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(error)).toBe(true);
    expect(run.stdout).toBe('');
  });

  test('--help', async () => {
    const run = await runCli(['lint', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: promkit lint /);
  });
});

describe('promkit lint: formats', () => {
  const input = '# HELP a x\na{b=c} 1\n# HELP d_total x\n# TYPE d_total counter\nd_total{x="é",l=""} -1\n';

  test('text: file:line:col: CODE message (byte columns), the line and a caret under the character, then a summary', async () => {
    const run = await runCli(['lint', '-'], input);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        `<stdin>:2:5: error EXPECTED_QUOTE expected '"' at start of label value, found 'c'`,
        '  a{b=c} 1',
        '      ^',
        '<stdin>:5:16: warning EMPTY_LABEL_VALUE label "l" has an empty value; Prometheus stores the series without it',
        '  d_total{x="é",l=""} -1',
        '                ^',
        '<stdin>:5:22: error NEGATIVE_COUNTER counter d_total{x="é",l=""} is negative (-1)',
        '  d_total{x="é",l=""} -1',
        '                      ^',
        '3 problems (2 errors, 1 warning) in 1 file',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toBe('');
  });

  test('text with --color marks severities', async () => {
    const run = await runCli(['lint', '--color', '-'], input);
    expect(run.stdout).toContain('\x1b[1m\x1b[31m<stdin>:2:5: error EXPECTED_QUOTE');
    expect(run.stdout).toContain('\x1b[1m\x1b[33m<stdin>:5:16: warning EMPTY_LABEL_VALUE');
  });

  test('json', async () => {
    const run = await runCli(['lint', '--format', 'json', '-'], input);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      files: [
        {
          file: '<stdin>',
          diagnostics: [
            {
              code: 'EXPECTED_QUOTE',
              severity: 'error',
              message: `expected '"' at start of label value, found 'c'`,
              line: 2,
              column: 5,
              offset: 15,
            },
            {
              code: 'EMPTY_LABEL_VALUE',
              severity: 'warning',
              message: 'label "l" has an empty value; Prometheus stores the series without it',
              family: 'd_total',
              line: 5,
              column: 16,
              offset: 75,
            },
            {
              code: 'NEGATIVE_COUNTER',
              severity: 'error',
              message: 'counter d_total{x="é",l=""} is negative (-1)',
              family: 'd_total',
              line: 5,
              column: 22,
              offset: 81,
            },
          ],
        },
      ],
      errors: 2,
      warnings: 1,
      infos: 0,
    });
  });

  test('github annotations', async () => {
    const run = await runCli(
      ['lint', '--format', 'github', '--push', '/metrics/job/x/__a/1', '-'],
      '# HELP a x\na 1\n',
    );
    expect(run.stdout).toBe(
      '::error title=PUSH_INVALID_GROUPING::the Pushgateway refuses the push path "/metrics/job/x/__a/1": 400 improper label name "__a"\n',
    );
    const run2 = await runCli(['lint', '--format', 'github', '-'], 'a%b 1\n');
    expect(run2.stdout).toBe('::error line=1,col=2,title=INVALID_VALUE::expected float as value, got "%25b"\n');
  });

  test('promtool: exactly promtool, on standard error', async () => {
    expect(await runCli(['lint', '--format', 'promtool', '-'], input)).toEqual({
      code: 1,
      stdout: '',
      stderr: `error while linting: text format parsing error in line 2: expected '"' at start of label value, found 'c'\n`,
    });
    expect(await runCli(['lint', '--format', 'promtool', '-'], 'b_ms 1\n')).toEqual({
      code: 3,
      stdout: '',
      stderr: 'b_ms metric names should not contain abbreviated units\nb_ms no help text\n',
    });
    expect(await runCli(['lint', '--format', 'promtool', '-'], CLEAN)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('--list-rules', async () => {
    const text = await runCli(['lint', '--list-rules']);
    expect(text.stdout).toMatch(/^MISSING_HELP +warning +promlint /);
    const json = await runCli(['lint', '--list-rules=json']);
    expect(JSON.parse(json.stdout)[0]).toEqual({
      id: 'MISSING_HELP',
      severity: 'warning',
      category: 'promlint',
      description: expect.any(String),
      push: false,
      builtin: true,
    });
    expect((await runCli(['lint', '--list-rules=markdown'])).stdout).toMatch(/^# Lint rules\n/);
  });
});

describe('promkit lint: files and globs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'promkit-lint-'));
    mkdirSync(join(dir, 'sub', 'deeper'), { recursive: true });
    writeFileSync(join(dir, 'a.prom'), CLEAN);
    writeFileSync(join(dir, 'b.prom'), WARN);
    writeFileSync(join(dir, 'c.txt'), ERROR);
    writeFileSync(join(dir, 'sub', 'd.prom'), ERROR);
    writeFileSync(join(dir, 'sub', 'deeper', 'e.prom'), WARN);
    writeFileSync(join(dir, '.hidden.prom'), ERROR);
  });
  afterAll(() => rmSync(dir, { recursive: true }));

  const files = async (args: string[]): Promise<string[]> => {
    const run = await runCli(['lint', '--format', 'json', ...args]);
    return (JSON.parse(run.stdout) as { files: Array<{ file: string }> }).files.map((f) =>
      f.file.slice(dir.length + 1),
    );
  };

  test.each([
    { pattern: '*.prom', expected: ['a.prom', 'b.prom'] },
    { pattern: '?.prom', expected: ['a.prom', 'b.prom'] },
    { pattern: '[ab].txt', expected: [] as string[] },
    { pattern: '[!a].prom', expected: ['b.prom'] },
    { pattern: '**/*.prom', expected: ['a.prom', 'b.prom', 'sub/d.prom', 'sub/deeper/e.prom'] },
    { pattern: 'sub/*/*.prom', expected: ['sub/deeper/e.prom'] },
    { pattern: '.*.prom', expected: ['.hidden.prom'] },
  ])('$pattern', async ({ pattern, expected }) => {
    if (expected.length === 0) {
      expect((await runCli(['lint', join(dir, pattern)])).code).toBe(2);
      return;
    }
    expect(await files([join(dir, pattern)])).toEqual(expected);
  });

  test('several files: the worst exit code, every file named', async () => {
    const run = await runCli(['lint', join(dir, 'a.prom'), join(dir, 'b.prom')]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe(
      `${join(dir, 'b.prom')}:1:1: warning MISSING_HELP no help text\n  a 1\n  ^\n1 problem (0 errors, 1 warning) in 2 files\n`,
    );
    expect((await runCli(['lint', join(dir, '*.prom'), join(dir, 'c.txt')])).code).toBe(1);
  });

  test('promtool format prefixes lines with the file when there are several', async () => {
    const run = await runCli(['lint', '--format', 'promtool', join(dir, 'b.prom'), join(dir, 'c.txt')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `${join(dir, 'b.prom')}: a no help text\n${join(dir, 'c.txt')}: error while linting: text format parsing error in line 2: expected '"' at start of label value, found 'c'\n`,
    );
  });

  test('a config file', async () => {
    const config = join(dir, 'lint.json');
    writeFileSync(config, JSON.stringify({ disable: ['promlint'], limits: { maxLabels: 1 } }));
    writeFileSync(join(dir, 'wide.txt'), 'w{a="1",b="2"} 1\n');
    const run = await runCli(['lint', '--config', config, '--format', 'json', join(dir, 'wide.txt')]);
    expect(JSON.parse(run.stdout).files[0].diagnostics.map((d: { code: string }) => d.code)).toEqual(['LABEL_LIMIT']);
    writeFileSync(config, '{"rules": ');
    expect((await runCli(['lint', '--config', config, join(dir, 'wide.txt')])).stderr).toMatch(/is not JSON/);
    writeFileSync(config, '{"rules": {"NOPE": "off"}}');
    expect(await runCli(['lint', '--config', config, join(dir, 'wide.txt')])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown rule "NOPE"/),
    });
  });
});
