import { describe, expect, test } from 'vitest';
import { ownFixtures, readExpected } from '../../helpers/fixtures.js';
import { runCli } from '../../helpers/cli.js';

describe('promkit parse', () => {
  const cases = ownFixtures();

  test.each(cases.filter((c) => c.accepted).map((c) => [c.name, c] as const))(
    '--json is byte-identical to the oracle: %s',
    async (_n, c) => {
      const expected = readExpected(c.expected, '.json')!.toString('utf8');
      // help_base64 (invalid UTF-8 in HELP) and integers beyond 2^53 are covered by the fixture test's normalization.
      if (expected.includes('help_base64') || /"\d{16,}"/.test(expected)) return;
      // The oracle is the text parser: a text fixture may end in "# EOF", which auto would read as OpenMetrics.
      const run = await runCli(['parse', '--json', '--input-format', 'text', '-'], c.input);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(expected);
    },
  );

  test.each(cases.filter((c) => !c.accepted).map((c) => [c.name, c] as const))(
    '--json error object matches the oracle: %s',
    async (_n, c) => {
      const expected = JSON.parse(readExpected(c.expected, '.err.json')!.toString('utf8'));
      const run = await runCli(['parse', '--json', '--input-format', 'text', '-'], c.input);
      expect(run.code).toBe(1);
      const { column, code, ...rest } = JSON.parse(run.stdout);
      expect(rest).toEqual(expected);
      expect(typeof column).toBe('number');
      expect(code).toMatch(/^[A-Z_]+$/);
    },
  );

  test('a readable error with file:line:col, the line and a caret', async () => {
    const run = await runCli(['parse', '-'], 'a 1\nfoo{a=b} 1\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `<stdin>:2:7: EXPECTED_QUOTE expected '"' at start of label value, found 'b'\n  foo{a=b} 1\n        ^\n`,
    );
  });

  test('a summary without --json', async () => {
    const run = await runCli(['parse', '-'], '# HELP a The a.\na 1\na{x="1"} 2\n');
    expect(run).toEqual({ code: 0, stdout: 'a  untyped  2 series  The a.\n1 families, 2 series\n', stderr: '' });
  });

  test.each([
    [['parse', '--bogus']],
    [['parse', 'a', 'b']],
    [['parse', '/nonexistent/file.prom']],
    [['nosuchcommand']],
    [[]],
  ])('usage errors exit 2: %j', async (argv) => {
    expect((await runCli(argv)).code).toBe(2);
  });
});

describe('regressions of the error excerpt', () => {
  test('byte input shows the line decoded, with the caret under the offending character', async () => {
    const run = await runCli(['parse', '-'], Buffer.from('ee{a="✓",b=x} 1\n'));
    expect(run.stderr).toBe(
      `<stdin>:1:14: EXPECTED_QUOTE expected '"' at start of label value, found 'x'\n  ee{a="✓",b=x} 1\n  ${' '.repeat(11)}^\n`,
    );
  });
});

describe('promkit parse --check', () => {
  const cases = ownFixtures();

  test.each(cases.map((c) => [c.name, c] as const))(
    'the verdict and message of parse, nothing printed on success: %s',
    async (_n, c) => {
      const parsed = await runCli(['parse', '--input-format', 'text', '-'], c.input);
      for (const format of ['text', 'auto']) {
        const run = await runCli(['parse', '--check', '--input-format', format, '-'], c.input);
        if (format === 'auto' && run.code !== parsed.code) continue; // a text fixture ending in "# EOF"
        expect(run.code).toBe(c.accepted ? 0 : 1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe(parsed.stderr);
      }
    },
  );

  test('--check with --json is a usage error', async () => {
    const run = await runCli(['parse', '--check', '--json', '-'], 'a 1\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--check and --json exclude each other');
  });

  test('a missing file is a usage error', async () => {
    const run = await runCli(['parse', '--check', '--input-format', 'text', '/nonexistent/x.prom']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read /nonexistent/x.prom');
  });
});
