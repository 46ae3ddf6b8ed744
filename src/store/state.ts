import type {
  Bucket,
  Exemplar,
  HistogramValue,
  Label,
  Metric,
  MetricFamily,
  MetricType,
  Quantile,
} from '../model/types.js';
import { formatGoFloat, parseGoFloat } from '../model/values.js';

/**
 * The store's state as plain JSON-able data, for persistence. Numbers of the
 * model are written as Go float strings (`"1.5"`, `"NaN"`, `"+Inf"`, `"-0"`)
 * so that every value survives `JSON.stringify`/`JSON.parse` exactly.
 */

/** The `format` tag of a store state. */
export const STATE_FORMAT = 'promkit-store';
/** The state version this build writes and reads. */
export const STATE_VERSION = 1;

/** A label pair `[name, value]`. */
export type LabelState = [string, string];

/** An exemplar. */
export interface ExemplarState {
  labels: LabelState[];
  value: string;
  timestamp?: string;
}

/** Native-histogram fields (protobuf pushes only); floats as Go float strings, integers as numbers. */
export interface NativeState {
  schema?: number;
  zeroThreshold?: string;
  zeroCount?: string;
  /** The exact uint64 (decimal) when `zeroCount` cannot hold it; likewise every `*Exact` field below. */
  zeroCountExact?: string;
  zeroCountFloat?: string;
  negativeSpans: Array<[number, number]>;
  negativeDeltas: number[];
  negativeDeltasExact?: string[];
  negativeCounts: string[];
  positiveSpans: Array<[number, number]>;
  positiveDeltas: number[];
  positiveDeltasExact?: string[];
  positiveCounts: string[];
  exemplars?: ExemplarState[];
}

/** One stored metric. */
export interface MetricState {
  labels: LabelState[];
  value?: string;
  summary?: { count?: string; countExact?: string; sum?: string; quantiles: Array<[string, string]> };
  histogram?: {
    count?: string;
    countExact?: string;
    countFloat?: string;
    sum?: string;
    buckets: BucketState[];
    native?: NativeState;
  };
  exemplar?: ExemplarState;
  timestampMs?: number;
  timestampMsExact?: string;
  createdTimestamp?: string;
}

/** One histogram bucket. */
export interface BucketState {
  upperBound: string;
  count: string;
  countExact?: string;
  countFloat?: string;
  exemplar?: ExemplarState;
}

/** One stored family with the time it was written. */
export interface FamilyState {
  name: string;
  help?: string;
  /** The HELP bytes in base64, when they are not UTF-8. */
  helpBase64?: string;
  type: MetricType;
  unit?: string;
  /** Milliseconds since the epoch. */
  writtenAt: number;
  metrics: MetricState[];
}

/** One group: its grouping labels and families (`push_time_seconds` and `push_failure_time_seconds` included). */
export interface GroupState {
  labels: LabelState[];
  families: FamilyState[];
}

/** The whole store, as {@link MetricStore.exportState} returns it. */
export interface StoreState {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  groups: GroupState[];
}

/** Thrown when a state cannot be imported. The store is left unchanged. */
export class StoreStateError extends Error {
  override readonly name = 'StoreStateError';
}

const TYPES: ReadonlySet<string> = new Set([
  'counter',
  'gauge',
  'summary',
  'untyped',
  'histogram',
  'gauge_histogram',
  'gaugehistogram',
  'info',
  'stateset',
  'unknown',
]);

const f = formatGoFloat;
const labelsOut = (ls: readonly Label[]): LabelState[] => ls.map((l) => [l.name, l.value]);

function exemplarOut(e: Exemplar): ExemplarState {
  const s: ExemplarState = { labels: labelsOut(e.labels), value: f(e.value) };
  if (e.timestamp !== undefined) s.timestamp = f(e.timestamp);
  return s;
}

type Native = NonNullable<HistogramValue['native']>;

