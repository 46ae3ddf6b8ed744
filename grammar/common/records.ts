import type { ParseErrorCode } from '../../src/errors/codes.js';

/**
 * What the scanners of both formats put into token payloads. Offsets are
 * relative to the text given to the lexer (one line-aligned chunk).
 */

/** A scan result: where the token ends (exclusive) and its payload. */
export interface Scanned<P> {
  end: number;
  payload: P;
}

/** A syntax error found while scanning a token. */
export interface ScanError {
  code: ParseErrorCode;
  msg: string;
  offset: number;
}

/** A complete `name="value"` pair (the payload of a good LabelPair token). */
export interface PairPayload {
  name: string;
  value: string;
  /** Offset of the value's opening quote. */
  valueOffset: number;
}

/**
 * A label pair that failed. `name` is set when the failure came after the `=`
 * (the reference checks duplicate names before it reads the value).
 */
export interface BadPairPayload {
  error: ScanError;
  name?: string;
}

/**
 * The `maxLabelsPerSeries` error of both formats, at the start of the line.
 * `count` is the number of labels when the whole set was read; a set stopped
 * while being read says only that it has more.
 */
export function tooManyLabels(limit: number, offset: number, count?: number): ScanError {
  const has = count === undefined ? 'more labels than' : `${count} labels, more than`;
  return { code: 'TOO_MANY_LABELS', msg: `series has ${has} the limit of ${limit}`, offset };
}
