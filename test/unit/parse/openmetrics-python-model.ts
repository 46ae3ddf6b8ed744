import { secondsTextToMs } from '../../../grammar/openmetrics/numbers.js';
import type { Exemplar, Label, Metric, MetricFamily } from '../../../src/model/types.js';
import { formatGoFloat, parseGoFloat } from '../../../src/model/values.js';

/**
 * Compares promkit's OpenMetrics model with what the Python client's
 * OpenMetrics parser (scripts/gen-om-fixtures.peer.py) returns for the same input.
 *
 * Both sides are brought to one form: Python's (an OpenMetrics family name,
 * type, help and unit, and its samples), with numbers as Go `%g` strings,
 * -0 as 0, timestamps as whole milliseconds, label pairs sorted, `le` and `quantile`
 * label values as numbers, and samples sorted (the model keeps a point's
 * samples by role, not by line). Python also returns families without samples;
 * the model does not, so those are left out.
 */

/** One line of scripts/gen-om-fixtures.peer.py output. */
export type PythonResult =
  { file: string; ok: true; families: PythonFamily[] } | { file: string; ok: false; error: string };

/** A family as the peer prints it. */
export interface PythonFamily {
  name: string;
  type: string;
  help: string;
  unit: string;
  samples: PythonSample[];
}

interface PythonSample {
  name: string;
  labels: [string, string][];
  value: string;
  timestamp: string | null;
  exemplar: { labels: [string, string][]; value: string; timestamp: string | null } | null;
}

/** A sample in the compared form. */
export interface ComparedSample {
  name: string;
  labels: [string, string][];
  value: string;
  timestampMs: string | null;
  exemplar: { labels: [string, string][]; value: string; timestampMs: string | null } | null;
}

/** A family in the compared form. */
export interface ComparedFamily {
  name: string;
  type: string;
  help: string;
  unit: string;
  samples: ComparedSample[];
}

function num(text: string): string {
  const v = parseGoFloat(text);
  if (v === undefined) throw new Error(`not a number from the peer: ${text}`);
  return value(v);
}

/** A value as compared: Go `%g`, with -0 as 0 (Python reads integers as int, which has no -0). */
function value(v: number): string {
  return formatGoFloat(v === 0 ? 0 : v);
}

function msOfText(text: string | null): string | null {
  if (text === null) return null;
  const ms = secondsTextToMs(text, 0, text.length);
  if (ms === undefined) throw new Error(`not a timestamp from the peer: ${text}`);
  return formatGoFloat(ms);
}

