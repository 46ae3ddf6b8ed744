import { crc32 } from 'node:zlib';
import type { LazyState, StoreState } from '../../store/index.js';

/**
 * The snapshot file (`--persistence.file`): one JSON document
 * `{"format":"promkit-gateway","version":2,"seq":N,"savedAt":"…","store":{…},"crc32":"xxxxxxxx"}`
 * where `store` is the store's exported state, `seq` the last journal
 * record it includes, and `crc32` (8 hex digits, always the last member)
 * the CRC-32 of every byte before `,"crc32":`. Version 1 files (the same
 * without `crc32`) are still read.
 */

/** The `format` of a snapshot file. */
export const SNAPSHOT_FORMAT = 'promkit-gateway';
/** The snapshot version this build writes. */
export const SNAPSHOT_VERSION = 2;

const TRAILER = ',"crc32":"';
/** `,"crc32":"` + 8 hex digits + `"}`. */
const TRAILER_LENGTH = TRAILER.length + 8 + 2;

/** A decoded snapshot. */
export interface SnapshotDoc {
  seq: number;
  store: StoreState;
}

/** Thrown for a snapshot that cannot be used; the message says why, for the log. */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}

/**
 * Encodes a snapshot as chunks of about 1 MiB (groups are encoded one at a
 * time as the iteration reaches them), so that a large store is never held
 * as one string. Concatenated, the chunks are one JSON document.
 */
export function* encodeSnapshot(seq: number, store: LazyState, savedAt: Date): Generator<Buffer> {
  let sum = 0;
  let pending: string[] = [];
  let size = 0;
  const flush = (): Buffer => {
    const buf = Buffer.from(pending.join(''), 'utf8');
    sum = crc32(buf, sum);
    pending = [];
    size = 0;
    return buf;
  };
  const head = JSON.stringify({
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    seq,
    savedAt: savedAt.toISOString(),
  });
  pending.push(
    `${head.slice(0, -1)},"store":{"format":${JSON.stringify(store.format)},"version":${JSON.stringify(store.version)},"groups":[`,
  );
  let first = true;
  for (const g of store.groups) {
    const text = (first ? '' : ',') + JSON.stringify(g);
    first = false;
    pending.push(text);
    size += text.length;
    if (size >= 1 << 20) yield flush();
  }
  pending.push(']}');
  yield flush();
  yield Buffer.from(`${TRAILER}${sum.toString(16).padStart(8, '0')}"}`, 'latin1');
}

/**
 * Decodes a snapshot file's bytes. Throws a {@link SnapshotError} naming the
 * problem: not JSON (a Pushgateway gob file, a truncated file), a checksum
 * mismatch (an edited or damaged file), another format, an unknown version,
 * a bad sequence number. The store state itself is checked by the store
 * when imported.
 */
export function decodeSnapshot(bytes: Buffer): SnapshotDoc {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    const gob = bytes.length > 0 && bytes[0] !== 0x7b; // '{'
    throw new SnapshotError(
      gob
        ? 'not a promkit gateway state file (it is not JSON; a Pushgateway 1.x persistence file cannot be read)'
        : `state file is not valid JSON (truncated or damaged): ${(e as Error).message}`,
    );
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new SnapshotError('state file does not hold a JSON object');
  const o = doc as Record<string, unknown>;
  if (o.format !== SNAPSHOT_FORMAT)
    throw new SnapshotError(`state file has format ${JSON.stringify(o.format)}, expected "${SNAPSHOT_FORMAT}"`);
  if (o.version !== 1 && o.version !== SNAPSHOT_VERSION) {
    throw new SnapshotError(
      `state file has version ${JSON.stringify(o.version)}; this build reads versions 1 and ${SNAPSHOT_VERSION}`,
    );
  }
  if (o.version === SNAPSHOT_VERSION) {
    const end = bytes.lastIndexOf('"}') + 2;
    const at = end - TRAILER_LENGTH;
    if (at < 0 || bytes.toString('latin1', at, at + TRAILER.length) !== TRAILER || typeof o.crc32 !== 'string')
      throw new SnapshotError('state file has no checksum (it was edited or cut short)');
    const actual = crc32(bytes.subarray(0, at)).toString(16).padStart(8, '0');
    if (actual !== o.crc32)
      throw new SnapshotError(
        `state file checksum mismatch (stored ${o.crc32}, computed ${actual}): it was edited or damaged`,
      );
  }
  if (typeof o.seq !== 'number' || !Number.isInteger(o.seq) || o.seq < 0)
    throw new SnapshotError(`state file has a bad "seq": ${JSON.stringify(o.seq)}`);
  return { seq: o.seq, store: o.store as StoreState };
}
