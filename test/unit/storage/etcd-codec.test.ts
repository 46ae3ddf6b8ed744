/**
 * The etcd key and value format, and the `--storage.etcd.*` flags: no etcd
 * needed.
 */
import { describe, expect, it } from 'vitest';
import { flagValues, parseFlags } from '../../../src/gateway/config/flags.js';
import { groupKey } from '../../../src/merge/index.js';
import {
  decodeGroup,
  encodeGroup,
  groupEtcdKey,
  groupRange,
  GroupValueError,
  prefixEnd,
} from '../../../src/storage/etcd/codec.js';
import { revisionLess } from '../../../src/storage/etcd/kv.js';
import type { GroupState } from '../../../src/store/index.js';

const group: GroupState = {
  labels: [
    ['job', 'a/b'],
    ['zone', 'ü'],
  ],
  families: [{ name: 'x', type: 'gauge', writtenAt: 1, metrics: [{ labels: [], value: '1' }] } as never],
};

describe('etcd codec', () => {
  it('round-trips a group and compresses it', () => {
    const v = encodeGroup(group);
    expect(v.subarray(0, 4).toString()).toBe('PKG1');
    expect(decodeGroup(Buffer.from('k'), v)).toEqual(group);
    const big: GroupState = { ...group, families: Array(200).fill(group.families[0]) };
    expect(encodeGroup(big).length).toBeLessThan(JSON.stringify(big).length / 10);
  });

  it('refuses values it cannot read, naming the key and why', () => {
    expect(() => decodeGroup(Buffer.from('/p/groups/k'), Buffer.from('PKG2xxxx'))).toThrow(
      /"\/p\/groups\/k": unsupported value version PKG2/,
    );
    expect(() => decodeGroup(Buffer.from('k'), Buffer.from('hello'))).toThrow(GroupValueError);
    expect(() => decodeGroup(Buffer.from('k'), Buffer.concat([Buffer.from('PKG1'), Buffer.from('junk')]))).toThrow(
      /damaged value/,
    );
  });

  it('keys every grouping under the prefix, distinct groupings apart', () => {
    const k1 = groupEtcdKey('/promkit/', groupKey([{ name: 'job', value: 'a' }]));
    const k2 = groupEtcdKey('/promkit/', groupKey([{ name: 'job', value: 'a/' }]));
    expect(k1.equals(k2)).toBe(false);
    const { start, end } = groupRange('/promkit/');
    for (const k of [k1, k2]) expect(Buffer.compare(start, k) <= 0 && Buffer.compare(k, end) < 0).toBe(true);
    expect(prefixEnd(Buffer.from([0x61, 0xff])).equals(Buffer.from([0x62]))).toBe(true);
  });

  it('compares revisions as numbers', () => {
    expect(revisionLess('9', '10')).toBe(true);
    expect(revisionLess('10', '9')).toBe(false);
    expect(revisionLess('10', '10')).toBe(false);
  });
});

describe('--storage.etcd.* flags', () => {
  it('selects etcd and reads every option', () => {
    const r = parseFlags([
      '--storage.etcd.endpoints=http://a:2379, http://b:2379',
      '--storage.etcd.prefix',
      '/pk/',
      '--storage.etcd.request-timeout=2s',
      '--storage.etcd.max-request-bytes=2MiB',
      '--storage.etcd.username=u',
      '--storage.etcd.password-file=/p',
    ]);
    if (r.kind !== 'config') throw new Error(JSON.stringify(r));
    expect(r.config.etcd).toMatchObject({
      endpoints: ['http://a:2379', 'http://b:2379'],
      prefix: '/pk/',
      requestTimeoutMs: 2000,
      maxRequestBytes: 2 * 1024 * 1024,
      username: 'u',
      passwordFile: '/p',
    });
    expect(flagValues(r.config).get('storage.etcd.endpoints')).toBe('http://a:2379,http://b:2379');
  });

  it('are not listed without etcd, and bad values are usage errors', () => {
    const r = parseFlags([]);
    if (r.kind !== 'config') throw new Error('expected a config');
    expect([...flagValues(r.config).keys()].some((k) => k.startsWith('storage.'))).toBe(false);
    expect(parseFlags(['--storage.etcd.dial-timeout=soon'])).toEqual({
      kind: 'error',
      message: `invalid duration "soon" for flag '--storage.etcd.dial-timeout'`,
    });
    expect(parseFlags(['--storage.etcd.prefix'])).toEqual({
      kind: 'error',
      message: `expected argument for flag '--storage.etcd.prefix'`,
    });
  });
});
