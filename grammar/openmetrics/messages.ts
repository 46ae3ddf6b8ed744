import type { ScanError } from '../common/records.js';
import type { OmExpectation } from './parser.js';
import { foundAt, omError } from './scan.js';
import { Char } from '../../src/model/chars.js';

/** What each expectation asks for, as error messages say it. */
const EXPECTED: Record<OmExpectation, string> = {
  lineStart: 'a metric name or "#"',
  afterName: '"{" or " " after the metric name',
  labelName: 'a label name or "}"',
  labelAfterComma: 'a label name after ","',
  separator: '"," or "}" after a label value',
  value: '" " before the value',
  afterValue: 'LF or " # {" after the value',
  exemplarValue: '" " before the exemplar value',
  lineEnd: 'LF after the exemplar',
};

/**
 * Turns a grammar mismatch (the parser found a token, or a char no token of
 * the mode matches, or the end of the piece, where the line needed something
 * else) into an OpenMetrics error. `offset` is where the expected token should
 * have started.
 */
export function omMismatchError(expect: OmExpectation, text: string, offset: number): ScanError {
  const found = foundAt(text, offset);
  const msg = `expected ${EXPECTED[expect]}, found ${found}`;
  if (offset >= text.length) return omError('OM_UNEXPECTED_END', msg, offset);
  switch (expect) {
    case 'lineStart':
      if (text.charCodeAt(offset) === Char.LF)
        return omError('OM_BLANK_LINE', `expected ${EXPECTED[expect]}, found an empty line`, offset);
      return omError('OM_INVALID_METRIC_NAME', msg, offset);
    case 'labelName':
    case 'labelAfterComma':
      return omError('OM_INVALID_LABEL_NAME', msg, offset);
    case 'separator':
      return omError('OM_EXPECTED_LABEL_SEPARATOR', msg, offset);
    case 'afterValue':
    case 'lineEnd':
      return omError('OM_EXPECTED_END_OF_LINE', msg, offset);
    case 'afterName':
    case 'value':
    case 'exemplarValue':
      return omError('OM_EXPECTED_SPACE', msg, offset);
  }
}
