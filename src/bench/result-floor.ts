import type { Bucket, HistogramValue, Label, Metric, MetricFamily, Quantile, SummaryValue } from '../model/types.js';

/**
 * The floor of a parse: a parse result built again with no parsing at all, as cheaply as a parser
 * could build it. Every call makes the same families, metrics, label arrays and shared label
 * objects, and one fresh string for each distinct name, value and help text, cut from one buffer
 * that holds them all (as a parser cuts its strings from the input). Numbers are read from the
 * template. What is left is what the result model itself costs on this machine: allocation, the
 * collector copying the result out of the young generation, and the first touch of the pages it
 * lands on: what a parse that makes its strings from its input pays on top of reading it. (A parser
 * may keep strings from one call for the next, as promkit's keeps the family names of the last
 * document, so on a small input a parse can come close to it.)
 */

/** How a metric is built: the three common shapes as one literal each, anything else copied field by field. */
const enum Shape {
  Value,
  Summary,
  Histogram,
  Other,
}

interface MetricPlan {
  shape: Shape;
  /** Indices into the call's label objects, in the metric's order. */
  labels: Int32Array;
  metric: Metric;
}

interface FamilyPlan {
  family: MetricFamily;
  name: number;
  /** The help text's string index, -1 when the family has none. */
  help: number;
  metrics: MetricPlan[];
}

/** The strings of a result in one buffer: string `i` is `bytes[starts[i], starts[i + 1])`, latin1 when `latin1[i]`. */
interface StringTable {
  bytes: Buffer;
  starts: Int32Array;
  latin1: Uint8Array;
}

/** Whether `o` has exactly the own keys `keys`. */
function hasKeys(o: object, keys: readonly string[]): boolean {
  const own = Object.keys(o);
  return own.length === keys.length && own.every((k) => keys.includes(k));
}

function shapeOf(m: Metric): Shape {
  if (hasKeys(m, ['labels', 'value'])) return Shape.Value;
  const s = m.summary;
  if (s !== undefined && hasKeys(m, ['labels', 'summary']) && hasKeys(s, ['quantiles', 'count', 'sum'])) {
    return s.quantiles.every((q) => hasKeys(q, ['quantile', 'value'])) ? Shape.Summary : Shape.Other;
  }
  const h = m.histogram;
  if (h !== undefined && hasKeys(m, ['labels', 'histogram']) && hasKeys(h, ['buckets', 'count', 'sum'])) {
    return h.buckets.every((b) => hasKeys(b, ['upperBound', 'cumulativeCount'])) ? Shape.Histogram : Shape.Other;
  }
  return Shape.Other;
}

/** A copy of plain data: new arrays and objects, the same primitives (and the same byte arrays). */
function copyPlain<T>(v: T): T {
  if (Array.isArray(v)) return v.map(copyPlain) as T;
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = copyPlain(x);
  return out as T;
}

function stringTable(strings: readonly string[]): StringTable {
  const parts = strings.map((s) => Buffer.from(s, 'utf8'));
  const starts = new Int32Array(strings.length + 1);
  for (let i = 0; i < parts.length; i++) starts[i + 1] = starts[i] + parts[i].length;
  const latin1 = Uint8Array.from(strings, (s, i) => (parts[i].length === s.length ? 1 : 0));
  return { bytes: Buffer.concat(parts), starts, latin1 };
}

/**
 * A function that builds `families` again on each call (see the module comment): a result equal
 * to `families`, with the same label objects shared between the same metrics, made of new objects
 * and new strings. `families` is the template; it must stay unchanged while the builder is used.
 */
export function resultBuilder(families: readonly MetricFamily[]): () => MetricFamily[] {
  const stringIds = new Map<string, number>();
  const strings: string[] = [];
  const stringId = (s: string): number => {
    let id = stringIds.get(s);
    if (id === undefined) stringIds.set(s, (id = strings.push(s) - 1));
    return id;
  };
  const labelIds = new Map<Label, number>();
  const labelPairs: number[] = [];
  const labelId = (l: Label): number => {
    let id = labelIds.get(l);
    if (id === undefined) {
      labelIds.set(l, (id = labelPairs.length >> 1));
      labelPairs.push(stringId(l.name), stringId(l.value));
    }
    return id;
  };
  const plans: FamilyPlan[] = families.map((family) => ({
    family,
    name: stringId(family.name),
    help: family.help === undefined ? -1 : stringId(family.help),
    metrics: family.metrics.map((metric) => ({
      shape: shapeOf(metric),
      labels: Int32Array.from(metric.labels, labelId),
      metric,
    })),
  }));
  const table = stringTable(strings);
  const pairs = Int32Array.from(labelPairs);
  const labelCount = pairs.length >> 1;

  // Kept from call to call and emptied after each: arrays this long would be new large objects,
  // on fresh pages, every call, where a parser needs no such table.
  const s = new Array<string>(strings.length).fill('');
  const labels = new Array<Label | undefined>(labelCount).fill(undefined);
  return () => {
    const { bytes, starts, latin1 } = table;
    for (let i = 0; i < s.length; i++)
      s[i] = bytes.toString(latin1[i] === 1 ? 'latin1' : 'utf8', starts[i], starts[i + 1]);
    for (let i = 0; i < labelCount; i++) labels[i] = { name: s[pairs[2 * i]], value: s[pairs[2 * i + 1]] };
    const out = new Array<MetricFamily>(plans.length);
    for (let k = 0; k < plans.length; k++) {
      const p = plans[k];
      const metrics = new Array<Metric>(p.metrics.length);
      for (let j = 0; j < metrics.length; j++) metrics[j] = buildMetric(p.metrics[j], labels as Label[]);
      const family: MetricFamily = { ...p.family, name: s[p.name], metrics };
      if (p.help >= 0) family.help = s[p.help];
      out[k] = family;
    }
    s.fill('');
    labels.fill(undefined);
    return out;
  };
}

function buildMetric(plan: MetricPlan, shared: readonly Label[]): Metric {
  const ids = plan.labels;
  const labels = new Array<Label>(ids.length);
  for (let i = 0; i < ids.length; i++) labels[i] = shared[ids[i]];
  const m = plan.metric;
  switch (plan.shape) {
    case Shape.Value:
      return { labels, value: m.value };
    case Shape.Summary: {
      const { quantiles, count, sum } = m.summary as SummaryValue;
      const qs = new Array<Quantile>(quantiles.length);
      for (let i = 0; i < qs.length; i++) qs[i] = { quantile: quantiles[i].quantile, value: quantiles[i].value };
      return { labels, summary: { quantiles: qs, count, sum } };
    }
    case Shape.Histogram: {
      const { buckets, count, sum } = m.histogram as HistogramValue;
      const bs = new Array<Bucket>(buckets.length);
      for (let i = 0; i < bs.length; i++) {
        bs[i] = { upperBound: buckets[i].upperBound, cumulativeCount: buckets[i].cumulativeCount };
      }
      return { labels, histogram: { buckets: bs, count, sum } };
    }
    default:
      // The template's labels are not copied: the metric takes the call's shared ones.
      return { ...copyPlain({ ...m, labels: [] }), labels };
  }
}
