import { groupLabels } from '../merge/apply-grouping.js';
import { parsePushPath } from '../merge/grouping-key.js';
import type { Metric } from '../model/types.js';
import type { PushTarget } from './rule.js';

/** The prefix of every consistency failure the Pushgateway answers with (HTTP 400). */
export const PUSH_REJECTED = 'pushed metrics are invalid or inconsistent with existing metrics: ';

/**
 * The push target for a push path (`/metrics/job/<job>{/<label>/<value>}`,
 * `@base64` forms included), decoded as the Pushgateway 1.5.1 does. Without a
 * path the target is a plain `job` group whose job name is unknown (written
 * `<job>` in messages). A path the
 * gateway refuses gives `pathError` (its reply) and no grouping. Returns a new object.
 */
export function resolvePushTarget(path?: string): PushTarget {
  if (path === undefined) return { grouping: [{ name: 'job', value: '<job>' }] };
  const r = parsePushPath(path, 'PUT');
  if (r.kind === 'grouping') return { path, grouping: r.grouping };
  if (r.kind === 'error') return { path, grouping: [], pathError: `${r.status} ${r.message}` };
  if (r.kind === 'redirect')
    return { path, grouping: [], pathError: `${r.status} redirect to ${r.location} (the push is not stored)` };
  return { path, grouping: [], pathError: '404 page not found' };
}

/** The metric as the gateway stores it under `target`: grouping labels applied, `instance=""` added, labels sorted. */
export function storedMetric(metric: Metric, target: PushTarget): Metric {
  return { ...metric, labels: groupLabels(metric.labels, target.grouping) };
}

/** `the Pushgateway rejects the push with 400 "<prefix><message>"`. */
export function rejects(message: string): string {
  return `the Pushgateway rejects the push with 400 "${PUSH_REJECTED}${message}"`;
}
