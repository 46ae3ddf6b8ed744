import { groupLabels } from '../../merge/apply-grouping.js';
import type { Label, MetricFamily } from '../../model/types.js';
import type { GroupView, StoreSnapshot } from '../../store/index.js';
import { PUSH_FAILURE_TIME, PUSH_TIME } from '../../store/index.js';
import type { LimitsConfig } from './config.js';

/**
 * Limits with clear errors: each refusal names the limit, its value and
 * the usage that broke it. Per-push limits answer 413, store-wide limits
 * (groups, series) 429.
 */

/** A refused push: HTTP status and the message (the response body). */
export interface LimitRefusal {
  status: 413 | 429;
  /** The flag-less limit name (`series_per_push`). */
  limit: string;
  /** The configured value. */
  value: number;
  /** The usage that broke it. */
  usage: number;
  message: string;
}

function refusal(
  status: 413 | 429,
  limit: string,
  flag: string,
  value: number,
  usage: number,
  what: string,
): LimitRefusal {
  return { status, limit, value, usage, message: `limit ${limit} (--limits.${flag}) is ${value}; ${what} ${usage}` };
}

/** Refusal for a body larger than `bodyBytes`; `usage` is the declared or read size (a lower bound when streaming). */
export function bodyRefusal(limits: LimitsConfig, usage: number, declared: boolean): LimitRefusal {
  return refusal(
    413,
    'body_bytes',
    'body-bytes',
    limits.bodyBytes,
    usage,
    declared ? 'this request body has (bytes)' : 'this request body has more than (bytes)',
  );
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Series in `families` (a histogram or summary series counts once). */
export function countSeries(families: readonly MetricFamily[]): number {
  let n = 0;
  for (const f of families) n += f.metrics.length;
  return n;
}

function isBookkeeping(name: string): boolean {
  return name === PUSH_TIME || name === PUSH_FAILURE_TIME;
}

/** Series stored in `group`, bookkeeping gauges excluded; with `only`, only in those family names. */
function groupSeries(group: GroupView | undefined, only?: ReadonlySet<string>): number {
  if (!group) return 0;
  let n = 0;
  for (const [name, sf] of group.families) {
    if (isBookkeeping(name) || (only && !only.has(name))) continue;
    n += sf.size;
  }
  return n;
}

const totals = new WeakMap<StoreSnapshot, number>();

/** Series stored in the whole snapshot (bookkeeping gauges excluded); memoized per snapshot. */
export function storedSeries(snapshot: StoreSnapshot): number {
  let n = totals.get(snapshot);
  if (n === undefined) {
    n = 0;
    for (const g of snapshot.groups.values()) n += groupSeries(g);
    totals.set(snapshot, n);
  }
  return n;
}

/**
 * Checks a push against the per-push limits (series, labels per series,
 * label value length; grouping applied as the store will) and the store
 * limits (groups, series) given the current `snapshot`. `replace` is true
 * for PUT (the group's series are replaced), false for POST (the pushed
 * families' series are). Returns the first refusal, or `undefined`. Pure.
 * `snapshot` may be a function: it is then called only when a store limit
 * is set, so per-push limits cost the size of the push, not of the store.
 */
export function checkPushLimits(
  limits: LimitsConfig,
  grouping: readonly Label[],
  families: readonly MetricFamily[],
  replace: boolean,
  snapshot: StoreSnapshot | (() => StoreSnapshot),
): LimitRefusal | undefined {
  const pushed = countSeries(families);
  if (limits.seriesPerPush > 0 && pushed > limits.seriesPerPush) {
    return refusal(413, 'series_per_push', 'series-per-push', limits.seriesPerPush, pushed, 'this push has series:');
  }
  if (limits.labelsPerSeries > 0 || limits.labelValueLength > 0) {
    for (const f of families) {
      for (const m of f.metrics) {
        const labels = groupLabels(m.labels, grouping);
        if (limits.labelsPerSeries > 0 && labels.length > limits.labelsPerSeries) {
          return refusal(
            413,
            'labels_per_series',
            'labels-per-series',
            limits.labelsPerSeries,
            labels.length,
            `series ${f.name}{${labels.map((l) => l.name).join(',')}} has labels:`,
          );
        }
        if (limits.labelValueLength > 0) {
          for (const l of labels) {
            const len = utf8Length(l.value);
            if (len > limits.labelValueLength) {
              return refusal(
                413,
                'label_value_length',
                'label-value-length',
                limits.labelValueLength,
                len,
                `label ${l.name} of ${f.name} has a value of length (bytes):`,
              );
            }
          }
        }
      }
    }
  }
  if (limits.groups <= 0 && limits.series <= 0) return undefined;
  const snap = typeof snapshot === 'function' ? snapshot() : snapshot;
  const group = snap.group(grouping);
  if (limits.groups > 0 && !group && snap.groups.size + 1 > limits.groups) {
    return refusal(429, 'groups', 'groups', limits.groups, snap.groups.size, 'groups stored now:');
  }
  if (limits.series > 0) {
    const before = storedSeries(snap);
    const replaced = replace ? groupSeries(group) : groupSeries(group, new Set(families.map((f) => f.name)));
    const after = before - replaced + pushed;
    if (after > limits.series && after > before) {
      const r = refusal(429, 'series', 'series', limits.series, before, 'series stored now:');
      return { ...r, message: `${r.message}, after this push: ${after}` };
    }
  }
  return undefined;
}
