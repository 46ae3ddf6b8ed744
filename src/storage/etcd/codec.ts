import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { GroupState } from '../../store/state.js';

/**
 * How a group is stored in etcd: one key per group,
 * `<prefix>groups/<base64url of the canonical grouping key>`, and a value of
 * {@link VALUE_MAGIC} followed by the raw-deflated JSON of the group's state
 * (the store's own state format, see docs/ha.md).
 */

/** First bytes of every value: format name and version (a later version gets a new magic). */
export const VALUE_MAGIC = Buffer.from('PKG1', 'latin1');

/** The part of the prefix under which groups live. */
export const GROUPS = 'groups/';

/** The etcd key of a group, from its canonical grouping key (`groupKey`). */
export function groupEtcdKey(prefix: string, key: string): Buffer {
  return Buffer.from(prefix + GROUPS + Buffer.from(key, 'utf8').toString('base64url'), 'utf8');
}

/** The range `[start, end)` holding every group under `prefix`. */
export function groupRange(prefix: string): { start: Buffer; end: Buffer } {
  const start = Buffer.from(prefix + GROUPS, 'utf8');
  return { start, end: prefixEnd(start) };
}

/** The smallest key greater than every key starting with `p` (etcd's range end of a prefix). */
export function prefixEnd(p: Buffer): Buffer {
  const end = Buffer.from(p);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i]++;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

/** Encodes a group's state as an etcd value. */
export function encodeGroup(group: GroupState): Buffer {
  return Buffer.concat([VALUE_MAGIC, deflateRawSync(Buffer.from(JSON.stringify(group), 'utf8'))]);
}

/** Thrown when a value under the prefix is not a group this build can read. */
export class GroupValueError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`etcd key ${JSON.stringify(key)}: ${reason}`);
    this.name = 'GroupValueError';
  }
}

/** Decodes a value written by {@link encodeGroup}; throws {@link GroupValueError} otherwise. The state is validated when the store imports it. */
export function decodeGroup(key: Buffer, value: Buffer): GroupState {
  const k = key.toString('utf8');
  if (value.length < VALUE_MAGIC.length || !value.subarray(0, VALUE_MAGIC.length).equals(VALUE_MAGIC)) {
    const head = value.subarray(0, 4).toString('latin1');
    throw new GroupValueError(
      k,
      /^PKG\d$/.test(head) ? `unsupported value version ${head}: this build reads PKG1` : 'not a promkit group value',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(inflateRawSync(value.subarray(VALUE_MAGIC.length)).toString('utf8'));
  } catch (e) {
    throw new GroupValueError(k, `damaged value: ${(e as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || !Array.isArray((json as GroupState).labels))
    throw new GroupValueError(k, 'value is not a group state');
  return json as GroupState;
}
