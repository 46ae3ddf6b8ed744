import { isLabelNameChar, isMetricNameChar, isMetricNameStart, METRIC_NAME_LABEL } from '../../src/model/names.js';
import { parseGoFloat, parseGoInt64 } from '../../src/model/values.js';
import { sidecarOf } from '../../src/model/exact.js';
import { goQuoteByte } from '../../src/model/go-quote.js';
import type { BadPairPayload, PairPayload, ScanError, Scanned } from '../common/records.js';
import type { CommentPayload, TailPayload } from './records.js';
import {
  decodeLenient,
  decodeStrict,
  escapeByteChar,
  firstByte,
  isPlainText,
  quoteRaw,
} from '../common/scan-context.js';
import { spellsAt } from '../common/fast-labels.js';
import { Char } from '../../src/model/chars.js';

/**
 * Char-code scanners behind the custom token patterns. Each reads bytes in the
 * order the reference parser reads them, so that the first problem it meets is
 * the one the reference reports, and running off the end of the text is
 * "unexpected end of input stream" exactly where the reference would read past
 * the end. Offsets are relative to the lexed text.
 */

function eof(n: number): ScanError {
  return { code: 'UNEXPECTED_EOF', msg: 'unexpected end of input stream', offset: n };
}

function skipBlanks(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c !== Char.SPACE && c !== Char.TAB) break;
    i++;
  }
  return i;
}

/** The end of the line containing `i` (index of its LF, or the text length). */
function lineEnd(text: string, i: number): number {
  const j = text.indexOf('\n', i);
  return j < 0 ? text.length : j;
}

const KNOWN_TYPES: Record<string, string> = {
  COUNTER: 'counter',
  GAUGE: 'gauge',
  SUMMARY: 'summary',
  UNTYPED: 'untyped',
  HISTOGRAM: 'histogram',
  GAUGE_HISTOGRAM: 'gauge_histogram',
};

/**
 * Resolves TYPE text to a type as the reference does (Unicode upper-casing, then
 * an exact match against the client_model enum names). `undefined` if unknown.
 */
export function lookupType(raw: string): string | undefined {
  // The common spellings need no decoding or upper-casing.
  const exact = LOWER_TYPES.get(raw);
  if (exact !== undefined) return exact;
  return KNOWN_TYPES[decodeLenient(raw).text.toUpperCase()];
}

const LOWER_TYPES = new Map(Object.values(KNOWN_TYPES).map((t) => [t, t]));

/**
 * Scans a comment line from its `#` up to (not including) its LF. `known`: a name the line
 * likely spells (the previous line's), returned as the payload's name when it does, so that
 * a family's lines share one string (no slice, and the assembler compares them by pointer).
 */
export function scanComment(text: string, start: number, known = ''): Scanned<CommentPayload> {
  const n = text.length;
  let i = skipBlanks(text, start + 1);
  if (i === n) return { end: n, payload: { kind: 'ignore', error: eof(n) } };
  if (text.charCodeAt(i) === Char.LF) return { end: i, payload: { kind: 'ignore' } };
  const keywordStart = i;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === Char.SPACE || c === Char.TAB || c === Char.LF) break;
    i++;
  }
  if (i === n) return { end: n, payload: { kind: 'ignore', error: eof(n) } };
  if (text.charCodeAt(i) === Char.LF) return { end: i, payload: { kind: 'ignore' } };
  const keyword =
    i - keywordStart !== 4
      ? ''
      : spellsAt(text, 'HELP', keywordStart)
        ? 'HELP'
        : spellsAt(text, 'TYPE', keywordStart)
          ? 'TYPE'
          : '';
  if (keyword === '') {
    const end = text.indexOf('\n', i);
    return end < 0 ? { end: n, payload: { kind: 'ignore', error: eof(n) } } : { end, payload: { kind: 'ignore' } };
  }
  i = skipBlanks(text, i);
  if (i === n) return { end: n, payload: { kind: 'ignore', error: eof(n) } };
  const nameStart = i;
  let name: string | undefined;
  if (
    known.length > 0 &&
    spellsAt(text, known, i) &&
    !isMetricNameChar(text.charCodeAt(i + known.length)) &&
    isMetricNameStart(text.charCodeAt(i))
  ) {
    i += known.length;
    name = known;
    if (i === n) return { end: n, payload: { kind: 'ignore', error: eof(n) } };
  } else if (isMetricNameStart(text.charCodeAt(i))) {
    i++;
    while (i < n && isMetricNameChar(text.charCodeAt(i))) i++;
    if (i === n) return { end: n, payload: { kind: 'ignore', error: eof(n) } };
  }
  const after = text.charCodeAt(i);
  if (after === Char.LF) return { end: i, payload: { kind: 'ignore' } };
  if (after !== Char.SPACE && after !== Char.TAB) {
    const error: ScanError = {
      code: 'INVALID_METRIC_NAME_IN_COMMENT',
      msg: 'invalid metric name in comment',
      offset: i,
    };
    return { end: lineEnd(text, i), payload: { kind: 'ignore', error } };
  }
  const payload: CommentPayload = {
    kind: keyword as 'HELP' | 'TYPE',
    name: name ?? text.slice(nameStart, i),
    nameOffset: nameStart,
    create: true,
  };
  i = skipBlanks(text, i);
  if (i === n) {
    payload.textError = eof(n);
    return { end: n, payload };
  }
  if (text.charCodeAt(i) === Char.LF) return { end: i, payload };
  payload.textOffset = i;
  return keyword === 'HELP' ? scanHelpText(text, i, payload) : scanTypeText(text, i, payload);
}

