import { describe, expect, test } from 'vitest';
import { flagValues, parseFlags } from '../../../../src/gateway/config/flags.js';
import { gatewayConfig } from '../../../../src/gateway/config/config.js';

describe('feature flags', () => {
  test.each([
    { name: 'ttl', argv: ['--push.ttl=15m'], check: { ttlMs: 900_000 } },
    {
      name: 'ttl rule with separate value',
      argv: ['--push.ttl-rule', '{job=~"batch-.*"}=1h'],
      check: { ttlRules: [{ selector: '{job=~"batch-.*"}', ttlMs: 3_600_000 }] },
    },
    {
      name: 'booleans',
      argv: ['--push.ttl-header', '--api.enable-delete-by-matcher', '--api.enable-validate'],
      check: { ttlHeader: true, deleteByMatcher: true, validateEndpoint: true },
    },
    {
      name: 'limits',
      argv: ['--limits.body-bytes=1MiB', '--limits.series=1000', '--limits.groups', '10'],
      check: {
        limits: {
          bodyBytes: 1_048_576,
          series: 1000,
          groups: 10,
          seriesPerPush: 0,
          labelsPerSeries: 0,
          labelValueLength: 0,
        },
      },
    },
    {
      name: 'aggregate',
      argv: ['--push.aggregate={job="lambda"}'],
      check: { aggregate: [{ selector: '{job="lambda"}' }] },
    },
  ])('$name', ({ argv, check }) => {
    const r = parseFlags(argv);
    expect(r.kind).toBe('config');
    if (r.kind === 'config') expect(r.config.features).toMatchObject(check);
  });

  test.each([
    { name: 'bad duration', argv: ['--push.ttl=soon'], message: `invalid duration "soon" for flag '--push.ttl'` },
    {
      name: 'bad rule',
      argv: ['--push.ttl-rule={job="x"}'],
      message: `flag '--push.ttl-rule' wants SELECTOR=DURATION`,
    },
    {
      name: 'bad selector',
      argv: ['--push.aggregate=lambda'],
      message: `flag '--push.aggregate': invalid matcher at char 1`,
    },
    { name: 'bad count', argv: ['--limits.series=lots'], message: `invalid count "lots" for flag '--limits.series'` },
    { name: 'unknown flag still unknown', argv: ['--push.nope'], message: `unknown long flag '--push.nope'` },
  ])('refuses $name', ({ argv, message }) => {
    const r = parseFlags(argv);
    expect(r.kind).toBe('error');
    if (r.kind === 'error') expect(r.message.startsWith(message)).toBe(true);
  });

  test('defaults stay Pushgateway-compatible: /api/v1/status shows no feature flags', () => {
    const names = [...flagValues(gatewayConfig()).keys()];
    expect(names.filter((n) => n.startsWith('limits.') || n.startsWith('auth.') || n === 'push.ttl')).toEqual([]);
    const on = parseFlags(['--push.ttl=1m']);
    if (on.kind !== 'config') throw new Error('flags');
    expect(flagValues(on.config).get('push.ttl')).toBe('1m0s');
  });
});