function sortedPairs(pairs: [string, string][]): [string, string][] {
  return pairs.slice().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

function bySampleKey(a: ComparedSample, b: ComparedSample): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The peer's families in the compared form (families without samples dropped). */
export function comparedFromPython(families: PythonFamily[]): ComparedFamily[] {
  return families
    .filter((f) => f.samples.length > 0)
    .map((f) => {
      const histogram = f.type === 'histogram' || f.type === 'gaugehistogram';
      const samples = f.samples.map((s) => {
        const special =
          histogram && s.name === f.name + '_bucket'
            ? 'le'
            : f.type === 'summary' && s.name === f.name
              ? 'quantile'
              : undefined;
        const labels = s.labels.map(([k, v]): [string, string] => [k, k === special ? num(v) : v]);
        return {
          name: s.name,
          labels: sortedPairs(labels),
          value: num(s.value),
          timestampMs: msOfText(s.timestamp),
          exemplar:
            s.exemplar === null
              ? null
              : {
                  labels: sortedPairs(s.exemplar.labels),
                  value: num(s.exemplar.value),
                  timestampMs: msOfText(s.exemplar.timestamp),
                },
        };
      });
      return { name: f.name, type: f.type, help: f.help, unit: f.unit, samples: samples.sort(bySampleKey) };
    });
}

function pairs(labels: readonly Label[], extra?: [string, string]): [string, string][] {
  const out = labels.map((l): [string, string] => [l.name, l.value]);
  if (extra) out.push(extra);
  return sortedPairs(out);
}

function exemplarOf(e: Exemplar | undefined): ComparedSample['exemplar'] {
  if (e === undefined) return null;
  return {
    labels: pairs(e.labels),
    value: value(e.value),
    timestampMs: e.timestamp === undefined ? null : msOfText(formatGoFloat(e.timestamp)),
  };
}

function omName(f: MetricFamily): string {
  if (f.type === 'counter' && f.name.endsWith('_total')) return f.name.slice(0, -'_total'.length);
  if (f.type === 'info' && f.name.endsWith('_info')) return f.name.slice(0, -'_info'.length);
  return f.name;
}

function samplesOf(f: MetricFamily, name: string, m: Metric): ComparedSample[] {
  const ts = m.timestampMs === undefined ? null : formatGoFloat(m.timestampMs);
  const out: ComparedSample[] = [];
  const add = (
    sampleName: string,
    labels: [string, string][],
    v: number,
    exemplar: Exemplar | undefined = undefined,
  ): void => {
    out.push({ name: sampleName, labels, value: value(v), timestampMs: ts, exemplar: exemplarOf(exemplar) });
  };
  const created = (): void => {
    if (m.createdTimestamp !== undefined) add(`${name}_created`, pairs(m.labels), m.createdTimestamp);
  };
  switch (f.type) {
    case 'counter':
      if (m.value !== undefined) add(`${name}_total`, pairs(m.labels), m.value, m.exemplar);
      created();
      break;
    case 'summary': {
      const s = m.summary!;
      for (const q of s.quantiles) add(name, pairs(m.labels, ['quantile', value(q.quantile)]), q.value);
      if (s.sum !== undefined) add(`${name}_sum`, pairs(m.labels), s.sum);
      if (s.count !== undefined) add(`${name}_count`, pairs(m.labels), s.count);
      created();
      break;
    }
    case 'histogram':
    case 'gaugehistogram': {
      const h = m.histogram!;
      const g = f.type === 'gaugehistogram' ? 'g' : '';
      for (const b of h.buckets)
        add(`${name}_bucket`, pairs(m.labels, ['le', value(b.upperBound)]), b.cumulativeCount, b.exemplar);
      if (h.count !== undefined) add(`${name}_${g}count`, pairs(m.labels), h.count);
      if (h.sum !== undefined) add(`${name}_${g}sum`, pairs(m.labels), h.sum);
      created();
      break;
    }
    default:
      add(f.name, pairs(m.labels), m.value!, m.exemplar);
  }
  return out;
}

/** Our families in the compared form. */
export function comparedFromModel(families: readonly MetricFamily[]): ComparedFamily[] {
  return families.map((f) => {
    const name = omName(f);
    return {
      name,
      type: f.type,
      help: f.help ?? '',
      unit: f.unit ?? '',
      samples: f.metrics.flatMap((m) => samplesOf(f, name, m)).sort(bySampleKey),
    };
  });
}

/** The families with every sample and exemplar timestamp removed (for inputs whose timestamps the peer misreads). */
function withoutTimestamps(families: ComparedFamily[]): ComparedFamily[] {
  return families.map((f) => ({
    ...f,
    samples: f.samples
      .map((s) => ({
        ...s,
        timestampMs: null,
        exemplar: s.exemplar === null ? null : { ...s.exemplar, timestampMs: null },
      }))
      .sort(bySampleKey),
  }));
}

/**
 * Where the two differ: `undefined` when they agree. They agree when the
 * families match in order, name, type, help and unit, every Python sample is
 * one of ours, and every sample of ours that Python does not have repeats a
 * series Python has: Python drops a sample whose series already appeared at
 * the same timestamp in its metric (timestamps cut to nanoseconds), where the
 * model keeps every MetricPoint. `timestamps: false` leaves timestamps out.
 */
export function compareWithPython(
  ours: readonly MetricFamily[],
  python: PythonFamily[],
  options: { timestamps?: boolean } = {},
): string | undefined {
  let a = comparedFromModel(ours);
  let b = comparedFromPython(python);
  if (options.timestamps === false) {
    a = withoutTimestamps(a);
    b = withoutTimestamps(b);
  }
  const head = (fs: ComparedFamily[]) => fs.map(({ samples: _s, ...rest }) => rest);
  if (JSON.stringify(head(a)) !== JSON.stringify(head(b)))
    return `families differ:\n ours   ${JSON.stringify(head(a))}\n python ${JSON.stringify(head(b))}`;
  for (let i = 0; i < a.length; i++) {
    const left = a[i].samples.map((s) => JSON.stringify(s));
    const right = b[i].samples.map((s) => JSON.stringify(s));
    const unmatched = new Map<string, number>();
    for (const s of left) unmatched.set(s, (unmatched.get(s) ?? 0) + 1);
    for (const s of right) {
      const n = unmatched.get(s) ?? 0;
      if (n === 0) return `family ${a[i].name}: python sample not in ours: ${s}\n ours: ${left.join('\n       ')}`;
      unmatched.set(s, n - 1);
    }
    const series = new Set(b[i].samples.map((s) => JSON.stringify([s.name, s.labels])));
    for (const [s, n] of unmatched) {
      if (n === 0) continue;
      const sample = JSON.parse(s) as ComparedSample;
      if (!series.has(JSON.stringify([sample.name, sample.labels])))
        return `family ${a[i].name}: our sample not in python: ${s}`;
    }
  }
  return undefined;
}