/** HELP text: `\\` and `\n` are the only escapes; kept bytes are decoded leniently. */
function scanHelpText(text: string, i: number, payload: CommentPayload): Scanned<CommentPayload> {
  const lf = text.indexOf('\n', i);
  if (lf >= 0) {
    const whole = text.slice(i, lf);
    if (isPlainText(whole)) {
      payload.text = whole;
      return { end: lf, payload };
    }
  }
  const n = text.length;
  let out = '';
  let segment = i;
  let high = false;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === Char.LF) break;
    if (c >= Char.HIGH) high = true;
    else if (c === Char.BACKSLASH) {
      out += text.slice(segment, i);
      if (i + 1 === n) {
        payload.textError = eof(n);
        return { end: n, payload };
      }
      const e = text.charCodeAt(i + 1);
      if (e === Char.BACKSLASH) out += '\\';
      else if (e === Char.LOWER_N) out += '\n';
      else {
        payload.textError = {
          code: 'INVALID_ESCAPE',
          msg: `invalid escape sequence '\\${escapeByteChar(text, i + 1)}'`,
          offset: i,
        };
        return { end: lineEnd(text, i + 1), payload };
      }
      i++;
      segment = i + 1;
    }
  }
  if (i >= n) {
    payload.textError = eof(n);
    return { end: n, payload };
  }
  out += text.slice(segment, i);
  if (high) {
    const decoded = decodeLenient(out);
    payload.text = decoded.text;
    if (decoded.bytes) payload.bytes = decoded.bytes;
  } else payload.text = out;
  return { end: i, payload };
}

/** TYPE text: the rest of the line with every backslash dropped. */
function scanTypeText(text: string, i: number, payload: CommentPayload): Scanned<CommentPayload> {
  const end = text.indexOf('\n', i);
  if (end < 0) {
    payload.textError = eof(text.length);
    return { end: text.length, payload };
  }
  const raw = text.slice(i, end);
  payload.text = raw.indexOf('\\') < 0 ? raw : raw.replace(/\\/g, '');
  return { end, payload };
}

/**
 * Scans `name [blanks] = [blanks] "value"` from a label-name start char. A
 * failure returns a {@link BadPairPayload} whose token ends at the failure.
 */
