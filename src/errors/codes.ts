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
