import { compareBytes } from '../merge/byte-order.js';
import { suffixCollision } from '../merge/conflict.js';
import { groupKey } from '../merge/grouping-key.js';
import { Content } from './content.js';
import { buildFamilyView } from './family-view.js';
import { checkGrouping, groupedFamily } from './grouping.js';
import {
  familyRecord,
  groupRecord,
  PUSH_FAILURE_TIME,
  PUSH_TIME,
  timestampRecord,
  type FamilyRecord,
  type GroupRecord,
} from './records.js';
import { familyFromState, familyToState, stateGroups, StoreStateError, type GroupState } from './state.js';
import type { OwnFamily, StoreProblem } from './types.js';

/** Store state in and out: validating a state and building content from it, and encoding a group record as state. */

/** Encodes a group record as state (bookkeeping gauges included, floats as Go float strings). */
export function groupToState(g: GroupRecord): GroupState {
  const families = [];
  for (const rec of g.families.values()) families.push(familyToState(rec.family, rec.writtenAt));
  return { labels: g.labels.map((l): [string, string] => [l.name, l.value]), families };
}

/**
 * Decodes one group of a state (`path` names it in errors), grouping labels
 * re-applied to every metric, missing bookkeeping gauges added as 0. Throws
 * a {@link StoreStateError} naming the first malformed field.
 */
export function groupFromState(gv: unknown, path: string): GroupRecord {
  if (typeof gv !== 'object' || gv === null || Array.isArray(gv))
    throw new StoreStateError(`invalid store state at ${path}: expected an object`);
  const g = gv as Record<string, unknown>;
  const pairs = Array.isArray(g.labels) ? g.labels : undefined;
  const grouping = checkGrouping(
    pairs?.map((p: unknown) => (Array.isArray(p) && p.length === 2 ? { name: p[0], value: p[1] } : null)),
  );
  if (typeof grouping === 'string') throw new StoreStateError(`invalid store state at ${path}.labels: ${grouping}`);
  if (!Array.isArray(g.families))
    throw new StoreStateError(`invalid store state at ${path}.families: expected an array`);
  const families = new Map<string, FamilyRecord>();
  g.families.forEach((fv: unknown, fi: number) => {
    const { family, writtenAt } = familyFromState(fv, `${path}.families[${fi}]`);
    let rec: FamilyRecord;
    if (family.name === PUSH_TIME || family.name === PUSH_FAILURE_TIME) {
      const value = family.metrics[0]?.value;
      if (family.metrics.length !== 1 || value === undefined || !Number.isFinite(value)) {
        throw new StoreStateError(
          `invalid store state at ${path}.families[${fi}]: ${family.name} must hold one finite gauge value`,
        );
      }
      rec = timestampRecord(family.name, grouping, value, writtenAt);
    } else {
      rec = familyRecord(groupedFamily(family, grouping), writtenAt);
    }
    if (families.has(family.name))
      throw new StoreStateError(
        `invalid store state at ${path}.families[${fi}]: a second family named ${JSON.stringify(family.name)}`,
      );
    families.set(family.name, rec);
  });
  for (const name of [PUSH_TIME, PUSH_FAILURE_TIME] as const) {
    if (!families.has(name)) families.set(name, timestampRecord(name, grouping, 0, 0));
  }
  return groupRecord(groupKey(grouping), grouping, families);
}

/**
 * Builds content from a state (see `MetricStore.importState` for what is
 * refused). `checked`: also refuse content a checked store could not have
 * accepted.
 */
export function contentFromState(state: unknown, checked: boolean, own: ReadonlyMap<string, OwnFamily>): Content {
  const groupsIn = stateGroups(state);
  const next = new Content(checked);
  groupsIn.forEach((gv, gi) => {
    const path = `groups[${gi}]`;
    const g = groupFromState(gv, path);
    if (next.groups.has(g.key))
      throw new StoreStateError(`invalid store state at ${path}: a second group with the same grouping`);
    for (const [name, rec] of g.families) next.hold(name, g.key, undefined, rec);
    next.groups.set(g.key, g);
  });
  if (checked) {
    const problem = firstProblem(next, own);
    if (problem) throw new StoreStateError(`store state is inconsistent: ${problem.message}`);
  }
  return next;
}

/** The first problem a verifying merge of `content` finds, if any. */
function firstProblem(content: Content, own: ReadonlyMap<string, OwnFamily>): StoreProblem | undefined {
  const registered = new Map<string, OwnFamily['type']>();
  for (const f of own.values()) registered.set(f.name, f.type);
  for (const name of [...content.names.keys()].sort(compareBytes)) {
    const v = buildFamilyView(name, content.names.get(name)!.holders, own.get(name), true);
    if (v.problems.length > 0) return v.problems[0];
    if (v.type === undefined || own.has(name)) continue;
    const collision = suffixCollision(name, v.type, (n) => registered.get(n));
    if (collision !== undefined) return { family: name, message: collision };
    registered.set(name, v.type);
  }
  return undefined;
}
