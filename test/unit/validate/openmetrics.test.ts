// Linting OpenMetrics input: the OpenMetrics parser's errors (every one, with positions) become
// diagnostics, rules run over the families it builds and point at their lines, and the input
// format is chosen by `inputFormat` (`auto`: by content) in the library and `--input-format` in the CLI.
import { describe, expect, test } from 'vitest';
import type { Diagnostic } from '../../../src/model/types.js';
import { parseAll } from '../../../src/parse/index.js';
import { inputFormatOf } from '../../../src/parse/index.js';
import { lint, type LintInputFormat } from '../../../src/validate/index.js';
import { runCli } from '../../helpers/cli.js';

/** The parser's errors for an OpenMetrics input, as lint must report them. */
function parserErrors(input: string): Pick<Diagnostic, 'code' | 'pos'>[] {
  return parseAll(input, { format: 'openmetrics', positions: true }).errors.map((e) => ({ code: e.code, pos: e.pos }));
}

const errorRows: { name: string; input: string; codes: string[] }[] = [
  { name: 'missing # EOF', input: '# HELP a x\n# TYPE a gauge\na 1\n', codes: ['OM_MISSING_EOF'] },
  {
    name: 'blank line and a bad exemplar placement',
    input: '# HELP a x\n# TYPE a gauge\n\na 1 # {t="1"} 1\n# EOF\n',
    codes: ['OM_BLANK_LINE', 'OM_EXEMPLAR_NOT_ALLOWED'],
  },
  {
    name: 'histogram without +Inf',
    input: '# HELP h x\n# TYPE h histogram\nh_bucket{le="1"} 1\n# EOF\n',
    codes: ['OM_MISSING_INF_BUCKET'],
  },
];

describe('OpenMetrics parse errors in lint', () => {
  test.each(errorRows)('$name', ({ input, codes }) => {
    const expected = parserErrors(input);
    // The table names the codes the parser gives, so a change in the parser shows up here too.
    expect(expected.map((e) => e.code)).toEqual(codes);
    const got = lint(input, { inputFormat: 'openmetrics' }).filter((d) => d.code.startsWith('OM_'));
    expect(got.map((d) => ({ code: d.code, pos: d.pos }))).toEqual(expected);
    for (const d of got) expect(d.severity).toBe('error');
  });

  test('the same input read as text gives text-format errors, not OpenMetrics ones', () => {
    const input = '# HELP a x\n# TYPE a gauge\n\na 1 # {t="1"} 1\n# EOF\n';
    const codes = lint(input, { inputFormat: 'text' }).map((d) => d.code);
    expect(codes.some((c) => c.startsWith('OM_'))).toBe(false);
    expect(
      lint(input, { inputFormat: 'openmetrics' })
        .map((d) => d.code)
        .some((c) => c.startsWith('OM_')),
    ).toBe(true);
  });
});

describe('rules over OpenMetrics families point at their lines', () => {
  const input = Buffer.from(
    '# TYPE req counter\nreq_total{path="/a"} 1 # {trace_id="x"} 1\n# HELP camelCase x\n# TYPE camelCase gauge\ncamelCase 1\n# TYPE build info\nbuild_info{v="1"} 1\n# EOF\n',
  );
  const diagnostics = lint(input, { inputFormat: 'openmetrics' });
  test.each([
    { code: 'MISSING_HELP', family: 'req_total', line: 2, column: 1 },
    { code: 'CAMEL_CASE', family: 'camelCase', line: 5, column: 1 },
  ])('$code on $family at $line:$column', ({ code, family, line, column }) => {
    const d = diagnostics.find((x) => x.code === code && x.family === family);
    expect(d?.pos).toMatchObject({ line, column });
  });
  test('no parse errors and no OpenMetrics type trips a rule', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('inputFormatOf', () => {
  test.each<{ input: string; format: LintInputFormat; expected: string }>([
    { input: 'a 1\n# EOF\n', format: 'auto', expected: 'openmetrics' },
    { input: 'a 1\n# EOF', format: 'auto', expected: 'openmetrics' },
    { input: 'a 1\n', format: 'auto', expected: 'text' },
    { input: '# EOF\na 1\n', format: 'auto', expected: 'text' },
    { input: 'a 1\n', format: 'openmetrics', expected: 'openmetrics' },
    { input: 'a 1\n# EOF\n', format: 'text', expected: 'text' },
  ])('$format: $input → $expected', ({ input, format, expected }) => {
    expect(inputFormatOf(input, format)).toBe(expected);
    expect(inputFormatOf(Buffer.from(input), format)).toBe(expected);
  });
});

describe('promkit lint --input-format', () => {
  const om = '# HELP a x\n# TYPE a gauge\na 1 # {t="1"} 1\n# EOF\n';
  test.each([
    { name: 'auto (default) reads OpenMetrics by its # EOF', args: [], code: 1, out: /OM_EXEMPLAR_NOT_ALLOWED/ },
    {
      name: 'openmetrics',
      args: ['--input-format', 'openmetrics'],
      code: 1,
      out: /<stdin>:3:1: error OM_EXEMPLAR_NOT_ALLOWED/,
    },
    { name: 'text', args: ['--input-format=text'], code: 1, out: /^(?![\s\S]*OM_)/ },
  ])('$name', async ({ args, code, out }) => {
    const run = await runCli(['lint', ...args, '-'], om);
    expect(run.code).toBe(code);
    expect(run.stdout).toMatch(out);
  });
  test('a clean OpenMetrics input exits 0', async () => {
    const run = await runCli(
      ['lint', '--input-format', 'openmetrics', '-'],
      '# HELP a x\n# TYPE a counter\na_total 1 # {t="1"} 1\n# EOF\n',
    );
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: '' });
  });
  test('an unknown input format is a usage error', async () => {
    const run = await runCli(['lint', '--input-format', 'proto', '-'], '');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--input-format must be text, openmetrics or auto');
  });
});
