import { describe, expect, test } from 'vitest';
import { mergeLintOptions, parseLintConfig } from '../../../src/validate/index.js';

describe('parseLintConfig', () => {
  test.each([
    { name: 'empty', config: {}, expected: {} },
    {
      name: 'everything',
      config: {
        rules: { MISSING_HELP: 'off', EMPTY_LABEL_VALUE: 'error', LABEL_LIMIT: true },
        enable: ['push'],
        disable: ['CAMEL_CASE'],
        limits: { maxLabels: 20 },
        push: '/metrics/job/b',
      },
      expected: {
        rules: { MISSING_HELP: 'off', EMPTY_LABEL_VALUE: 'error', LABEL_LIMIT: true },
        enable: ['push'],
        disable: ['CAMEL_CASE'],
        limits: { maxLabels: 20 },
        push: '/metrics/job/b',
      },
    },
    { name: 'push true', config: { push: true }, expected: { push: true } },
  ])('accepts $name', ({ config, expected }) => {
    expect(parseLintConfig(config)).toEqual(expected);
  });

  test.each([
    { name: 'not an object', config: [], error: 'lint config: must be a JSON object' },
    {
      name: 'unknown key',
      config: { rule: {} },
      error: 'lint config: unknown key "rule" (known: rules, enable, disable, limits, push)',
    },
    { name: 'bad setting', config: { rules: { MISSING_HELP: 'warn' } }, error: /rule MISSING_HELP: setting must be/ },
    { name: 'enable not strings', config: { enable: [1] }, error: 'lint config: "enable" must be an array of strings' },
    { name: 'unknown limit', config: { limits: { maxSeries: 3 } }, error: /unknown limit "maxSeries"/ },
    {
      name: 'limit not positive',
      config: { limits: { maxLabels: 0 } },
      error: 'lint config: limit "maxLabels" must be a positive integer',
    },
    { name: 'push not a path', config: { push: 3 }, error: 'lint config: "push" must be a push path or true' },
  ])('refuses $name', ({ config, error }) => {
    expect(() => parseLintConfig(config)).toThrow(error);
  });
});

describe('mergeLintOptions', () => {
  test.each([
    {
      name: 'command-line rules and limits win key by key',
      base: { rules: { A: 'off' as const, B: 'error' as const }, limits: { maxLabels: 3, maxLabelValueLength: 9 } },
      over: { rules: { B: 'warning' as const }, limits: { maxLabels: 5 } },
      expected: { rules: { A: 'off', B: 'warning' }, limits: { maxLabels: 5, maxLabelValueLength: 9 } },
    },
    {
      name: 'enabling on the command line undoes a configured disable',
      base: { disable: ['X', 'Y'] },
      over: { enable: ['X'] },
      expected: { enable: ['X'], disable: ['Y'] },
    },
    {
      name: 'disabling on the command line undoes a configured enable',
      base: { enable: ['X'] },
      over: { disable: ['X'] },
      expected: { enable: [], disable: ['X'] },
    },
    { name: 'push from the config', base: { push: '/metrics/job/a' }, over: {}, expected: { push: '/metrics/job/a' } },
    {
      name: 'push from the command line',
      base: { push: '/metrics/job/a' },
      over: { push: true as const },
      expected: { push: true },
    },
  ])('$name', ({ base, over, expected }) => {
    expect(mergeLintOptions(base, over)).toEqual(expected);
  });
});
