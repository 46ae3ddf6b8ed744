import type { StoreState } from '../../store/index.js';

/**
 * The snapshot file (`--persistence.file`): one JSON document
 * `{"format":"promkit-gateway","version":1,"seq":N,"savedAt":"…","store":{…}}`
 * where `store` is the store's exported state and `seq` the last journal
 * record it includes.
 */

/** The `format` of a snapshot file. */
export const SNAPSHOT_FORMAT = 'promkit-gateway';
/** The snapshot version this build writes and reads. */
export const SNAPSHOT_VERSION = 1;

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
 * Encodes a snapshot as a sequence of string pieces (one per group), so that
 * a large store is never held as one string (with a lazily encoded state,
 * such as `MetricStore.exportStateLazily`, nor as one object tree). Joined,
 * the pieces are one JSON document.
 */
export function* encodeSnapshot(
  seq: number,
  store: Pick<StoreState, 'format' | 'version'> & { groups: Iterable<StoreState['groups'][number]> },
  savedAt: Date,
): Generator<string> {
  const head = JSON.stringify({
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    seq,
    savedAt: savedAt.toISOString(),
  });
  yield `${head.slice(0, -1)},"store":{"format":${JSON.stringify(store.format)},"version":${JSON.stringify(store.version)},"groups":[`;
  let first = true;
  for (const g of store.groups) {
    yield (first ? '' : ',') + JSON.stringify(g);
    first = false;
  }
  yield ']}}';
}

/**
 * Decodes a snapshot file's bytes. Throws a {@link SnapshotError} naming the
 * problem: not JSON (a truncated file, another format), another
 * format, an unknown version, a bad sequence number. The store state itself
 * is checked by the store when imported.
 */
export function decodeSnapshot(bytes: Buffer): SnapshotDoc {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    const gob = bytes.length > 0 && bytes[0] !== 0x7b; // '{'
    throw new SnapshotError(
      gob
        ? 'not a promkit gateway state file (it is neither JSON nor a Pushgateway 1.x persistence file)'
        : `state file is not valid JSON (truncated or damaged): ${(e as Error).message}`,
    );
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new SnapshotError('state file does not hold a JSON object');
  const o = doc as Record<string, unknown>;
  if (o.format !== SNAPSHOT_FORMAT)
    throw new SnapshotError(`state file has format ${JSON.stringify(o.format)}, expected "${SNAPSHOT_FORMAT}"`);
  if (o.version !== SNAPSHOT_VERSION) {
    throw new SnapshotError(
      `state file has version ${JSON.stringify(o.version)}; this build reads version ${SNAPSHOT_VERSION} only`,
    );
  }
  if (typeof o.seq !== 'number' || !Number.isInteger(o.seq) || o.seq < 0)
    throw new SnapshotError(`state file has a bad "seq": ${JSON.stringify(o.seq)}`);
  return { seq: o.seq, store: o.store as StoreState };
}
