import type { MetricFamily } from '../model/types.js';

/**
 * Name clashes that OpenMetrics cannot express. In OpenMetrics a family is
 * named without its type's sample suffixes (a counter `x_total` is family
 * `x`), and every family reserves its name with each of those suffixes, so
 * two families the model keeps apart can collide once written: a gauge
 * `clash` and a counter `clash_total` both give `# TYPE clash`, a gauge
 * `a_count` collides with a summary `a`. OpenMetrics readers refuse such an
 * exposition ("Clashing name").
 */

/** Sample-name suffixes each OpenMetrics type reserves besides the family name itself. */
const RESERVED: Readonly<Record<string, readonly string[]>> = {
  counter: ['_total', '_created'],
  summary: ['_count', '_sum', '_created'],
  histogram: ['_count', '_sum', '_bucket', '_created'],
  gaugehistogram: ['_gcount', '_gsum', '_bucket'],
  info: ['_info'],
};

/** The OpenMetrics family name and type a model family is written with (as the OpenMetrics serializer writes it). */
function openMetricsName(f: MetricFamily): [string, string] {
  switch (f.type) {
    case 'counter':
      return f.name.endsWith('_total') ? [f.name.slice(0, -6), 'counter'] : [f.name, 'unknown'];
    case 'info':
      return f.name.endsWith('_info') ? [f.name.slice(0, -5), 'info'] : [f.name, 'info'];
    case 'gauge_histogram':
    case 'gaugehistogram':
      return [f.name, 'gaugehistogram'];
    default:
      return [f.name, f.type];
  }
}

/**
 * The first name two of `families` would both claim when written as
 * OpenMetrics, or `undefined` when they can all be written. O(number of
 * families); independent of their order.
 */
export function openMetricsNameClash(families: readonly MetricFamily[]): string | undefined {
  const seen = new Set<string>();
  for (const f of families) {
    const [name, type] = openMetricsName(f);
    const claimed = [name, ...(RESERVED[type] ?? []).map((s) => name + s)];
    for (const n of claimed) if (seen.has(n)) return n;
    for (const n of claimed) seen.add(n);
  }
  return undefined;
}
