// One input-format rule for parse, fmt and lint (default auto: `# EOF` as the last line means OpenMetrics),
// and fmt keeps every type of an OpenMetrics input or refuses it.
import { describe, expect, test } from 'vitest';
import { parse } from '../../../src/parse/index.js';
import { runCli } from '../../helpers/cli.js';

const OM = [
  '# HELP a_things Things done.',
  '# TYPE a_things counter',
  '# UNIT a_things things',
  'a_things_total 1.0 # {trace_id="x"} 1.0',
  'a_things_created 123.0',
  '# TYPE g gauge',
  'g 2.0',
  '# EOF',
  '',
].join('\n');

describe('the same --input-format default for parse, fmt and lint', () => {
  test('auto reads an input ending in # EOF as OpenMetrics in all three', async () => {
    expect((await runCli(['parse', '-'], OM)).stdout).toContain('a_things_total  counter  1 series');
    expect((await runCli(['fmt', '--format', 'text', '-'], OM)).stdout).toContain('# TYPE a_things_total counter\n');
    // As text, the exemplar would be a parse error; lint passes by default.
    const lint = await runCli(['lint', '--disable', 'promlint', '-'], OM);
    expect(lint.stdout).not.toContain('error');
  });

  test('--input-format text makes all three read 0.0.4', async () => {
    expect((await runCli(['parse', '--input-format', 'text', '-'], 'a_total 1\n# EOF\n')).stdout).toContain(
      'a_total  untyped',
    );
    expect((await runCli(['fmt', '--input-format', 'text', '-'], 'a_total 1\n# EOF\n')).stdout).toBe(
      '# TYPE a_total untyped\na_total 1\n',
    );
    const lint = await runCli(['lint', '--input-format', 'text', '-'], OM);
    expect(lint.code).toBe(1);
  });
});

describe('promkit fmt on OpenMetrics input', () => {
  test('writes OpenMetrics by default, keeping type, unit, _created and exemplar', async () => {
    const run = await runCli(['fmt', '-'], OM);
    // Already formatted: written back byte for byte.
    expect(run).toEqual({ code: 0, stdout: OM, stderr: '' });
    expect((await runCli(['fmt', '--check', '-'], run.stdout)).code).toBe(0);
  });

  test('regression: text output keeps the counter type of x_total and says what 0.0.4 cannot hold', async () => {
    const run = await runCli(['fmt', '--format', 'text', '-'], OM);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      '# HELP a_things_total Things done.\n# TYPE a_things_total counter\na_things_total 1\n# TYPE g gauge\ng 2\n',
    );
    expect(run.stderr).toBe(
      '<stdin>: note: text format 0.0.4 has no place for 1 unit, 1 _created sample, 1 exemplar; left out (--format openmetrics keeps them)\n',
    );
  });

  test.each([
    ['info', '# TYPE i info\ni_info{a="b"} 1\n# EOF\n', 'i_info'],
    ['stateset', '# TYPE s stateset\ns{s="a"} 1\n# EOF\n', 's'],
    ['gaugehistogram', '# TYPE h gaugehistogram\nh_bucket{le="+Inf"} 1\nh_gcount 1\nh_gsum 1\n# EOF\n', 'h'],
  ])('a type text 0.0.4 cannot express is refused, not dropped: %s', async (type, input, name) => {
    const run = await runCli(['fmt', '--format', 'text', '-'], input);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `<stdin>: family "${name}" is of OpenMetrics type ${type}, which text format 0.0.4 cannot express; write it with --format openmetrics\n`,
    });
    const om = await runCli(['fmt', '-'], input);
    expect(om.code).toBe(0);
    expect(om.stdout).toContain(`# TYPE ${name.replace(/_info$/, '')} ${type}\n`);
    expect(parse(om.stdout, { format: 'openmetrics' })[0].type).toBe(type);
  });

  test('protobuf keeps a gauge histogram and refuses info', async () => {
    const gh = await runCli(
      ['fmt', '--format', 'protobuf', '-'],
      '# TYPE h gaugehistogram\nh_bucket{le="+Inf"} 1\n# EOF\n',
    );
    expect(gh.code).toBe(0);
    const info = await runCli(['fmt', '--format', 'protobuf', '-'], '# TYPE i info\ni_info 1\n# EOF\n');
    expect(info.code).toBe(1);
    expect(info.stderr).toContain('which protobuf cannot express');
  });

  test('text input written as OpenMetrics stays exactly as expfmt writes it', async () => {
    const run = await runCli(['fmt', '--format', 'openmetrics', '-'], '# TYPE a_total counter\na_total 1\n');
    expect(run.stdout).toBe('# TYPE a counter\na_total 1.0\n# EOF\n');
  });
});
