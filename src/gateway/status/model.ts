import { encodeBase64Url } from '../../merge/base64url.js';
import type { Label } from '../../model/types.js';
import type { GroupView, StoreSnapshot } from '../../store/index.js';
import type { TtlTracker } from '../features/ttl.js';
import { type LabelMatcher, matchesAll, parseSelector } from '../features/matcher.js';
import type { LastFailures, PushFailure } from './failures.js';
import type { PageQuery } from './query.js';

/**
 * The data the Metrics tab shows, computed from a store snapshot and the
 * query: which groups match the filter, in which order, which page of
 * them, and per group its times, staleness and last failure.
 */

/** One group as the page shows it. */
export interface GroupRow {
  readonly view: GroupView;
  /** The grouping labels, `job` first, then by name (as the Pushgateway's page orders its badges). */
  readonly labels: readonly Label[];
  /** The relative DELETE URL of the group. */
  readonly deletePath: string;
  /** Last successful push, ms since the epoch; `undefined` if none. */
  readonly lastPushMs: number | undefined;
  /** Last failed push (`push_failure_time_seconds`), ms since the epoch; `undefined` if none. */
  readonly lastFailureMs: number | undefined;
  /** Whether the last push failed. */
  readonly failing: boolean;
  /** The remembered reason of the last refused push, if any. */
  readonly reason: PushFailure | undefined;
  /** Time since the last push (successful, else failed), in ms. */
  readonly ageMs: number;
  /** With a TTL: time left before the group is deleted, in ms (may be ≤ 0 just before the sweep). */
  readonly ttlLeftMs: number | undefined;
  /** The group's TTL in ms, when it has one. */
  readonly ttlMs: number | undefined;
  /** Old enough to look abandoned: under a quarter of its TTL left, or older than the stale age. */
  readonly stale: boolean;
}

/** The Metrics tab's content. */
export interface MetricsModel {
  /** Groups stored. */
  readonly total: number;
  /** Groups matching the filter. */
  readonly matched: number;
  /** The page shown (1-based, clamped) and the number of pages (at least 1). */
  readonly page: number;
  readonly pages: number;
  /** The groups of this page. */
  readonly rows: readonly GroupRow[];
  /** Why the filter could not be read (the list is then unfiltered). */
  readonly filterError: string | undefined;
}

const utf8 = new TextEncoder();

/** The relative DELETE URL of a group, every part base64 (a `=` always added so empty values work). */
export function deletePath(labels: readonly Label[]): string {
  const job = labels.find((l) => l.name === 'job')?.value ?? '';
  let p = `metrics/job@base64/${encodeBase64Url(utf8.encode(job))}=`;
  for (const l of labels) if (l.name !== 'job') p += `/${l.name}@base64/${encodeBase64Url(utf8.encode(l.value))}=`;
  return p;
}

/** `labels` with `job` first, the others in their (name) order. */
export function jobFirst(labels: readonly Label[]): Label[] {
  return [...labels.filter((l) => l.name === 'job'), ...labels.filter((l) => l.name !== 'job')];
}

/** The order of the Metrics tab by labels: `job` value, then the group key (the other labels by name). */
function sortedByLabels(groups: GroupView[]): GroupView[] {
  const keyed = groups.map((g) => ({ g, job: g.labels.find((l) => l.name === 'job')?.value ?? '' }));
  keyed.sort((a, b) =>
    a.job !== b.job ? (a.job < b.job ? -1 : 1) : a.g.key < b.g.key ? -1 : a.g.key > b.g.key ? 1 : 0,
  );
  return keyed.map((k) => k.g);
}

/** The groups of each snapshot in label order; snapshots are immutable, so this is computed once per store version. */
const labelOrder = new WeakMap<StoreSnapshot, readonly GroupView[]>();

function byLabelsOf(snapshot: StoreSnapshot): readonly GroupView[] {
  let sorted = labelOrder.get(snapshot);
  if (!sorted) labelOrder.set(snapshot, (sorted = sortedByLabels([...snapshot.groups.values()])));
  return sorted;
}

/** The last successful push in seconds, else the last failed one (what a TTL counts from). */
function lastActivity(g: GroupView): number {
  return g.pushTimeSeconds > 0 ? g.pushTimeSeconds : g.pushFailureTimeSeconds;
}

/** What {@link metricsModel} needs besides the snapshot and the query. */
export interface ModelSources {
  now: number;
  failures?: LastFailures;
  ttl?: TtlTracker;
}

function row(g: GroupView, q: PageQuery, src: ModelSources): GroupRow {
  const last = lastActivity(g) * 1000;
  const ageMs = Math.max(0, src.now - last);
  const ttlMs = src.ttl ? src.ttl.ttlOf(g) : 0;
  const expiry = ttlMs > 0 ? src.ttl?.expiryOf(g) : undefined;
  const ttlLeftMs = expiry === undefined ? undefined : expiry - src.now;
  return {
    view: g,
    labels: jobFirst(g.labels),
    deletePath: deletePath(g.labels),
    lastPushMs: g.pushTimeSeconds > 0 ? g.pushTimeSeconds * 1000 : undefined,
    lastFailureMs: g.pushFailureTimeSeconds > 0 ? g.pushFailureTimeSeconds * 1000 : undefined,
    failing: !g.lastPushSuccessful,
    reason: src.failures?.get(g.key),
    ageMs,
    ttlLeftMs,
    ttlMs: ttlMs > 0 ? ttlMs : undefined,
    stale: ttlLeftMs !== undefined ? ttlLeftMs < ttlMs / 4 : ageMs >= q.staleMs,
  };
}

/** Filters, orders and pages the groups of `snapshot` as `q` asks. Pure apart from reading `src`. */
export function metricsModel(snapshot: StoreSnapshot, q: PageQuery, src: ModelSources): MetricsModel {
  let matchers: LabelMatcher[] | undefined;
  let filterError: string | undefined;
  if (q.match !== '') {
    try {
      matchers = parseSelector(q.match);
    } catch (e) {
      filterError = (e as Error).message;
    }
  }
  const all = byLabelsOf(snapshot);
  // Sorting by labels first makes the order among equal push times stable.
  let groups = matchers ? all.filter((g) => matchesAll(matchers, g.labels)) : [...all];
  if (q.sort !== 'labels') {
    const sign = q.sort === 'recent' ? -1 : 1;
    const timed = groups.map((g, i) => ({ g, i, t: lastActivity(g) }));
    timed.sort((a, b) => sign * (a.t - b.t) || a.i - b.i);
    groups = timed.map((x) => x.g);
  }
  const pages = Math.max(1, Math.ceil(groups.length / q.per));
  const page = Math.min(q.page, pages);
  const rows = groups.slice((page - 1) * q.per, page * q.per).map((g) => row(g, q, src));
  return { total: all.length, matched: groups.length, page, pages, rows, filterError };
}
