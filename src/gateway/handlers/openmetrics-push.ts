import type { MetricFamily } from '../../model/types.js';
import { formatFromContentType } from '../../parse/index.js';
import { isProtobufBody } from '../../parse/media-type.js';

/**
 * OpenMetrics in the gateway: which pushes are OpenMetrics text, and how
 * their families enter a store that holds what client_model can hold.
 */

/**
 * Whether a push body is OpenMetrics text: media type
 * `application/openmetrics-text` with no version or version `1.0.0` or
 * `0.0.1` (case-insensitive names; a protobuf content type wins). Any other
 * body that is not protobuf is text 0.0.4, as for the Pushgateway. Pure.
 */
export function isOpenMetricsBody(contentType: string | undefined): boolean {
  if (isProtobufBody(contentType)) return false;
  return formatFromContentType(contentType)?.format === 'openmetrics';
}

/**
 * The families of an OpenMetrics push as the store takes them: `info` and
 * `stateset` families (no client_model type) become gauges, as Prometheus
 * ingests them, keeping their names (`x_info`, `x`) and samples; every
 * other type is kept (`unknown` is stored as untyped; a gauge histogram is
 * refused by the store like one pushed as protobuf). Exemplars, units and
 * created timestamps are kept. Returns new family objects where a type
 * changes; does not mutate its input.
 */
export function openMetricsPushFamilies(families: readonly MetricFamily[]): MetricFamily[] {
  return families.map((f) => (f.type === 'info' || f.type === 'stateset' ? { ...f, type: 'gauge' } : f));
}