function nativeOut(n: Native): NativeState {
  const s: NativeState = {
    negativeSpans: n.negativeSpans.map((x) => [x.offset, x.length]),
    negativeDeltas: n.negativeDeltas.slice(),
    negativeCounts: n.negativeCounts.map(f),
    positiveSpans: n.positiveSpans.map((x) => [x.offset, x.length]),
    positiveDeltas: n.positiveDeltas.slice(),
    positiveCounts: n.positiveCounts.map(f),
  };
  if (n.schema !== undefined) s.schema = n.schema;
  if (n.zeroThreshold !== undefined) s.zeroThreshold = f(n.zeroThreshold);
  if (n.zeroCount !== undefined) s.zeroCount = f(n.zeroCount);
  if (n.zeroCountExact !== undefined) s.zeroCountExact = n.zeroCountExact.toString();
  if (n.negativeDeltasExact) s.negativeDeltasExact = n.negativeDeltasExact.map(String);
  if (n.positiveDeltasExact) s.positiveDeltasExact = n.positiveDeltasExact.map(String);
  if (n.zeroCountFloat !== undefined) s.zeroCountFloat = f(n.zeroCountFloat);
  if (n.exemplars) s.exemplars = n.exemplars.map(exemplarOut);
  return s;
}

/** Encodes one metric. */
export function metricToState(m: Metric): MetricState {
  const s: MetricState = { labels: labelsOut(m.labels) };
  if (m.value !== undefined) s.value = f(m.value);
  if (m.summary) {
    s.summary = { quantiles: m.summary.quantiles.map((q) => [f(q.quantile), f(q.value)]) };
    if (m.summary.count !== undefined) s.summary.count = f(m.summary.count);
    if (m.summary.countExact !== undefined) s.summary.countExact = m.summary.countExact.toString();
    if (m.summary.sum !== undefined) s.summary.sum = f(m.summary.sum);
  }
  if (m.histogram) {
    const h = m.histogram;
    s.histogram = {
      buckets: h.buckets.map((b) => {
        const bs: BucketState = { upperBound: f(b.upperBound), count: f(b.cumulativeCount) };
        if (b.cumulativeCountExact !== undefined) bs.countExact = b.cumulativeCountExact.toString();
        if (b.cumulativeCountFloat !== undefined) bs.countFloat = f(b.cumulativeCountFloat);
        if (b.exemplar) bs.exemplar = exemplarOut(b.exemplar);
        return bs;
      }),
    };
    if (h.count !== undefined) s.histogram.count = f(h.count);
    if (h.countExact !== undefined) s.histogram.countExact = h.countExact.toString();
    if (h.countFloat !== undefined) s.histogram.countFloat = f(h.countFloat);
    if (h.sum !== undefined) s.histogram.sum = f(h.sum);
    if (h.native) s.histogram.native = nativeOut(h.native);
  }
  if (m.exemplar) s.exemplar = exemplarOut(m.exemplar);
  if (m.timestampMs !== undefined) s.timestampMs = m.timestampMs;
  if (m.timestampMsExact !== undefined) s.timestampMsExact = m.timestampMsExact.toString();
  if (m.createdTimestamp !== undefined) s.createdTimestamp = f(m.createdTimestamp);
  return s;
}

/** Encodes one family. */
export function familyToState(family: MetricFamily, writtenAt: number): FamilyState {
  const s: FamilyState = {
    name: family.name,
    type: family.type,
    writtenAt,
    metrics: family.metrics.map(metricToState),
  };
  if (family.help !== undefined) s.help = family.help;
  if (family.helpBytes !== undefined) s.helpBase64 = Buffer.from(family.helpBytes).toString('base64');
  if (family.unit !== undefined) s.unit = family.unit;
  return s;
}

// ---------------------------------------------------------------------------
// Decoding, with a path in every error.

function bad(path: string, what: string, got: unknown): never {
  let shown: string;
  try {
    shown = JSON.stringify(got) ?? String(got);
  } catch {
    shown = String(got);
  }
  if (shown.length > 60) shown = shown.slice(0, 57) + '...';
  throw new StoreStateError(`invalid store state at ${path}: expected ${what}, got ${shown}`);
}

function obj(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(path, 'an object', v);
  return v as Record<string, unknown>;
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) bad(path, 'an array', v);
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string') bad(path, 'a string', v);
  return v;
}

function float(v: unknown, path: string): number {
  const n = typeof v === 'string' ? parseGoFloat(v) : undefined;
  if (n === undefined) bad(path, 'a float string', v);
  return n;
}

function finite(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(path, 'a finite number', v);
  return v;
}

function labelsIn(v: unknown, path: string): Label[] {
  return arr(v, path).map((p, i) => {
    const pair = arr(p, `${path}[${i}]`);
    if (pair.length !== 2) bad(`${path}[${i}]`, 'a [name, value] pair', p);
    return { name: str(pair[0], `${path}[${i}][0]`), value: str(pair[1], `${path}[${i}][1]`) };
  });
}

