import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/gateway/config/config.js';
import { computeRoutePrefix } from '../../../src/gateway/config/config.js';
import { parseByteSize } from '../../../src/gateway/config/byte-size.js';
import { flagValues, parseFlags } from '../../../src/gateway/config/flags.js';

describe('parseFlags', () => {
  test.each([
    { name: 'defaults', argv: [], expected: {} },
    { name: '--flag=value', argv: ['--web.telemetry-path=/m'], expected: { telemetryPath: '/m' } },
    { name: '--flag value', argv: ['--web.telemetry-path', '/m'], expected: { telemetryPath: '/m' } },
    { name: 'bool', argv: ['--web.enable-lifecycle'], expected: { enableLifecycle: true } },
    { name: 'bool =false', argv: ['--web.enable-lifecycle=false'], expected: { enableLifecycle: false } },
    {
      name: '--no-bool',
      argv: ['--web.enable-admin-api', '--no-web.enable-admin-api'],
      expected: { enableAdminApi: false },
    },
    {
      name: 'repeatable listen address',
      argv: ['--web.listen-address=:1', '--web.listen-address', '127.0.0.1:2'],
      expected: { listenAddresses: [':1', '127.0.0.1:2'] },
    },
    { name: 'duration', argv: ['--persistence.interval=2s'], expected: { persistenceIntervalMs: 2000 } },
    { name: 'size', argv: ['--push.max-body-size=1KiB'], expected: { maxBodyBytes: 1024 } },
    {
      name: 'enum',
      argv: ['--log.level=debug', '--log.format=json'],
      expected: { logLevel: 'debug', logFormat: 'json' },
    },
    { name: 'debian assets flag accepted', argv: ['--web.local-assets=/x'], expected: { localAssets: '/x' } },
  ])('$name', ({ argv, expected }) => {
    const r = parseFlags(argv);
    expect(r.kind).toBe('config');
    if (r.kind === 'config') expect(r.config).toEqual({ ...DEFAULT_CONFIG, ...expected });
  });

  test.each([
    { name: 'unknown flag', argv: ['--nope'], message: "unknown long flag '--nope'" },
    { name: 'missing value', argv: ['--log.level'], message: "expected argument for flag '--log.level'" },
    {
      name: 'bad enum',
      argv: ['--log.level=loud'],
      message: "enum value must be one of debug,info,warn,error, got 'loud'",
    },
    {
      name: 'bad duration',
      argv: ['--persistence.interval=1d'],
      message: 'invalid duration "1d" for flag \'--persistence.interval\'',
    },
    { name: 'bad size', argv: ['--push.max-body-size=lots'], message: 'invalid size "lots"' },
    { name: 'positional', argv: ['x'], message: 'unexpected x' },
  ])('refuses $name', ({ argv, message }) => {
    const r = parseFlags(argv);
    expect(r.kind).toBe('error');
    if (r.kind === 'error') expect(r.message.startsWith(message)).toBe(true);
  });

  test('help and version', () => {
    expect(parseFlags(['-h']).kind).toBe('help');
    expect(parseFlags(['--version']).kind).toBe('version');
  });

  test('flag values as /api/v1/status shows them', () => {
    const r = parseFlags(['--persistence.interval=90s', '--web.enable-lifecycle']);
    if (r.kind !== 'config') throw new Error('flags refused');
    const v = flagValues(r.config);
    expect(v.get('persistence.interval')).toBe('1m30s');
    expect(v.get('web.enable-lifecycle')).toBe('true');
    expect(v.get('web.listen-address')).toBe(':9091');
    expect([...v.keys()]).toEqual([...v.keys()].sort());
  });
});

describe('parseByteSize', () => {
  test.each([
    { input: '1024', expected: 1024 },
    { input: '64MiB', expected: 64 * 1024 * 1024 },
    { input: '10MB', expected: 10_000_000 },
    { input: '512k', expected: 512 * 1024 },
    { input: '0', expected: undefined },
    { input: '-1', expected: undefined },
    { input: '1XB', expected: undefined },
  ])('$input', ({ input, expected }) => {
    expect(parseByteSize(input)).toBe(expected);
  });
});

describe('computeRoutePrefix (the Pushgateway rule)', () => {
  test.each([
    { prefix: '', url: '', expected: '' },
    { prefix: '/', url: '', expected: '' },
    { prefix: 'pg', url: '', expected: '/pg' },
    { prefix: '/pg/', url: '', expected: '/pg' },
    { prefix: '', url: 'http://example.com/gw/', expected: '/gw' },
    { prefix: '', url: 'http://example.com', expected: '' },
    { prefix: '/x', url: 'http://example.com/gw/', expected: '/x' },
  ])('prefix $prefix, external URL $url', ({ prefix, url, expected }) => {
    expect(computeRoutePrefix(prefix, url)).toBe(expected);
  });
});
