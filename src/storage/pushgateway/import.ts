import { decodeProtobuf } from '../../serialize/index.js';
import type { MetricFamily } from '../../model/types.js';
import {
  STATE_FORMAT,
  STATE_VERSION,
  familyToState,
  type FamilyState,
  type GroupState,
  type StoreState,
} from '../../store/index.js';
import { decodeGoTime, goTimeToMs } from './go-time.js';
import {
  GOB_STRING,
  GobError,
  describeType,
  looksLikeGob,
  readGobStream,
  type GobReader,
  type GobType,
} from './gob.js';

/**
 * Import of a Pushgateway 1.x persistence file: the gob encoding of its
 * store, a `GroupingKeyToMetricGroup` (grouping key → `MetricGroup`), where a
 * `MetricGroup` is `{Labels map[string]string; Metrics map[string]TimestampedMetricFamily}`
 * and a `TimestampedMetricFamily` is `{Timestamp time.Time; GobbableMetricFamily}`,
 * the family being one protobuf `MetricFamily` message (client_model) and
 * the timestamp the time of the push that wrote it. `push_time_seconds` and
 * `push_failure_time_seconds` are families of the group like any other.
 *
 * Only that shape is read: any other type, field or encoding is refused
 * with a {@link PushgatewayStateError} naming it.
 */

/** Thrown for a file that is not a Pushgateway 1.x state this build can read; the message names the field. */
export class PushgatewayStateError extends Error {
  override readonly name = 'PushgatewayStateError';
}

/** Whether `bytes` look like a Pushgateway 1.x persistence file (a Go gob stream) rather than promkit's JSON. */
export function isPushgatewayState(bytes: Uint8Array): boolean {
  return looksLikeGob(bytes);
}

type StructFields = Map<string, number>;

/** Checks that type `id` is a struct with exactly the fields `names`; returns field name → type id. */
function structOf(types: ReadonlyMap<number, GobType>, id: number, where: string, names: string[]): StructFields {
  const t = types.get(id);
  if (t?.kind !== 'struct')
    throw new PushgatewayStateError(`${where} is ${describeType(types, id)}, expected a struct {${names.join(', ')}}`);
  const fields: StructFields = new Map();
  for (const f of t.fields) {
    if (!names.includes(f.name))
      throw new PushgatewayStateError(
        `${where} has a field ${JSON.stringify(f.name)} that Pushgateway 1.x does not write`,
      );
    fields.set(f.name, f.id);
  }
  for (const n of names) if (!fields.has(n)) throw new PushgatewayStateError(`${where} has no field ${n}`);
  return fields;
}

/** Checks that type `id` is a map from string; returns the element type id. */
function mapFromString(types: ReadonlyMap<number, GobType>, id: number, where: string, expected: string): number {
  const t = types.get(id);
  if (t?.kind !== 'map' || t.key !== GOB_STRING)
    throw new PushgatewayStateError(`${where} is ${describeType(types, id)}, expected ${expected}`);
  return t.elem;
}

function encoder(types: ReadonlyMap<number, GobType>, id: number, where: string, expected: string): void {
  const t = types.get(id);
  if (t?.kind !== 'encoder' || t.how !== 'GobEncoder')
    throw new PushgatewayStateError(`${where} is ${describeType(types, id)}, expected ${expected}`);
}

/** The field layout of the stream's types, checked against the shape Pushgateway writes. */
interface Layout {
  /** Field number → name, per struct. */
  group: string[];
  family: string[];
}

function layout(types: ReadonlyMap<number, GobType>, top: number): Layout {
  const groupId = mapFromString(types, top, 'the stored value', 'a map[string]MetricGroup');
  const group = structOf(types, groupId, 'MetricGroup', ['Labels', 'Metrics']);
  const labelsElem = mapFromString(types, group.get('Labels')!, 'MetricGroup.Labels', 'a map[string]string');
  if (labelsElem !== GOB_STRING)
    throw new PushgatewayStateError(
      `MetricGroup.Labels maps to ${describeType(types, labelsElem)}, expected map[string]string`,
    );
  const familyId = mapFromString(
    types,
    group.get('Metrics')!,
    'MetricGroup.Metrics',
    'a map[string]TimestampedMetricFamily',
  );
  const family = structOf(types, familyId, 'TimestampedMetricFamily', ['Timestamp', 'GobbableMetricFamily']);
  encoder(types, family.get('Timestamp')!, 'TimestampedMetricFamily.Timestamp', 'a time.Time');
  encoder(
    types,
    family.get('GobbableMetricFamily')!,
    'TimestampedMetricFamily.GobbableMetricFamily',
    'a GobEncoder (protobuf MetricFamily)',
  );
  const order = (id: number): string[] => (types.get(id) as { fields: { name: string }[] }).fields.map((f) => f.name);
  return { group: order(groupId), family: order(familyId) };
}

