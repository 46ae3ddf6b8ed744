import type { Metric, MetricFamily } from '../../model/types.js';
import { formatGoFloat, toUint64 } from '../../model/values.js';
import { goTypeName } from '../../merge/conflict.js';
import type { GroupView, StoredFamily } from '../../store/index.js';
import type { HandlerRequest } from '../context.js';
import { formatRfc3339Nano, goJson, sortedKeys } from '../http/go-json.js';
import { sendPlain } from '../http/reply.js';

/**
 * The JSON API under `<prefix>/api/v1/`: `GET metrics`, `GET status`,
 * `OPTIONS *` (CORS), and `PUT admin/wipe` with `--web.enable-admin-api`.
 */

const CORS: readonly [string, string][] = [
  ['Access-Control-Allow-Headers', 'Accept, Authorization, Content-Type, Origin'],
  ['Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS'],
  ['Access-Control-Allow-Origin', '*'],
  ['Access-Control-Expose-Headers', 'Date'],
  ['Cache-Control', 'no-cache, no-store, must-revalidate'],
];

function setCors(h: HandlerRequest): void {
  for (const [k, v] of CORS) h.res.setHeader(k, v);
}

function respond(h: HandlerRequest, data: unknown): void {
  setCors(h);
  const body = Buffer.from(
    goJson(
      new Map<string, unknown>([
        ['status', 'success'],
        ['data', data],
      ]),
    ),
    'utf8',
  );
  h.res.statusCode = 200;
  h.res.setHeader('Content-Type', 'application/json');
  h.res.setHeader('Content-Length', body.length);
  h.res.end(body);
}

/** Go's `fmt.Sprint` of a uint64 count (its exact value when the model holds one). */
function count(v: number | undefined, exact?: bigint): string {
  if (v !== undefined && exact !== undefined && Number(exact) === v) return exact.toString();
  const u = toUint64(v ?? 0);
  return u <= Number.MAX_SAFE_INTEGER ? String(u) : BigInt(u).toString();
}

/** A metric as the Pushgateway's API encodes it: labels plus value, quantiles or buckets, numbers as strings. */
export function encodableMetric(m: Metric, type: MetricFamily['type']): Map<string, unknown> {
  const entries: [string, unknown][] = [['labels', sortedKeys(m.labels.map((l) => [l.name, l.value]))]];
  if (type === 'summary') {
    const s = m.summary;
    entries.push([
      'quantiles',
      sortedKeys((s?.quantiles ?? []).map((q) => [formatGoFloat(q.quantile), formatGoFloat(q.value)])),
    ]);
    entries.push(['count', count(s?.count, s?.countExact)]);
    entries.push(['sum', formatGoFloat(s?.sum ?? 0)]);
  } else if (type === 'histogram' || type === 'gauge_histogram' || type === 'gaugehistogram') {
    const hist = m.histogram;
    entries.push(['sum', formatGoFloat(hist?.sum ?? 0)]);
    entries.push([
      'buckets',
      sortedKeys(
        (hist?.buckets ?? []).map((b) => [
          formatGoFloat(b.upperBound),
          b.cumulativeCountFloat !== undefined && b.cumulativeCountFloat > 0
            ? formatGoFloat(b.cumulativeCountFloat)
            : count(b.cumulativeCount, b.cumulativeCountExact),
        ]),
      ),
    ]);
    entries.push([
      'count',
      hist?.countFloat !== undefined && hist.countFloat > 0
        ? formatGoFloat(hist.countFloat)
        : count(hist?.count, hist?.countExact),
    ]);
  } else {
    entries.push(['value', formatGoFloat(m.value ?? 0)]);
  }
  return sortedKeys(entries);
}

function encodeFamily(sf: StoredFamily): Map<string, unknown> {
  const f = sf.family;
  const o = new Map<string, unknown>([
    ['time_stamp', formatRfc3339Nano(sf.writtenAt)],
    ['type', goTypeName(f.type)],
  ]);
  if (f.help) o.set('help', f.help);
  o.set(
    'metrics',
    f.metrics.map((m) => encodableMetric(m, f.type)),
  );
  return o;
}

/** One group as `/api/v1/metrics` shows it. */
export function encodeGroup(g: GroupView): Map<string, unknown> {
  const entries: [string, unknown][] = [];
  for (const [name, sf] of g.families) entries.push([name, encodeFamily(sf)]);
  entries.push(['labels', sortedKeys(g.labels.map((l) => [l.name, l.value]))]);
  entries.push(['last_push_successful', g.lastPushSuccessful]);
  return sortedKeys(entries);
}

/** `GET /api/v1/metrics`: every group (in creation order; 1.5.1's order is random). */
export function apiMetricsHandler(h: HandlerRequest): void {
  const groups = [...h.gw.store.snapshot().groups.values()].map(encodeGroup);
  respond(h, groups);
}

/** `GET /api/v1/status`: build information, flags and start time. */
export function apiStatusHandler(h: HandlerRequest): void {
  const b = h.gw.build;
  respond(
    h,
    new Map<string, unknown>([
      [
        'build_information',
        sortedKeys(
          Object.entries({
            branch: b.branch,
            buildDate: b.buildDate,
            buildUser: b.buildUser,
            goVersion: b.goVersion,
            revision: b.revision,
            version: b.version,
          }),
        ),
      ],
      ['flags', h.gw.flags],
      ['start_time', formatRfc3339Nano(h.gw.startTime)],
    ]),
  );
}

/** `OPTIONS /api/v1/*`: CORS headers, empty body. */
export function apiOptionsHandler(h: HandlerRequest): void {
  setCors(h);
  sendPlain(h.req, h.res, 200);
}

/** `PUT /api/v1/admin/wipe`: deletes every group; 202 once the deletions are applied and durable. */
export async function wipeHandler(h: HandlerRequest): Promise<void> {
  const groups = [...h.gw.store.snapshot().groups.values()];
  h.gw.logger.info('wiping all groups', { groups: groups.length });
  h.gw.failures?.clear();
  await Promise.all(
    groups.map((g) => h.gw.writer.submit({ grouping: [...g.labels], mode: 'delete', receivedAt: h.gw.now() })),
  );
  sendPlain(h.req, h.res, 202);
}
