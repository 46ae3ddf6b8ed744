// `promkit fmt`: outputs compared with what the reference wrote for the same fixture
// (`.text`, `.om`, `.pb.b64` from expfmt-oracle), plus --keep-order, --check and exit codes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { ROOT } from '../../helpers/fixtures.js';

const valid = (stem: string, ext: string) => join(ROOT, 'fixtures', 'valid', stem + ext);
const read = (path: string) => readFileSync(path);

describe('promkit fmt output equals the reference serializer', () => {
  test.each([
    'a11_all_types_together',
    'a11_families_sorted_by_name',
    'a11_labels_kept_in_stored_order',
    'a11_float_rendering',
    'a11_help_empty_disappears',
  ])('%s', async (stem) => {
    const text = await runCli(['fmt', valid(stem, '.prom')]);
    expect(text).toEqual({ code: 0, stdout: read(valid(stem, '.text')).toString('utf8'), stderr: '' });
    const om = await runCli(['fmt', '--format', 'openmetrics', valid(stem, '.prom')]);
    expect(om.stdout).toBe(read(valid(stem, '.om')).toString('utf8'));
    const pb = await runCli(['fmt', '--format=protobuf', valid(stem, '.prom')]);
    expect(Buffer.from(pb.stdout, 'latin1').toString('base64') + '\n').toBe(
      read(valid(stem, '.pb.b64')).toString('utf8'),
    );
  });

  test('reads standard input for -', async () => {
    const input = read(valid('a11_all_types_together', '.prom'));
    expect((await runCli(['fmt', '-'], input)).stdout).toBe(
      read(valid('a11_all_types_together', '.text')).toString('utf8'),
    );
  });

  test('--keep-order keeps the input order of families', async () => {
    const r = await runCli(['fmt', '--keep-order', '-'], 'b 1\na 2\n');
    expect(r).toEqual({ code: 0, stdout: '# TYPE b untyped\nb 1\n# TYPE a untyped\na 2\n', stderr: '' });
  });
});

describe('promkit fmt --check', () => {
  test('a formatted file passes silently', async () => {
    expect(await runCli(['fmt', '--check', valid('a11_all_types_together', '.text')])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });
  test('an unformatted file fails with the first differing line and counts', async () => {
    const r = await runCli(['fmt', '--check', '-'], 'b 1\na 2.0\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      '<stdin>:1: not formatted (input 2 lines, formatted 4 lines, 4 lines differ)\n  - "b 1"\n  + "# TYPE a untyped"\n',
    );
  });
  test('a difference in the last line only', async () => {
    const r = await runCli(['fmt', '--check', '-'], '# TYPE a untyped\na 2.0\n');
    expect(r.stderr).toBe(
      '<stdin>:2: not formatted (input 2 lines, formatted 2 lines, 1 lines differ)\n  - "a 2.0"\n  + "a 2"\n',
    );
  });
  test('protobuf reports a byte offset', async () => {
    const r = await runCli(['fmt', '--check', '--format', 'protobuf', '-'], 'a 1\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^<stdin>: not formatted: first difference at byte 0 \(input 4 bytes, formatted \d+ bytes\)\n$/,
    );
  });
});

describe('promkit fmt errors', () => {
  test.each([
    { name: 'unknown option', argv: ['fmt', '--bogus'], message: 'unknown option --bogus' },
    {
      name: 'bad format',
      argv: ['fmt', '--format', 'json'],
      message: '--format must be text, openmetrics or protobuf, got "json"',
    },
    { name: 'missing format', argv: ['fmt', '--format'], message: 'promkit fmt: --format needs a value\n' },
    { name: 'two files', argv: ['fmt', 'a', 'b'], message: 'one input at a time' },
    { name: 'unreadable file', argv: ['fmt', '/nonexistent/file.prom'], message: 'cannot read /nonexistent/file.prom' },
  ])('usage: $name exits 2', async ({ argv, message }) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
  test('a parse error exits 1 with file:line:col: CODE message', async () => {
    const path = join(ROOT, 'fixtures', 'invalid', 'c06_help_escaped_quote.prom');
    const r = await runCli(['fmt', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toMatch(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:\\d+: INVALID_ESCAPE invalid escape sequence`),
    );
  });
  test('a model the serializer refuses exits 1', async () => {
    // expfmt accepts this input but would write text that it then rejects (FORMAT.md A.11).
    const collide = await runCli(['fmt', '-'], 's_sum 1\n# TYPE s summary\ns_count 3\n');
    expect(collide).toEqual({
      code: 1,
      stdout: '',
      stderr: '<stdin>: metric family "s_sum" collides with the samples of summary "s"\n',
    });
  });
  test('--help exits 0', async () => {
    const r = await runCli(['fmt', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('usage: promkit fmt');
  });
});
