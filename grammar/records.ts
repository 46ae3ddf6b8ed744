import type { ParseErrorCode } from '../src/errors/codes.js';

/**
 * What the scanners put into token payloads. Offsets are relative to the text
 * given to the lexer (one line-aligned chunk).
 */

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

/** The payload of a SampleTail token: the value, the timestamp, or what was wrong. */
export interface TailPayload {
  value: number;
  timestampMs?: number;
  error?: ScanError;
}

/** The payload of a Comment token. */
export interface CommentPayload {
  /** `ignore` for plain comments and metadata lines the reference skips. */
  kind: 'ignore' | 'HELP' | 'TYPE';
  /** The family name of a HELP/TYPE line. */
  name?: string;
  /** Offset of the name. */
  nameOffset?: number;
  /** Whether the reference creates the family (the name was followed by a blank). */
  create?: boolean;
  /** The HELP text (unescaped, decoded) or the TYPE text (backslashes dropped), when the line had one. */
  text?: string;
  /** Offset of the text. */
  textOffset?: number;
  /** An error found before the name was complete (aborts the line). */
  error?: ScanError;
  /** An error found in the text; the reference checks for a second HELP/TYPE first. */
  textError?: ScanError;
}