function fieldName(names: string[], index: number, where: string): string {
  const n = names[index];
  if (n === undefined) throw new PushgatewayStateError(`${where}: field number ${index} is not defined`);
  return n;
}

/** One protobuf `MetricFamily` message, decoded as the gateway decodes a push. */
function family(bytes: Uint8Array, where: string): MetricFamily {
  const prefix: number[] = [];
  let n = bytes.length;
  do {
    prefix.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  let families: MetricFamily[];
  try {
    families = decodeProtobuf(Buffer.concat([Uint8Array.from(prefix), bytes]), { asPushed: true });
  } catch (e) {
    throw new PushgatewayStateError(`${where}: ${(e as Error).message}`);
  }
  if (families.length !== 1) throw new PushgatewayStateError(`${where}: expected one MetricFamily message`);
  return families[0];
}

function groupName(labels: [string, string][]): string {
  return `{${labels.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

function readGroup(r: GobReader, l: Layout, key: string): GroupState {
  const where = `group ${JSON.stringify(key)}`;
  const labels: [string, string][] = [];
  const families: FamilyState[] = [];
  const pending: { name: string; time?: Uint8Array; body?: Uint8Array }[] = [];
  r.struct(where, (i) => {
    const field = fieldName(l.group, i, `${where} (MetricGroup)`);
    const count = r.uint(`${where}.${field} count`);
    for (let k = 0; k < count; k++) {
      const name = r.string(`${where}.${field} key`);
      if (field === 'Labels') {
        labels.push([name, r.string(`${where}.Labels[${JSON.stringify(name)}]`)]);
        continue;
      }
      const entry: (typeof pending)[number] = { name };
      const fw = `${where}.Metrics[${JSON.stringify(name)}]`;
      r.struct(fw, (j) => {
        const f = fieldName(l.family, j, `${fw} (TimestampedMetricFamily)`);
        if (f === 'Timestamp') entry.time = r.bytes(`${fw}.Timestamp`);
        else entry.body = r.bytes(`${fw}.GobbableMetricFamily`);
      });
      pending.push(entry);
    }
  });
  labels.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const shown = `group ${groupName(labels)}`;
  for (const e of pending) {
    const fw = `${shown} family ${JSON.stringify(e.name)}`;
    if (!e.body) throw new PushgatewayStateError(`${fw}: GobbableMetricFamily is missing`);
    const f = family(e.body, `${fw}: GobbableMetricFamily`);
    if (f.name !== e.name)
      throw new PushgatewayStateError(`${fw}: GobbableMetricFamily is named ${JSON.stringify(f.name)}`);
    let writtenAt = 0;
    if (e.time) {
      const t = decodeGoTime(e.time);
      if (typeof t === 'string') throw new PushgatewayStateError(`${fw}: Timestamp: ${t}`);
      writtenAt = goTimeToMs(t);
    }
    families.push(familyToState(f, writtenAt));
  }
  families.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { labels, families };
}

/**
 * Reads a Pushgateway 1.x persistence file into promkit's store state: the
 * same groups, families and series, `push_time_seconds` and
 * `push_failure_time_seconds` with their stored values, and each family's
 * push time (kept to the microsecond). Throws a {@link PushgatewayStateError}
 * naming the field for anything else.
 */
export function importPushgatewayState(bytes: Uint8Array): StoreState {
  let groups: GroupState[];
  try {
    const { types, typeId, reader: r } = readGobStream(bytes);
    const l = layout(types, typeId);
    if (r.uint('value tag') !== 0) throw new PushgatewayStateError('the stored value is not a map');
    const count = r.uint('group count');
    groups = [];
    for (let k = 0; k < count; k++) groups.push(readGroup(r, l, r.string('grouping key')));
    if (!r.done) throw new PushgatewayStateError('bytes after the last group');
  } catch (e) {
    if (e instanceof GobError) throw new PushgatewayStateError(`not a readable gob stream: ${e.message}`);
    throw e;
  }
  return { format: STATE_FORMAT, version: STATE_VERSION, groups };
}
