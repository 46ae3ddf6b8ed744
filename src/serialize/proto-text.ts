import type { Exemplar, Label, Metric, MetricFamily } from '../model/types.js';
import { formatGoFloat } from '../model/values.js';
import { goQuote } from '../model/go-quote.js';
import { protoTypeName } from './types-map.js';
import { splitSeconds } from './seconds.js';

/**
 * A compact protobuf text dump of model objects, in the style of the
 * golang/protobuf text marshaller (`name:"a" counter:<value:1 > `). Used only
 * inside error messages, where the reference embeds `%s` of the message.
 */

function labels(ls: readonly Label[]): string {
  let s = '';
  for (const l of ls) s += `label:<name:${goQuote(l.name)} value:${goQuote(l.value)} > `;
  return s;
}

function exemplar(e: Exemplar | undefined, field: string): string {
  if (!e) return '';
  let s = `${field}:<${labels(e.labels)}value:${formatGoFloat(e.value)} `;
  if (e.timestamp !== undefined) {
    const t = splitSeconds(e.timestamp);
    s += `timestamp:<seconds:${t.seconds} nanos:${t.nanos} > `;
  }
  return s + '> ';
}

/** Renders one metric as the reference's `%s` of a `dto.Metric` would, approximately. */
export function metricProtoText(m: Metric, type: MetricFamily['type']): string {
  let s = labels(m.labels);
  if (m.value !== undefined || m.exemplar) {
    const field = type === 'counter' ? 'counter' : type === 'gauge' ? 'gauge' : 'untyped';
    s += `${field}:<`;
    if (m.value !== undefined) s += `value:${formatGoFloat(m.value)} `;
    s += exemplar(m.exemplar, 'exemplar') + '> ';
  }
  if (m.summary) {
    s += 'summary:<';
    if (m.summary.count !== undefined) s += `sample_count:${m.summary.count} `;
    if (m.summary.sum !== undefined) s += `sample_sum:${formatGoFloat(m.summary.sum)} `;
    for (const q of m.summary.quantiles)
      s += `quantile:<quantile:${formatGoFloat(q.quantile)} value:${formatGoFloat(q.value)} > `;
    s += '> ';
  }
  if (m.histogram) {
    s += 'histogram:<';
    if (m.histogram.count !== undefined) s += `sample_count:${m.histogram.count} `;
    if (m.histogram.sum !== undefined) s += `sample_sum:${formatGoFloat(m.histogram.sum)} `;
    for (const b of m.histogram.buckets) {
      s += `bucket:<cumulative_count:${b.cumulativeCount} upper_bound:${formatGoFloat(b.upperBound)} ${exemplar(b.exemplar, 'exemplar')}> `;
    }
    s += '> ';
  }
  if (m.timestampMs !== undefined) s += `timestamp_ms:${m.timestampMs} `;
  return s;
}

/** Renders a family (without its metrics' details beyond the first few) like the reference's `%s` of a `dto.MetricFamily`. */
export function familyProtoText(f: MetricFamily): string {
  let s = `name:${goQuote(f.name)} `;
  if (f.help !== undefined) s += `help:${goQuote(f.help)} `;
  s += `type:${protoTypeName(f.type)} `;
  for (const m of f.metrics) s += `metric:<${metricProtoText(m, f.type)}> `;
  return s;
}
