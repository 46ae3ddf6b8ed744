import { groupKey } from '../../merge/grouping-key.js';
import type { Label, MetricFamily } from '../../model/types.js';
import type { GroupView, StoreSnapshot } from '../../store/index.js';
import { parseGoDuration } from '../config/duration.js';
import type { FeatureConfig } from './config.js';
import { matchesAll } from './matcher.js';

/**
 * TTL per group: a server default (`--push.ttl`), per-job rules
 * (`--push.ttl-rule`) and, with `--push.ttl-header`, a per-push header.
 * A group expires its TTL after its last successful push; expired groups
 * are deleted through the writer and counted.
 */

/** The request header that sets a group's TTL on a push (Go duration; `0` keeps the group forever). */
export const TTL_HEADER = 'promkit-ttl';

/** Name of the gauge with each expiring group's expiry time. */
export const EXPIRY_METRIC = 'promkit_group_expiry_timestamp_seconds';
/** Name of the counter of groups removed by expiry. */
export const EXPIRED_METRIC = 'promkit_groups_expired_total';

/** Reads a TTL header value; `undefined` when absent, an `Error` when malformed. */
export function parseTtlHeader(value: string | string[] | undefined): number | undefined | Error {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value[0] : value;
  const ms = parseGoDuration(text.trim());
  if (ms === undefined || ms < 0)
    return new Error(
      `invalid ${TTL_HEADER} header ${JSON.stringify(text)}: want a duration such as 30s, 15m or 2h (0: no expiry)`,
    );
  return ms;
}

/**
 * Decides lifetimes and remembers per-push TTLs. Holds no timers: callers
 * ask {@link TtlTracker.due} with their clock.
 */
export class TtlTracker {
  /** TTLs set by the header, by group key (0: never expires). */
  private readonly overrides = new Map<string, number>();
  /** Groups removed by expiry since start. */
  expiredTotal = 0;

  constructor(private readonly config: Pick<FeatureConfig, 'ttlMs' | 'ttlRules'>) {}

  /** The TTL rules and default give `grouping` (ms; 0: no expiry). First matching rule wins. Pure. */
  configuredTtl(grouping: readonly Label[]): number {
    for (const r of this.config.ttlRules) if (matchesAll(r.matchers, grouping)) return r.ttlMs;
    return this.config.ttlMs;
  }

  /** Records a successful push to `grouping`: a header TTL sticks to the group until the next push without it. */
  pushed(grouping: readonly Label[], headerTtlMs: number | undefined): void {
    const key = groupKey(grouping);
    if (headerTtlMs === undefined) this.overrides.delete(key);
    else this.overrides.set(key, headerTtlMs);
  }

  /** Forgets a deleted group. */
  forget(grouping: readonly Label[]): void {
    this.overrides.delete(groupKey(grouping));
  }

  /** The TTL of a stored group (ms; 0: none). */
  ttlOf(group: GroupView): number {
    return this.overrides.get(group.key) ?? this.configuredTtl(group.labels);
  }

  /** When `group` expires, in ms since the epoch, or `undefined` when it never does. */
  expiryOf(group: GroupView): number | undefined {
    const ttl = this.ttlOf(group);
    if (ttl <= 0) return undefined;
    const last = group.pushTimeSeconds > 0 ? group.pushTimeSeconds : group.pushFailureTimeSeconds;
    return last * 1000 + ttl;
  }

  /** The groups of `snapshot` whose expiry is at or before `now`, in store order. Pure. */
  due(snapshot: StoreSnapshot, now: number): GroupView[] {
    const out: GroupView[] = [];
    for (const g of snapshot.groups.values()) {
      const at = this.expiryOf(g);
      if (at !== undefined && at <= now) out.push(g);
    }
    return out;
  }

  /** `promkit_group_expiry_timestamp_seconds` (one series per expiring group, grouping labels) and `promkit_groups_expired_total`. New objects. */
  families(snapshot: StoreSnapshot): MetricFamily[] {
    const metrics = [];
    for (const g of snapshot.groups.values()) {
      const at = this.expiryOf(g);
      if (at !== undefined) metrics.push({ labels: g.labels.map((l) => ({ ...l })), value: at / 1000 });
    }
    return [
      {
        name: EXPIRY_METRIC,
        type: 'gauge',
        help: 'When the group will be deleted unless pushed to again (TTL), in seconds since the epoch.',
        metrics,
      },
      {
        name: EXPIRED_METRIC,
        type: 'counter',
        help: 'Groups deleted because their TTL ran out.',
        metrics: [{ labels: [], value: this.expiredTotal }],
      },
    ];
  }
}
