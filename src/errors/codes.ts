/**
 * The registry of parse error codes. Codes are stable: scripts and the gateway
 * match on them. Each maps to a one-line summary for documentation.
 */
export const PARSE_ERROR_CODES = {
  UNEXPECTED_EOF: 'the input ends in the middle of a line (every line must end with LF)',
  INVALID_METRIC_NAME: 'a sample line does not start with a valid metric name',
  INVALID_METRIC_NAME_IN_COMMENT: 'the name after HELP/TYPE is not followed by a blank',
  INVALID_LABEL_NAME: 'a label name is missing or starts with an invalid character',
  RESERVED_LABEL_NAME: 'the label name __name__ is reserved',
  EXPECTED_EQUALS: 'a label name is not followed by =',
  DUPLICATE_LABEL_NAME: 'a label name appears twice in one label set',
  EXPECTED_QUOTE: 'a label value does not start with a double quote',
  INVALID_LABEL_VALUE: 'a label value is not valid UTF-8',
  UNESCAPED_NEWLINE: 'a label value contains a raw line feed',
  INVALID_ESCAPE: 'an escape other than \\\\, \\n (and \\" in label values)',
  INVALID_QUANTILE: 'the quantile label of a summary is not a float',
  INVALID_BUCKET_BOUND: 'the le label of a histogram is not a float',
  EXPECTED_LABEL_SEPARATOR: 'a label value is not followed by , or }',
  INVALID_VALUE: 'the sample value is not a float',
  INVALID_TIMESTAMP: 'the timestamp is not an int64',
  SPURIOUS_AFTER_TIMESTAMP: 'something follows the timestamp',
  DUPLICATE_HELP: 'a second HELP line for a family',
  DUPLICATE_TYPE: 'a second TYPE line for a family, or TYPE after its samples',
  UNKNOWN_TYPE: 'the TYPE line names an unknown type',
  OM_UNEXPECTED_END: 'OpenMetrics: the input ends inside a line (only # EOF may lack its LF)',
  OM_MISSING_EOF: 'OpenMetrics: the input does not end with # EOF',
  OM_TEXT_AFTER_EOF: 'OpenMetrics: something follows # EOF',
  OM_BLANK_LINE: 'OpenMetrics: an empty line',
  OM_INVALID_COMMENT: 'OpenMetrics: a # line other than # HELP, # TYPE, # UNIT or # EOF',
  OM_INVALID_METRIC_NAME: 'OpenMetrics: a metric name is missing or starts with an invalid character',
  OM_EXPECTED_SPACE: 'OpenMetrics: a single space is required here (separators are exactly one space)',
  OM_INVALID_LABEL_NAME: 'OpenMetrics: a label name is missing or starts with an invalid character',
  OM_EXPECTED_EQUALS: 'OpenMetrics: a label name is not followed by =',
  OM_EXPECTED_QUOTE: 'OpenMetrics: a label value does not start with a double quote',
  OM_UNTERMINATED_LABEL_VALUE: 'OpenMetrics: a label value has no closing quote on its line',
  OM_EXPECTED_LABEL_SEPARATOR: 'OpenMetrics: a label value is not followed by , or } (no trailing comma, no spaces)',
  OM_DUPLICATE_LABEL_NAME: 'OpenMetrics: a label name appears twice in one label set',
  OM_INVALID_ESCAPE: 'OpenMetrics: a HELP text ends with a lone backslash',
  OM_INVALID_UTF8: 'OpenMetrics: a HELP text or label value is not valid UTF-8',
  OM_INVALID_VALUE: 'OpenMetrics: a sample or exemplar value is not an OpenMetrics number',
  OM_INVALID_TIMESTAMP: 'OpenMetrics: a timestamp is not a finite decimal number of seconds',
  OM_EXPECTED_END_OF_LINE: 'OpenMetrics: something other than a timestamp or an exemplar follows the value',
  OM_INVALID_EXEMPLAR: 'OpenMetrics: an exemplar does not start with " # {"',
  OM_EXEMPLAR_TOO_LONG: 'OpenMetrics: exemplar label names and values exceed 128 code points',
  OM_EXEMPLAR_NOT_ALLOWED: 'OpenMetrics: an exemplar on a sample other than a counter _total or a histogram _bucket',
  OM_INVALID_TYPE: 'OpenMetrics: the TYPE line names no OpenMetrics type',
  OM_INVALID_UNIT: 'OpenMetrics: a UNIT with invalid characters, not a suffix of the family name, or on info/stateset',
  OM_DUPLICATE_METADATA: 'OpenMetrics: a second HELP, TYPE or UNIT line for a family',
  OM_METADATA_AFTER_SAMPLES: "OpenMetrics: a HELP, TYPE or UNIT line after the family's samples",
  OM_CLASHING_NAME:
    "OpenMetrics: a family appears twice (families must be contiguous) or clashes with another family's sample names",
  OM_INVALID_SAMPLE_NAME:
    'OpenMetrics: a sample named like its family where the type needs a suffix (counter _total, info _info, histogram _bucket)',
  OM_INTERLEAVED_METRIC: "OpenMetrics: a metric's samples are not contiguous",
  OM_TIMESTAMP_ORDER: "OpenMetrics: a metric's timestamps go backwards, or only some of its samples have one",
  OM_DUPLICATE_SAMPLE: 'OpenMetrics: a histogram or summary sample repeated within one point',
  OM_INVALID_SAMPLE_VALUE:
    'OpenMetrics: a value its type forbids (NaN or negative counter-like values, fractional counts, stateset not 0/1, info not 1)',
  OM_MISSING_LABEL: 'OpenMetrics: a summary quantile, histogram le or stateset label is missing',
  OM_INVALID_QUANTILE: 'OpenMetrics: a quantile label is not a number in [0, 1]',
  OM_INVALID_BUCKET_BOUND: 'OpenMetrics: an le label is not a number (NaN, or +Inf not spelled "+Inf")',
  OM_BUCKET_ORDER: 'OpenMetrics: histogram buckets not in increasing le order, or counts not cumulative',
  OM_MISSING_INF_BUCKET: 'OpenMetrics: a histogram point without its +Inf bucket',
  OM_COUNT_MISMATCH: 'OpenMetrics: a histogram _count differs from its +Inf bucket',
  OM_COUNT_SUM_PAIRING: 'OpenMetrics: a histogram has _count without _sum or _sum without _count (_gcount/_gsum alike)',
  OM_NEGATIVE_BUCKET_SUM: 'OpenMetrics: _sum with negative buckets, or a negative _gsum without them',
  OM_MISSING_TOTAL: 'OpenMetrics: a counter point without its _total sample',
  LINE_TOO_LONG: 'a line is longer than maxLineLength',
  BODY_TOO_LARGE: 'the input is larger than maxBodyBytes',
  TOO_MANY_SERIES: 'the input has more series than maxSeries',
  TOO_MANY_LABELS: 'a series has more labels than maxLabelsPerSeries',
} as const;

/** A stable parse error code. */
export type ParseErrorCode = keyof typeof PARSE_ERROR_CODES;

/** Codes that report a limit of the parser's options rather than a format error. */
export const LIMIT_CODES: ReadonlySet<ParseErrorCode> = new Set([
  'LINE_TOO_LONG',
  'BODY_TOO_LARGE',
  'TOO_MANY_SERIES',
  'TOO_MANY_LABELS',
]);