export function scanLabelPair(text: string, start: number): Scanned<PairPayload | BadPairPayload> {
  const n = text.length;
  let i = start + 1;
  while (i < n && isLabelNameChar(text.charCodeAt(i))) i++;
  if (i === n) return { end: n, payload: { error: eof(n) } };
  const name = text.slice(start, i);
  if (name === METRIC_NAME_LABEL) {
    return {
      end: i,
      payload: {
        error: { code: 'RESERVED_LABEL_NAME', msg: `label name "${METRIC_NAME_LABEL}" is reserved`, offset: start },
      },
    };
  }
  i = skipBlanks(text, i);
  if (i === n) return { end: n, payload: { error: eof(n) } };
  if (text.charCodeAt(i) !== Char.EQUALS) {
    const msg = `expected '=' after label name, found ${goQuoteByte(firstByte(text, i))}`;
    return { end: i + 1, payload: { error: { code: 'EXPECTED_EQUALS', msg, offset: i } } };
  }
  i = skipBlanks(text, i + 1);
  if (i === n) return { end: n, payload: { name, error: eof(n) } };
  if (text.charCodeAt(i) !== Char.QUOTE) {
    const msg = `expected '"' at start of label value, found ${goQuoteByte(firstByte(text, i))}`;
    return { end: i + 1, payload: { name, error: { code: 'EXPECTED_QUOTE', msg, offset: i } } };
  }
  const valueOffset = i;
  i++;
  let segment = i;
  let out: string | undefined;
  let high = false;
  for (;;) {
    if (i === n) return { end: n, payload: { name, error: eof(n) } };
    const c = text.charCodeAt(i);
    if (c === Char.QUOTE) break;
    if (c === Char.LF) {
      const soFar = (out ?? '') + text.slice(segment, i);
      const msg = `label value ${quoteRaw(soFar)} contains unescaped new-line`;
      return { end: i, payload: { name, error: { code: 'UNESCAPED_NEWLINE', msg, offset: i } } };
    }
    if (c >= Char.HIGH) high = true;
    else if (c === Char.BACKSLASH) {
      out = (out ?? '') + text.slice(segment, i);
      i++;
      if (i === n) return { end: n, payload: { name, error: eof(n) } };
      const e = text.charCodeAt(i);
      if (e === Char.QUOTE) out += '"';
      else if (e === Char.BACKSLASH) out += '\\';
      else if (e === Char.LOWER_N) out += '\n';
      else {
        const msg = `invalid escape sequence '\\${escapeByteChar(text, i)}'`;
        return { end: i + 1, payload: { name, error: { code: 'INVALID_ESCAPE', msg, offset: i - 1 } } };
      }
      segment = i + 1;
    }
    i++;
  }
  let value = out === undefined ? text.slice(segment, i) : out + text.slice(segment, i);
  if (high) {
    const decoded = decodeStrict(value);
    if (decoded === undefined) {
      const msg = `invalid label value ${quoteRaw(value)}`;
      return { end: i + 1, payload: { name, error: { code: 'INVALID_LABEL_VALUE', msg, offset: valueOffset } } };
    }
    value = decoded;
  }
  return { end: i + 1, payload: { name, value, valueOffset } };
}

/** Reads up to the next blank, tab or LF. Returns the end index. */
function tokenEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === Char.SPACE || c === Char.TAB || c === Char.LF) break;
    i++;
  }
  return i;
}

/**
 * Scans the value, the optional timestamp and the rest of a sample line, up to
 * (not including) its LF.
 */
export function scanSampleTail(text: string, start: number): Scanned<TailPayload> {
  const n = text.length;
  let i = tokenEnd(text, start);
  if (i === n) return { end: n, payload: { value: 0, error: eof(n) } };
  const value = parseGoFloat(text.slice(start, i));
  if (value === undefined) {
    const msg = `expected float as value, got ${quoteRaw(text.slice(start, i))}`;
    return { end: lineEnd(text, i), payload: { value: 0, error: { code: 'INVALID_VALUE', msg, offset: start } } };
  }
  if (text.charCodeAt(i) === Char.LF) return { end: i, payload: { value } };
  i = skipBlanks(text, i);
  if (i === n) return { end: n, payload: { value, error: eof(n) } };
  const tsStart = i;
  i = tokenEnd(text, i);
  if (i === n) return { end: n, payload: { value, error: eof(n) } };
  const tsText = text.slice(tsStart, i);
  const timestampMs = parseGoInt64(tsText);
  if (timestampMs === undefined) {
    const msg = `expected integer as timestamp, got ${quoteRaw(tsText)}`;
    return { end: lineEnd(text, i), payload: { value, error: { code: 'INVALID_TIMESTAMP', msg, offset: tsStart } } };
  }
  const payload: TailPayload = { value, timestampMs };
  // Beyond ±2^53 the double is rounded: keep the exact int64 beside it.
  if (!Number.isSafeInteger(timestampMs)) payload.timestampMsExact = sidecarOf(BigInt(tsText));
  if (text.charCodeAt(i) === Char.LF) return { end: i, payload };
  const end = text.indexOf('\n', i);
  if (end < 0) return { end: n, payload: { value, error: eof(n) } };
  const rest = text.slice(i, end).replace(/\\/g, '');
  if (rest.length === 0) return { end, payload };
  const msg = `spurious string after timestamp: ${quoteRaw(rest)}`;
  return { end, payload: { value, error: { code: 'SPURIOUS_AFTER_TIMESTAMP', msg, offset: i } } };
}

/** The message for a value the lexer could not start a token at (string input, chars above U+00FF). */
export function invalidValueAt(text: string, i: number): ScanError {
  const end = tokenEnd(text, i);
  if (end === text.length) return eof(end);
  return { code: 'INVALID_VALUE', msg: `expected float as value, got ${quoteRaw(text.slice(i, end))}`, offset: i };
}

export { eof as unexpectedEof };
