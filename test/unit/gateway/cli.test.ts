import { createServer } from 'node:net';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.js';

describe('promkit gateway (command line)', () => {
  test.each([
    {
      argv: ['--nope'],
      code: 2,
      stderr: "promkit gateway: unknown long flag '--nope'\nRun 'promkit gateway --help' for usage.\n",
    },
    {
      argv: ['--log.level=loud'],
      code: 2,
      stderr:
        "promkit gateway: enum value must be one of debug,info,warn,error, got 'loud'\nRun 'promkit gateway --help' for usage.\n",
    },
    {
      argv: ['--persistence.interval'],
      code: 2,
      stderr:
        "promkit gateway: expected argument for flag '--persistence.interval'\nRun 'promkit gateway --help' for usage.\n",
    },
  ])('usage error: $argv', async ({ argv, code, stderr }) => {
    const r = await runCli(['gateway', ...argv]);
    expect(r.code).toBe(code);
    expect(r.stderr).toBe(stderr);
  });

  test('--help lists every flag', async () => {
    const r = await runCli(['gateway', '--help']);
    expect(r.code).toBe(0);
    for (const flag of [
      '--web.listen-address',
      '--web.config.file',
      '--persistence.file',
      '--persistence.interval',
      '--push.disable-consistency-check',
      '--push.max-body-size',
      '--log.format',
    ]) {
      expect(r.stdout).toContain(flag);
    }
  });

  test('--version', async () => {
    const r = await runCli(['gateway', '--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^promkit gateway, version \d+\.\d+\.\d+/);
  });

  test('an address in use: exit 1 with the reason logged', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(['gateway', `--web.listen-address=127.0.0.1:${port}`]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /level=error msg="could not start" err="listen EADDRINUSE: address already in use 127\.0\.0\.1:\d+"/,
      );
    } finally {
      blocker.close();
    }
  });

  test('an unusable web config file: exit 1', async () => {
    const r = await runCli(['gateway', '--web.listen-address=127.0.0.1:0', '--web.config.file=/nonexistent/web.yml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('msg="could not start" err="/nonexistent/web.yml: ENOENT');
  });
});
