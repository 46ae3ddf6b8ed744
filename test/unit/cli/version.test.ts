import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { ROOT } from '../../helpers/fixtures.js';

test('the version printed is package.json’s, in promkit --version and promkit gateway --version', async () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `promkit ${version}\n`, stderr: '' });
  expect((await runCli(['gateway', '--version'])).stdout).toMatch(
    new RegExp(`^promkit gateway, version ${version.replace(/\./g, '\\.')} `),
  );
});
