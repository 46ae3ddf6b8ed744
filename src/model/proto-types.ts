import type { MetricType } from './types.js';

/**
 * How model types map to client_model's `MetricType` enum. `unknown` (the
 * OpenMetrics name) is `UNTYPED`, both gauge-histogram spellings are
 * `GAUGE_HISTOGRAM`; `info` and `stateset` have no enum value in client_model.
 */

/** The enum number of a model type, or `undefined` for `info` and `stateset`. */
export function protoTypeNumber(t: MetricType): number | undefined {
  switch (t) {
    case 'counter':
      return 0;
    case 'gauge':
      return 1;
    case 'summary':
      return 2;
    case 'untyped':
    case 'unknown':
      return 3;
    case 'histogram':
      return 4;
    case 'gauge_histogram':
    case 'gaugehistogram':
      return 5;
    default:
      return undefined;
  }
}

/** The enum name Go prints for a model type (`GAUGE_HISTOGRAM`, `INFO`, …). */
export function protoTypeName(t: MetricType): string {
  switch (protoTypeNumber(t)) {
    case 0:
      return 'COUNTER';
    case 1:
      return 'GAUGE';
    case 2:
      return 'SUMMARY';
    case 3:
      return 'UNTYPED';
    case 4:
      return 'HISTOGRAM';
    case 5:
      return 'GAUGE_HISTOGRAM';
    default:
      return t.toUpperCase();
  }
}

/** The model type of an enum number (`undefined` for numbers client_model does not define). */
export function modelType(n: number): MetricType | undefined {
  switch (n) {
    case 0:
      return 'counter';
    case 1:
      return 'gauge';
    case 2:
      return 'summary';
    case 3:
      return 'untyped';
    case 4:
      return 'histogram';
    case 5:
      return 'gauge_histogram';
    default:
      return undefined;
  }
}
