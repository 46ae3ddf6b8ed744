/**
 * The data model shared by every stage. It mirrors client_model's
 * `io.prometheus.client.MetricFamily`, so protobuf input and output map one to
 * one and the text serializer can match `expfmt.MetricFamilyToText` byte for byte.
 *
 * These are the only types that cross stage boundaries.
 */

/**
 * A family type. `gauge_histogram` is the protobuf enum name that the 0.0.4 text
 * parser accepts; `gaugehistogram`, `info`, `stateset` and `unknown` are OpenMetrics types.
 */
export type MetricType =
  | 'counter'
  | 'gauge'
  | 'summary'
  | 'untyped'
  | 'histogram'
  | 'gauge_histogram'
  | 'gaugehistogram'
  | 'info'
  | 'stateset'
  | 'unknown';

/** A position in the input: 1-based line and column, 0-based offset (bytes for byte input, UTF-16 units for string input). */
export interface SourcePos {
  line: number;
  column: number;
  offset: number;
}

/** A line of the input for display: its text (decoded) and the index in it of a character, for a caret. */
export interface LineExcerpt {
  /** The line without its LF, decoded as UTF-8 for byte input (invalid bytes become U+FFFD). */
  text: string;
  /** Index in `text` of the character meant. */
  caret: number;
}

/**
 * One label pair. Names follow the legacy charset `[a-zA-Z_][a-zA-Z0-9_]*`; values are any UTF-8 text.
 *
 * Parse results may share one `Label` object between metrics with the same name and value
 * (docs/parse.md, "Shared label objects"): read a parsed label, do not assign to its fields;
 * to change one, put a new object in the metric's `labels` array.
 */
export interface Label {
  name: string;
  value: string;
}

/** An exemplar attached to a counter or a histogram bucket (OpenMetrics, protobuf). */
export interface Exemplar {
  labels: Label[];
  value: number;
  /** Seconds since the epoch, as OpenMetrics writes it. */
  timestamp?: number;
}

/** One summary quantile. */
export interface Quantile {
  quantile: number;
  value: number;
}

/** One cumulative histogram bucket. */
export interface Bucket {
  upperBound: number;
  /** uint64 in client_model; fractional counts are truncated by the 0.0.4 parser. */
  cumulativeCount: number;
  /** The exact uint64 when `cumulativeCount` cannot hold it (see docs/format.md, "Exact integers"). */
  cumulativeCountExact?: bigint;
  exemplar?: Exemplar;
  /** Protobuf `cumulative_count_float` (a float histogram's bucket count); only from protobuf input. */
  cumulativeCountFloat?: number;
}

/** Summary data of one metric. Unset `count`/`sum` mean "never given" (expfmt writes 0). */
export interface SummaryValue {
  count?: number;
  /** The exact uint64 when `count` cannot hold it (see docs/format.md, "Exact integers"). */
  countExact?: bigint;
  sum?: number;
  quantiles: Quantile[];
}

/** Classic histogram data of one metric, plus the native-histogram fields protobuf can carry. */
export interface HistogramValue {
  count?: number;
  /** The exact uint64 when `count` cannot hold it (see docs/format.md, "Exact integers"). */
  countExact?: bigint;
  sum?: number;
  buckets: Bucket[];
  /** Protobuf `sample_count_float` (a float histogram's count); only from protobuf input. */
  countFloat?: number;
  /**
   * Native (sparse) histogram fields of client_model's `Histogram`, set only
   * when the protobuf input carried at least one of them. The text formats do
   * not write them; protobuf output writes them back unchanged. Spans are
   * `{offset, length}`; deltas are sint64, exact within ±2^53 and in the
   * `*Exact` arrays (every delta, set only when one is beyond) otherwise.
   */
  native?: {
    schema?: number;
    zeroThreshold?: number;
    zeroCount?: number;
    /** The exact uint64 when `zeroCount` cannot hold it. */
    zeroCountExact?: bigint;
    zeroCountFloat?: number;
    negativeSpans: { offset: number; length: number }[];
    negativeDeltas: number[];
    /** All negative deltas as exact int64s, set only when a double cannot hold one of them. */
    negativeDeltasExact?: bigint[];
    negativeCounts: number[];
    positiveSpans: { offset: number; length: number }[];
    positiveDeltas: number[];
    /** All positive deltas as exact int64s, set only when a double cannot hold one of them. */
    positiveDeltasExact?: bigint[];
    positiveCounts: number[];
    /** Native-histogram exemplars (protobuf field 16). */
    exemplars?: Exemplar[];
  };
}

/**
 * One metric (a series) of a family. Exactly one of `value`, `summary` and
 * `histogram` is set for a well-formed metric; the 0.0.4 parser can leave all
 * unset (a `gauge_histogram` family, see docs/format.md, "Gauge histograms").
 */
export interface Metric {
  /** In input order (expfmt keeps the order written); `le`/`quantile` of histograms/summaries are not labels. */
  labels: Label[];
  /** Milliseconds since the epoch (int64): the nearest double beyond ±2^53, where `timestampMsExact` holds the exact value. */
  timestampMs?: number;
  /**
   * The exact int64 timestamp, set only when `timestampMs` cannot hold it
   * (see docs/format.md, "Exact integers").
   */
  timestampMsExact?: bigint;
  /** The value of a counter, gauge, untyped, unknown, info or stateset metric. */
  value?: number;
  summary?: SummaryValue;
  histogram?: HistogramValue;
  /**
   * The protobuf value field `value` was read from, set only when it is not
   * the field of the family's type (a gauge family whose metric holds
   * `counter:<value:1>`). Only the push decoder sets it (see
   * `decodeProtobuf`'s `asPushed`); the consistency check refuses such a
   * metric and names the field as it was sent.
   */
  valueType?: 'counter' | 'gauge' | 'untyped';
  /** A counter's exemplar (OpenMetrics, protobuf). */
  exemplar?: Exemplar;
  /** OpenMetrics `_created`, in seconds. */
  createdTimestamp?: number;
  /** First line of this metric in the input, when parsed with positions. */
  pos?: SourcePos;
}

/** A metric family: a name, its metadata and its metrics. */
export interface MetricFamily {
  name: string;
  /** `undefined` when no HELP was given (0.0.4 cannot express an empty help). */
  help?: string;
  /**
   * The HELP text's bytes, set only when they are not valid UTF-8 (`help` then
   * has U+FFFD for each invalid byte). Byte outputs write these bytes.
   */
  helpBytes?: Uint8Array;
  type: MetricType;
  /** OpenMetrics `# UNIT`. */
  unit?: string;
  metrics: Metric[];
}

/** A finding of the validator, or a parse error seen as a finding. */
export interface Diagnostic {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  family?: string;
  pos?: SourcePos;
}

/** What a gateway asks its store to do with one push or delete. */
export interface WriteRequest {
  grouping: Label[];
  mode: 'replace' | 'merge' | 'delete';
  families?: MetricFamily[];
  /** Milliseconds since the epoch. */
  receivedAt: number;
}
