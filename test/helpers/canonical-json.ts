/**
 * The oracle's canonical JSON (`expfmt-oracle -out json`, also its `-in json`
 * input) as model objects, both ways, keeping the order of families and
 * labels as given, so generated models can be handed to the reference
 * serializers and the oracle's models to ours.
 */
import type {
  Exemplar,
  HistogramValue,
  Label,
  Metric,
  MetricFamily,
  MetricType,
  SummaryValue,
} from '../../src/model/types.js';
import { formatGoFloat, parseGoFloat, parseGoInt64 } from '../../src/model/values.js';
import { joinSeconds, splitSeconds } from '../../src/serialize/seconds.js';

type J = Record<string, unknown>;

function float(s: unknown): number {
  const v = parseGoFloat(String(s));
  if (v === undefined) throw new Error(`canonical JSON: bad float ${JSON.stringify(s)}`);
  return v;
}

function optFloat(s: unknown): number | undefined {
  return s === null || s === undefined ? undefined : float(s);
}

function optInt(s: unknown): number | undefined {
  if (s === null || s === undefined) return undefined;
  const v = parseGoInt64(String(s)) ?? parseGoFloat(String(s));
  if (v === undefined) throw new Error(`canonical JSON: bad integer ${JSON.stringify(s)}`);
  return v;
}

function labelsIn(ls: unknown): Label[] {
  return ((ls ?? []) as [string, string][]).map(([name, value]) => ({ name, value }));
}

function exemplarIn(e: J): Exemplar {
  const ex: Exemplar = { labels: labelsIn(e.labels), value: optFloat(e.value) ?? 0 };
  const ts = e.timestamp as { seconds: string; nanos: number } | null;
  if (ts) ex.timestamp = joinSeconds(BigInt(ts.seconds), ts.nanos);
  return ex;
}

/** Reads canonical JSON (text or parsed object) into families, in document order. Throws on malformed numbers. */
export function readCanonicalJson(doc: string | { families: unknown[] }): MetricFamily[] {
  const parsed = (typeof doc === 'string' ? JSON.parse(doc) : doc) as { families: J[] };
  return parsed.families.map((f) => {
    const type = (f.type ?? 'counter') as MetricType;
    const family: MetricFamily = { name: f.name as string, type, metrics: [] };
    if (f.help !== null && f.help !== undefined) family.help = f.help as string;
    for (const m of f.metrics as J[]) {
      const metric: Metric = { labels: labelsIn(m.labels) };
      const ts = optInt(m.timestamp_ms);
      if (ts !== undefined) metric.timestampMs = ts;
      const value = optFloat(m.value);
      if (value !== undefined) metric.value = value;
      if (m.summary) {
        const s = m.summary as J;
        const sv: SummaryValue = {
          quantiles: (s.quantiles as J[]).map((q) => ({ quantile: float(q.quantile), value: float(q.value) })),
        };
        const count = optInt(s.sample_count);
        const sum = optFloat(s.sample_sum);
        if (count !== undefined) sv.count = count;
        if (sum !== undefined) sv.sum = sum;
        metric.summary = sv;
      }
      if (m.histogram) {
        const h = m.histogram as J;
        const hv: HistogramValue = {
          buckets: (h.buckets as J[]).map((b) => {
            const bucket = {
              upperBound: float(b.upper_bound),
              cumulativeCount: optInt(b.cumulative_count) ?? 0,
            } as HistogramValue['buckets'][number];
            if (b.cumulative_count_float != null) bucket.cumulativeCountFloat = float(b.cumulative_count_float);
            if (b.exemplar) bucket.exemplar = exemplarIn(b.exemplar as J);
            return bucket;
          }),
        };
        const count = optInt(h.sample_count);
        const sum = optFloat(h.sample_sum);
        if (count !== undefined) hv.count = count;
        if (sum !== undefined) hv.sum = sum;
        if (h.sample_count_float != null) hv.countFloat = float(h.sample_count_float);
        metric.histogram = hv;
      }
      if (m.exemplar) metric.exemplar = exemplarIn(m.exemplar as J);
      family.metrics.push(metric);
    }
    return family;
  });
}

function optF(v: number | undefined): string | null {
  return v === undefined ? null : formatGoFloat(v);
}

function optI(v: number | undefined): string | null {
  return v === undefined ? null : BigInt(Math.trunc(v)).toString();
}

function exemplarOut(e: Exemplar): J {
  let timestamp: J | null = null;
  if (e.timestamp !== undefined) {
    const t = splitSeconds(e.timestamp);
    timestamp = { seconds: String(t.seconds), nanos: t.nanos };
  }
  return { labels: e.labels.map((l) => [l.name, l.value]), value: optF(e.value), timestamp };
}

/**
 * Writes families as the oracle's `-in json` input, in the order given and
 * with labels in stored order (the oracle's serializers keep both). Value
 * fields follow the family type, as the oracle's reader expects.
 */
export function toCanonicalJson(families: readonly MetricFamily[]): string {
  return JSON.stringify({
    families: families.map((f) => ({
      name: f.name,
      help: f.help ?? null,
      type: f.type === 'gaugehistogram' ? 'gauge_histogram' : f.type,
      metrics: f.metrics.map((m) => {
        const o: J = { labels: m.labels.map((l) => [l.name, l.value]), timestamp_ms: optI(m.timestampMs) };
        if (m.value !== undefined) o.value = optF(m.value);
        if (m.summary) {
          o.summary = {
            sample_count: optI(m.summary.count),
            sample_sum: optF(m.summary.sum),
            quantiles: m.summary.quantiles.map((q) => ({ quantile: optF(q.quantile), value: optF(q.value) })),
          };
        }
        if (m.histogram) {
          o.histogram = {
            sample_count: optI(m.histogram.count),
            sample_sum: optF(m.histogram.sum),
            buckets: m.histogram.buckets.map((b) => {
              const bo: J = { upper_bound: optF(b.upperBound), cumulative_count: optI(b.cumulativeCount) };
              if (b.exemplar) bo.exemplar = exemplarOut(b.exemplar);
              return bo;
            }),
          };
        }
        if (m.exemplar) o.exemplar = exemplarOut(m.exemplar);
        return o;
      }),
    })),
  });
}
