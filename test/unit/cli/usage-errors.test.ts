// One usage-error style for every command: `promkit <cmd>: <message>`, a hint to `--help`, exit 2.
import { describe, expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.js';

const hint = (cmd: string) => `\nRun 'promkit ${cmd} --help' for usage.\n`;

describe('usage errors look the same in every command', () => {
  test.each([
    { argv: ['parse', '--bogus'], message: 'unknown option --bogus' },
    { argv: ['fmt', '--bogus'], message: 'unknown option --bogus' },
    { argv: ['lint', '--bogus'], message: 'unknown option --bogus' },
    { argv: ['push', '--bogus'], message: 'unknown option --bogus' },
    { argv: ['gateway', '--bogus'], message: "unknown long flag '--bogus'" },
    { argv: ['parse', '--input-format'], message: '--input-format needs a value' },
    { argv: ['fmt', '--format'], message: '--format needs a value' },
    { argv: ['lint', '--max-labels'], message: '--max-labels needs a value' },
    { argv: ['push', 'http://h', '--job'], message: '--job needs a value' },
    { argv: ['parse', '--json=yes'], message: '--json takes no value' },
    {
      argv: ['parse', '--input-format', 'proto'],
      message: '--input-format must be text, openmetrics or auto, got "proto"',
    },
    {
      argv: ['fmt', '--input-format', 'proto'],
      message: '--input-format must be text, openmetrics or auto, got "proto"',
    },
    {
      argv: ['lint', '--input-format', 'proto'],
      message: '--input-format must be text, openmetrics or auto, got "proto"',
    },
    { argv: ['parse', 'a', 'b'], message: 'one input at a time' },
    { argv: ['fmt', '/nonexistent/x.prom'], message: 'cannot read /nonexistent/x.prom: ' },
    { argv: ['push'], message: 'missing the gateway URL' },
    { argv: ['bench', '--stages', 'nope'], message: 'unknown stage "nope"' },
    { argv: ['bench', '--bogus'], message: 'unknown option --bogus' },
  ])('$argv.0: $message', async ({ argv, message }) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const cmd = argv[0];
    expect(run.stderr.startsWith(`promkit ${cmd}: ${message}`)).toBe(true);
    expect(run.stderr.endsWith(hint(cmd))).toBe(true);
    expect(run.stderr.split('\n')).toHaveLength(3); // message, hint, final newline: no usage text dumped
  });

  test('an option value may be given with = or as the next argument', async () => {
    const a = await runCli(['parse', '--input-format=openmetrics', '-'], 'a_total 1\n# EOF\n');
    const b = await runCli(['parse', '--input-format', 'openmetrics', '-'], 'a_total 1\n# EOF\n');
    expect(a).toEqual(b);
    expect(a.code).toBe(0);
  });

  test('an unknown command names itself and points to the command list', async () => {
    expect(await runCli(['nosuch'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `promkit: unknown command "nosuch"\nRun 'promkit --help' for the commands.\n`,
    });
  });

  test.each(['parse', 'fmt', 'lint', 'push', 'gateway', 'bench'])(
    '%s --help and -h print usage and exit 0',
    async (cmd) => {
      for (const h of ['--help', '-h']) {
        const run = await runCli([cmd, h]);
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(cmd === 'gateway' ? /usage: / : new RegExp(`^usage: promkit ${cmd}`));
      }
    },
  );
});

describe('lint text output names the severity in words', () => {
  test('error, warning and info are written, not only coloured', async () => {
    const run = await runCli(['lint', '--no-color', '-'], '# HELP a x\na{b=c} 1\nb 1\n');
    const heads = run.stdout.split('\n').filter((l) => l.startsWith('<stdin>'));
    expect(heads[0]).toMatch(/^<stdin>:2:5: error EXPECTED_QUOTE /);
    expect(heads[1]).toMatch(/^<stdin>:3:1: warning MISSING_HELP /);
    expect(run.stdout).not.toContain('\x1b[');
  });
});