function exemplarIn(v: unknown, path: string): Exemplar {
  const o = obj(v, path);
  const e: Exemplar = { labels: labelsIn(o.labels, `${path}.labels`), value: float(o.value, `${path}.value`) };
  if (o.timestamp !== undefined) e.timestamp = float(o.timestamp, `${path}.timestamp`);
  return e;
}

/** An exact int64/uint64 written as a decimal string. */
function exact(v: unknown, path: string): bigint {
  if (typeof v !== 'string' || !/^-?[0-9]{1,20}$/.test(v)) bad(path, 'a decimal integer string', v);
  return BigInt(v);
}

function exactList(v: unknown, path: string): bigint[] {
  return arr(v, path).map((d, i) => exact(d, `${path}[${i}]`));
}

function int(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) bad(path, 'an integer', v);
  return v;
}

function spansIn(v: unknown, path: string): Array<{ offset: number; length: number }> {
  return arr(v, path).map((p, i) => {
    const pair = arr(p, `${path}[${i}]`);
    return { offset: int(pair[0], `${path}[${i}][0]`), length: int(pair[1], `${path}[${i}][1]`) };
  });
}

function nativeIn(v: unknown, path: string): Native {
  const o = obj(v, path);
  const n: Native = {
    negativeSpans: spansIn(o.negativeSpans, `${path}.negativeSpans`),
    negativeDeltas: arr(o.negativeDeltas, `${path}.negativeDeltas`).map((d, i) =>
      int(d, `${path}.negativeDeltas[${i}]`),
    ),
    negativeCounts: arr(o.negativeCounts, `${path}.negativeCounts`).map((c, i) =>
      float(c, `${path}.negativeCounts[${i}]`),
    ),
    positiveSpans: spansIn(o.positiveSpans, `${path}.positiveSpans`),
    positiveDeltas: arr(o.positiveDeltas, `${path}.positiveDeltas`).map((d, i) =>
      int(d, `${path}.positiveDeltas[${i}]`),
    ),
    positiveCounts: arr(o.positiveCounts, `${path}.positiveCounts`).map((c, i) =>
      float(c, `${path}.positiveCounts[${i}]`),
    ),
  };
  if (o.schema !== undefined) n.schema = int(o.schema, `${path}.schema`);
  if (o.zeroThreshold !== undefined) n.zeroThreshold = float(o.zeroThreshold, `${path}.zeroThreshold`);
  if (o.zeroCount !== undefined) n.zeroCount = float(o.zeroCount, `${path}.zeroCount`);
  if (o.zeroCountExact !== undefined) n.zeroCountExact = exact(o.zeroCountExact, `${path}.zeroCountExact`);
  if (o.negativeDeltasExact !== undefined)
    n.negativeDeltasExact = exactList(o.negativeDeltasExact, `${path}.negativeDeltasExact`);
  if (o.positiveDeltasExact !== undefined)
    n.positiveDeltasExact = exactList(o.positiveDeltasExact, `${path}.positiveDeltasExact`);
  if (o.zeroCountFloat !== undefined) n.zeroCountFloat = float(o.zeroCountFloat, `${path}.zeroCountFloat`);
  if (o.exemplars !== undefined)
    n.exemplars = arr(o.exemplars, `${path}.exemplars`).map((e, i) => exemplarIn(e, `${path}.exemplars[${i}]`));
  return n;
}

