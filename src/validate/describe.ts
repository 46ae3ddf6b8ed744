import { escapeLabelValue } from '../model/escape.js';
import type { Label, Metric } from '../model/types.js';
import { formatGoFloat } from '../model/values.js';

/**
 * Text helpers for lint messages: series and bounds written the way the
 * exposition writes them, and label-set keys for duplicate detection.
 */

/** `name{a="1",b="2"}` (labels in the order given, values escaped), or `name` without labels. */
export function seriesText(name: string, labels: readonly Label[]): string {
  if (labels.length === 0) return name;
  let s = name + '{';
  for (let i = 0; i < labels.length; i++) {
    if (i > 0) s += ',';
    s += `${labels[i].name}="${escapeLabelValue(labels[i].value)}"`;
  }
  return s + '}';
}

/** A bound or quantile as the text format writes it (`0.5`, `+Inf`, `NaN`). */
export function boundText(v: number): string {
  return formatGoFloat(v);
}

/**
 * A key identifying a label set regardless of label order: names and values
 * with their lengths, sorted by name then value. Equal keys ⇔ equal sets.
 * Does not mutate `labels`.
 */
export function setKey(labels: readonly Label[]): string {
  if (labels.length === 0) return '';
  if (labels.length === 1)
    return `${labels[0].name.length}:${labels[0].name}${labels[0].value.length}:${labels[0].value}`;
  const sorted = labels
    .slice()
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  let key = '';
  for (const l of sorted) key += `${l.name.length}:${l.name}${l.value.length}:${l.value}`;
  return key;
}

/** `line N`, for pointing at another series in a message; empty when the line is unknown. */
export function atLine(line: number | undefined): string {
  return line === undefined ? '' : ` (line ${line})`;
}

/** A series that becomes the same as an earlier, different series of its family once its labels are transformed. */
export interface SeriesCollision<M extends { labels: Label[] }> {
  metric: Metric;
  first: Metric;
  /** The metric as transformed. */
  transformed: M;
}

/**
 * The series of `metrics` that `transform` makes equal to an earlier series
 * they were not already equal to (exact duplicates are another rule's
 * business), in input order, each paired with the first series it now equals.
 */
export function* collisionsAfter<M extends { labels: Label[] }>(
  metrics: readonly Metric[],
  transform: (metric: Metric) => M,
): Generator<SeriesCollision<M>> {
  const seen = new Map<string, { metric: Metric; exact: string }>();
  for (const metric of metrics) {
    const exact = setKey(metric.labels);
    const transformed = transform(metric);
    const key = setKey(transformed.labels);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, { metric, exact });
      continue;
    }
    if (first.exact !== exact) yield { metric, first: first.metric, transformed };
  }
}
