import type { Metric, MetricType } from '../model/types.js';
import { isValidMetricName } from '../model/names.js';
import { compareBytes } from '../merge/byte-order.js';
import {
  dtoType,
  duplicateSeriesMessage,
  metricProblem,
  suffixCollision,
  TEXT_TYPES,
  typeMismatchMessage,
} from '../merge/conflict.js';
import { invalidNameMessage, unsupportedTypeMessage } from './family-view.js';
import { isBookkeeping, PUSH_FAILURE_TIME, PUSH_TIME, type FamilyRecord } from './records.js';
import type { OwnFamily } from './types.js';
import type { NameView } from './content.js';

/**
 * The push-time consistency check, done incrementally: it looks only at the
 * pushed families and, through the indexes, at the stored data they can
 * clash with, so a push costs O(size of the push) however much is stored.
 * Given a consistent store, it finds an error exactly when gathering the
 * store with the push applied (what the Pushgateway does on every push)
 * would.
 */

/** What the check reads from the store. */
export interface CheckIndex {
  name(name: string): NameView | undefined;
  readonly own: ReadonlyMap<string, OwnFamily>;
}

/** A push about to be applied to group `group`. */
export interface PendingPush {
  readonly group: string;
  readonly mode: 'replace' | 'merge';
  /** Whether the group does not exist yet (its bookkeeping series are new). */
  readonly isNew: boolean;
  /** The pushed families by name, grouping applied, bookkeeping names removed. */
  readonly families: ReadonlyMap<string, FamilyRecord>;
  /** The `push_time_seconds` / `push_failure_time_seconds` records the write would create, for a new group. */
  readonly bookkeeping: readonly FamilyRecord[];
  /**
   * Names under which the push holds exactly the series the group holds
   * now, in an index where each series is held by one group at most (every
   * write to it was checked): those series are the group's own and distinct,
   * so they are not looked up. `undefined`: look every series up.
   */
  readonly sameSeries?: ReadonlySet<string>;
  /**
   * The metrics of each pushed family as built for its record, in the same
   * order, when the caller has them: a record makes a new object for each
   * plain metric read.
   */
  readonly metrics?: ReadonlyMap<string, readonly Metric[]>;
}

/**
 * Checks a push against itself and the store. Returns client_golang's
 * messages (plus the store's own refusals of names and types the text
 * format cannot carry), in family-name order; empty when the push is fine.
 *
 * Families without metrics are stored but take no part in any rule, pushed
 * or stored: they are never exposed, and the Pushgateway's verdict on them
 * depends on Go's map order (an empty family of another type is refused or
 * not depending on which group it meets first).
 *
 * Rules, per pushed family: a valid metric name and a type the text format
 * can carry; the own family's type if the name is one; otherwise the type
 * of any other group holding the name (each metric of another type fails
 * `… is not a <TYPE>`); no `_count`/`_sum`/`_bucket` collision with a summary
 * or histogram stored, pushed or own; per metric {@link metricProblem}
 * (`le` refused on histograms) and no series already held by another group
 * or pushed twice. For a new group, its bookkeeping series must not be held
 * by another group (an `instance=""` grouping next to one without `instance`).
 */
export function checkPush(ix: CheckIndex, push: PendingPush): string[] {
  const errors: string[] = [];
  const { group, mode, families: pushed } = push;

  // Families without metrics take no part in any rule (see checkPush's documentation).
  const otherHolderType = (name: string): MetricType | undefined => {
    const rec = ix.name(name);
    if (!rec) return undefined;
    for (const [g, fr] of rec.holders) if (g !== group && fr.size > 0) return fr.type;
    return undefined;
  };
  // The type the merged family `name` has once the push is applied (for the
  // suffix rule): the own family's, else that of the stored groups that keep it,
  // else the pushed one. A pushed family with metrics reports its own
  // collisions, so `includePushed: false` leaves it out; an empty pushed family
  // just removes this group's record.
  const typeAfter = (name: string, includePushed: boolean): MetricType | undefined => {
    const own = ix.own.get(name);
    if (own) return own.type;
    const p = pushed.get(name);
    const live = p !== undefined && p.size > 0;
    if (live && !includePushed) return undefined;
    const rec = ix.name(name);
    if (rec) {
      const replaced = p !== undefined || (mode === 'replace' && !isBookkeeping(name));
      for (const [g, fr] of rec.holders) {
        if (fr.size === 0 || (g === group && replaced)) continue;
        return fr.type;
      }
    }
    return live ? p.type : undefined;
  };

  const names = [...pushed.keys()].sort(compareBytes);
  for (const name of names) {
    const f = pushed.get(name)!;
    const type = f.type;
    if (f.size === 0) continue;
    if (!isValidMetricName(name)) {
      errors.push(invalidNameMessage(name));
      continue;
    }
    if (!TEXT_TYPES.has(dtoType(type))) {
      errors.push(unsupportedTypeMessage(name, type));
      continue;
    }
    let familyType = type;
    const own = ix.own.get(name);
    if (own) {
      if (dtoType(own.type) !== dtoType(type)) {
        errors.push(typeMismatchMessage(name, type, own.type));
        continue;
      }
    } else {
      const other = otherHolderType(name);
      if (other !== undefined) familyType = other;
      const collision = suffixCollision(name, familyType, (n) => typeAfter(n, n.length < name.length));
      if (collision !== undefined) {
        errors.push(collision);
        continue;
      }
    }
    const metrics = push.metrics?.get(name);
    // The group's own series again: neither another group's nor pushed twice (see PendingPush.sameSeries).
    if (push.sameSeries?.has(name) === true) {
      for (let i = 0; i < f.size; i++) {
        const problem = metricProblem(name, familyType, metrics !== undefined ? metrics[i] : f.metric(i), type, true);
        if (problem !== undefined) errors.push(problem);
      }
      continue;
    }
    const series = ix.name(name)?.series;
    const seen = new Set<string>();
    for (let i = 0; i < f.size; i++) {
      const metric = metrics !== undefined ? metrics[i] : f.metric(i);
      const problem = metricProblem(name, familyType, metric, type, true);
      if (problem !== undefined) {
        errors.push(problem);
        continue;
      }
      const key = f.key(i);
      const owner = series?.get(key);
      if (seen.has(key) || (owner !== undefined && owner !== group)) {
        errors.push(duplicateSeriesMessage(name, metric, type));
        continue;
      }
      seen.add(key);
    }
  }

  if (push.isNew) errors.push(...bookkeepingClashes(ix, group, push.bookkeeping));
  return errors;
}

/**
 * The duplicate-series messages a new group's bookkeeping series would
 * cause (another group exports the same `push_time_seconds{…}` series).
 */
export function bookkeepingClashes(ix: CheckIndex, group: string, records: readonly FamilyRecord[]): string[] {
  const errors: string[] = [];
  const sorted = records.slice().sort((a, b) => compareBytes(a.name, b.name));
  for (const rec of sorted) {
    const name = rec.name;
    if (name !== PUSH_TIME && name !== PUSH_FAILURE_TIME) continue;
    const series = ix.name(name)?.series;
    for (let i = 0; i < rec.size; i++) {
      const owner = series?.get(rec.key(i));
      if (owner !== undefined && owner !== group) errors.push(duplicateSeriesMessage(name, rec.metric(i), 'gauge'));
    }
  }
  return errors;
}