/** Decodes one metric; throws a {@link StoreStateError} naming the first bad field. */
export function metricFromState(v: unknown, path: string): Metric {
  const o = obj(v, path);
  const m: Metric = { labels: labelsIn(o.labels, `${path}.labels`) };
  if (o.value !== undefined) m.value = float(o.value, `${path}.value`);
  if (o.summary !== undefined) {
    const s = obj(o.summary, `${path}.summary`);
    const quantiles: Quantile[] = arr(s.quantiles, `${path}.summary.quantiles`).map((q, i) => {
      const p = arr(q, `${path}.summary.quantiles[${i}]`);
      return {
        quantile: float(p[0], `${path}.summary.quantiles[${i}][0]`),
        value: float(p[1], `${path}.summary.quantiles[${i}][1]`),
      };
    });
    m.summary = { quantiles };
    if (s.count !== undefined) m.summary.count = float(s.count, `${path}.summary.count`);
    if (s.countExact !== undefined) m.summary.countExact = exact(s.countExact, `${path}.summary.countExact`);
    if (s.sum !== undefined) m.summary.sum = float(s.sum, `${path}.summary.sum`);
  }
  if (o.histogram !== undefined) {
    const h = obj(o.histogram, `${path}.histogram`);
    const buckets: Bucket[] = arr(h.buckets, `${path}.histogram.buckets`).map((b, i) => {
      const bo = obj(b, `${path}.histogram.buckets[${i}]`);
      const bucket: Bucket = {
        upperBound: float(bo.upperBound, `${path}.histogram.buckets[${i}].upperBound`),
        cumulativeCount: float(bo.count, `${path}.histogram.buckets[${i}].count`),
      };
      if (bo.countExact !== undefined)
        bucket.cumulativeCountExact = exact(bo.countExact, `${path}.histogram.buckets[${i}].countExact`);
      if (bo.countFloat !== undefined)
        bucket.cumulativeCountFloat = float(bo.countFloat, `${path}.histogram.buckets[${i}].countFloat`);
      if (bo.exemplar !== undefined)
        bucket.exemplar = exemplarIn(bo.exemplar, `${path}.histogram.buckets[${i}].exemplar`);
      return bucket;
    });
    m.histogram = { buckets };
    if (h.count !== undefined) m.histogram.count = float(h.count, `${path}.histogram.count`);
    if (h.countExact !== undefined) m.histogram.countExact = exact(h.countExact, `${path}.histogram.countExact`);
    if (h.countFloat !== undefined) m.histogram.countFloat = float(h.countFloat, `${path}.histogram.countFloat`);
    if (h.sum !== undefined) m.histogram.sum = float(h.sum, `${path}.histogram.sum`);
    if (h.native !== undefined) m.histogram.native = nativeIn(h.native, `${path}.histogram.native`);
  }
  if (o.exemplar !== undefined) m.exemplar = exemplarIn(o.exemplar, `${path}.exemplar`);
  if (o.timestampMs !== undefined) m.timestampMs = finite(o.timestampMs, `${path}.timestampMs`);
  if (o.timestampMsExact !== undefined) m.timestampMsExact = exact(o.timestampMsExact, `${path}.timestampMsExact`);
  if (o.createdTimestamp !== undefined) m.createdTimestamp = float(o.createdTimestamp, `${path}.createdTimestamp`);
  return m;
}

/** Decodes one family; throws a {@link StoreStateError} naming the first bad field. */
export function familyFromState(v: unknown, path: string): { family: MetricFamily; writtenAt: number } {
  const o = obj(v, path);
  const type = str(o.type, `${path}.type`);
  if (!TYPES.has(type)) bad(`${path}.type`, 'a metric type', type);
  const family: MetricFamily = {
    name: str(o.name, `${path}.name`),
    type: type as MetricType,
    metrics: arr(o.metrics, `${path}.metrics`).map((m, i) => metricFromState(m, `${path}.metrics[${i}]`)),
  };
  if (o.help !== undefined) family.help = str(o.help, `${path}.help`);
  if (o.helpBase64 !== undefined) family.helpBytes = Buffer.from(str(o.helpBase64, `${path}.helpBase64`), 'base64');
  if (o.unit !== undefined) family.unit = str(o.unit, `${path}.unit`);
  return { family, writtenAt: finite(o.writtenAt, `${path}.writtenAt`) };
}

/**
 * Checks the envelope of a state: an object with `format: "promkit-store"`
 * and a `version` this build reads. Throws a {@link StoreStateError} with a
 * clear message otherwise; returns the group list to decode.
 */
export function stateGroups(state: unknown): unknown[] {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) {
    throw new StoreStateError('invalid store state: expected an object');
  }
  const o = state as Record<string, unknown>;
  if (o.format !== STATE_FORMAT) {
    throw new StoreStateError(`invalid store state: format is ${JSON.stringify(o.format)}, expected "${STATE_FORMAT}"`);
  }
  if (o.version !== STATE_VERSION) {
    throw new StoreStateError(
      `unsupported store state version ${JSON.stringify(o.version)}: this build reads version ${STATE_VERSION} only`,
    );
  }
  return arr(o.groups, 'groups');
}
