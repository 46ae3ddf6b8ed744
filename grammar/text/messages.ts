import { goQuote } from '../../src/model/go-quote.js';
import { codeError } from '../../src/errors/parse-error.js';
import type { Expectation } from './parser.js';
import type { ScanError } from '../common/records.js';
import { invalidValueAt, unexpectedEof } from './scan.js';

/**
 * Turns a grammar mismatch (the parser found a token, or the end of the
 * tokens, where the line needed something else) into the reference's error.
 * `offset` is where the expected token should have started.
 */
export function mismatchError(
  expect: Expectation,
  text: string,
  offset: number,
  lastValue: string,
  family: string,
): ScanError {
  if (offset >= text.length) return unexpectedEof(text.length);
  switch (expect) {
    case 'lineStart':
      return { code: 'INVALID_METRIC_NAME', msg: 'invalid metric name', offset };
    case 'value':
      return invalidValueAt(text, offset);
    case 'labelName':
      return invalidLabelName(family, offset);
    case 'separator':
      return { code: 'EXPECTED_LABEL_SEPARATOR', msg: `unexpected end of label value ${goQuote(lastValue)}`, offset };
    default:
      return codeError(`unknown expectation ${String(expect satisfies never)}`);
  }
}

/** `invalid label name for metric "<family>"`: the family's name, which may differ from the sample's. */
export function invalidLabelName(family: string, offset: number): ScanError {
  return { code: 'INVALID_LABEL_NAME', msg: `invalid label name for metric ${goQuote(family)}`, offset };
}

/** `duplicate label names for metric "<family>"`. */
export function duplicateLabelName(family: string, offset: number): ScanError {
  return { code: 'DUPLICATE_LABEL_NAME', msg: `duplicate label names for metric ${goQuote(family)}`, offset };
}

/** `expected float as value for 'le'|'quantile' label, got "<v>"`. */
export function invalidSpecialLabel(label: 'le' | 'quantile', value: string, offset: number): ScanError {
  return {
    code: label === 'le' ? 'INVALID_BUCKET_BOUND' : 'INVALID_QUANTILE',
    msg: `expected float as value for '${label}' label, got ${goQuote(value)}`,
    offset,
  };
}

/** `second HELP line for metric name "<m>"`. */
export function duplicateHelp(family: string, offset: number): ScanError {
  return { code: 'DUPLICATE_HELP', msg: `second HELP line for metric name ${goQuote(family)}`, offset };
}

/** `second TYPE line for metric name "<m>", or TYPE reported after samples`. */
export function duplicateType(family: string, offset: number): ScanError {
  return {
    code: 'DUPLICATE_TYPE',
    msg: `second TYPE line for metric name ${goQuote(family)}, or TYPE reported after samples`,
    offset,
  };
}
