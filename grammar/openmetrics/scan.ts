import { isLabelNameChar, isMetricNameChar, isMetricNameStart } from '../../src/model/names.js';
import type { ParseErrorCode } from '../../src/errors/codes.js';
import type { BadPairPayload, PairPayload, ScanError, Scanned } from '../common/records.js';
import { decodeStrict, isPlainText, quoteRaw } from '../common/scan-context.js';
import { spellsAt } from '../common/fast-labels.js';
import type { NameSequence } from '../common/name-sequence.js';
import { parseOmNumber, parseOmTimestamp, secondsTextToMs } from './numbers.js';
import type { MetaPayload, OmType, ValuePayload } from './records.js';
import { Char } from '../../src/model/chars.js';

/**
 * Char-code scanners behind the OpenMetrics custom token patterns. They read
 * one construct exactly as the ABNF of OpenMetrics 1.0 writes it (single
 * spaces, no blanks elsewhere, LF only) and put what they find, or the first
 * thing wrong, into the token payload. Offsets are relative to the lexed text.
 */

/** The longest text an error message quotes. */
const QUOTE_LIMIT = 40;

/** Builds a scan error. */
export function omError(code: ParseErrorCode, msg: string, offset: number): ScanError {
  return { code, msg, offset };
}

/**
 * `expected <what>, found <what is at i>`: with `code`, or `OM_UNEXPECTED_END`
 * when the text ends at `i`. The error is at `offset` (default `i`).
 */
export function expectedAt(
  code: ParseErrorCode,
  expected: string,
  text: string,
  i: number,
  offset: number = i,
): ScanError {
  return omError(
    i >= text.length ? 'OM_UNEXPECTED_END' : code,
    `expected ${expected}, found ${foundAt(text, i)}`,
    offset,
  );
}

/** How an error message names what is at `i`: the quoted char, or `end of input`. */
export function foundAt(text: string, i: number): string {
  if (i >= text.length) return 'end of input';
  const cp = text.codePointAt(i) ?? 0;
  return quoteRaw(String.fromCodePoint(cp));
}

/** How an error message names `text[start, end)`: quoted, cut after {@link QUOTE_LIMIT} chars. */
export function foundText(text: string, start: number, end: number): string {
  if (start >= text.length) return 'end of input';
  const cut = end - start > QUOTE_LIMIT ? start + QUOTE_LIMIT : end;
  return quoteRaw(text.slice(start, cut)) + (cut < end ? '...' : '');
}

/** The end of the line containing `i` (index of its LF, or the text length). */
function lineEnd(text: string, i: number): number {
  const j = text.indexOf('\n', i);
  return j < 0 ? text.length : j;
}

/** Where a token that failed at `i` ends: after its line's LF, so that lexing resumes at the next line. */
function afterLine(text: string, i: number): number {
  const j = text.indexOf('\n', i);
  return j < 0 ? text.length : j + 1;
}

/** End of a run of chars up to the next space or LF. */
function wordEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === Char.SPACE || c === Char.LF) break;
    i++;
  }
  return i;
}

/** The type names, each spelled once: a TYPE line gets the constant, not a new string. */
const TYPES: readonly OmType[] = [
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'stateset',
  'info',
  'summary',
  'unknown',
];

/**
 * The constant among `words` that `text[start, end)` spells, or `undefined`. Compared with
 * `endsWith` at `end` (see `spellsAt` in `grammar/common/fast-labels.ts`), only for a word of
 * that length and first char: the call costs more than the two checks.
 */
function wordAt<W extends string>(words: readonly W[], text: string, start: number, end: number): W | undefined {
  const first = text.charCodeAt(start);
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    if (w.length === end - start && w.charCodeAt(0) === first && text.endsWith(w, end)) return w;
  }
  return undefined;
}

const KEYWORDS: readonly ('HELP' | 'TYPE' | 'UNIT' | 'EOF')[] = ['HELP', 'TYPE', 'UNIT', 'EOF'];

function metaFailure(text: string, start: number, kind: MetaPayload['kind'], error: ScanError): Scanned<MetaPayload> {
  return {
    end: afterLine(text, error.offset),
    payload: { kind, name: '', nameOffset: start, text: '', textOffset: start, error },
  };
}

/** The name of the last metadata line scanned. */
let lastMetaName = '';

/**
 * Scans a whole metadata line from its `#`: `# HELP name text`, `# TYPE name
 * type`, `# UNIT name unit` or `# EOF`, through its LF (which only `# EOF`
 * may lack, at the end of the input). `names`, when given, spells and
 * records the family names of the document.
 */
export function scanMetaLine(text: string, start: number, names?: NameSequence): Scanned<MetaPayload> {
  const n = text.length;
  const keywordStart = start + 2;
  const keywordEnd = wordEnd(text, keywordStart);
  const keyword =
    text.charCodeAt(start + 1) === Char.SPACE ? wordAt(KEYWORDS, text, keywordStart, keywordEnd) : undefined;
  if (keyword === 'EOF') {
    if (keywordEnd === n)
      return { end: n, payload: { kind: 'EOF', name: '', nameOffset: start, text: '', textOffset: start } };
    if (text.charCodeAt(keywordEnd) === Char.LF)
      return {
        end: keywordEnd + 1,
        payload: { kind: 'EOF', name: '', nameOffset: start, text: '', textOffset: start },
      };
    return metaFailure(text, start, 'EOF', expectedAt('OM_EXPECTED_END_OF_LINE', 'LF after "# EOF"', text, keywordEnd));
  }
  if (keyword === undefined) {
    const msg = `expected "# HELP", "# TYPE", "# UNIT" or "# EOF", found ${foundText(text, start, lineEnd(text, start))}`;
    return metaFailure(text, start, 'EOF', omError('OM_INVALID_COMMENT', msg, start));
  }
  const kind = keyword;
  if (keywordEnd === n || text.charCodeAt(keywordEnd) !== Char.SPACE) {
    return metaFailure(text, start, kind, expectedAt('OM_EXPECTED_SPACE', `" " after "${kind}"`, text, keywordEnd));
  }
  const nameOffset = keywordEnd + 1;
  let i = nameOffset;
  let name: string | undefined = lastMetaName;
  // HELP, TYPE and UNIT of one family follow each other: the name is mostly the last one (a valid
  // name), compared in place rather than scanned, and they share one string.
  if (name.length > 0 && spellsAt(text, name, i) && !isMetricNameChar(text.charCodeAt(i + name.length))) {
    i += name.length;
  } else if ((name = names?.expected(text, i)) !== undefined) {
    lastMetaName = name;
    i += name.length;
  } else if (i < n && isMetricNameStart(text.charCodeAt(i))) {
    i++;
    while (i < n && isMetricNameChar(text.charCodeAt(i))) i++;
    name = text.slice(nameOffset, i);
    lastMetaName = name = names === undefined ? name : names.record(name);
  } else {
    return metaFailure(
      text,
      start,
      kind,
      expectedAt('OM_INVALID_METRIC_NAME', `a metric name after "# ${kind} "`, text, i),
    );
  }
  if (i === n || text.charCodeAt(i) !== Char.SPACE) {
    return metaFailure(text, start, kind, expectedAt('OM_EXPECTED_SPACE', `" " after metric name "${name}"`, text, i));
  }
  const textOffset = i + 1;
  const payload: MetaPayload = { kind, name, nameOffset, text: '', textOffset };
  const end = kind === 'HELP' ? scanHelpText(text, textOffset, payload) : scanWordText(text, textOffset, payload);
  if (payload.error) return { end: afterLine(text, payload.error.offset), payload };
  if (end === n) {
    payload.error = omError('OM_UNEXPECTED_END', `expected LF at the end of the ${kind} line, found end of input`, end);
    return { end, payload };
  }
  return { end: end + 1, payload };
}

/** HELP text: escaped-string (`\\`, `\n`, `\"` decoded, other `\c` kept as written; quotes allowed). Returns the index of the LF or the text end. */
function scanHelpText(text: string, i: number, payload: MetaPayload): number {
  const lf = text.indexOf('\n', i);
  if (lf >= 0) {
    const whole = text.slice(i, lf);
    if (isPlainText(whole)) {
      payload.text = whole;
      return lf;
    }
  }
  const n = text.length;
  let out: string | undefined;
  let segment = i;
  let high = false;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === Char.LF) break;
    if (c >= Char.HIGH) high = true;
    else if (c === Char.BACKSLASH) {
      const e = i + 1 < n ? text.charCodeAt(i + 1) : -1;
      if (e === Char.LF || e < 0) {
        payload.error = expectedAt('OM_INVALID_ESCAPE', 'a char after "\\" in HELP text', text, i + 1, i);
        return i;
      }
      if (e === Char.BACKSLASH || e === Char.LOWER_N || e === Char.QUOTE) {
        out = (out ?? '') + text.slice(segment, i) + (e === Char.LOWER_N ? '\n' : e === Char.QUOTE ? '"' : '\\');
        segment = i + 2;
      } else if (e >= Char.HIGH) high = true;
      i++;
    }
  }
  let value = out === undefined ? text.slice(segment, i) : out + text.slice(segment, i);
  if (high) {
    const decoded = decodeStrict(value);
    if (decoded === undefined) {
      payload.error = omError(
        'OM_INVALID_UTF8',
        `expected UTF-8 HELP text, found ${foundText(text, payload.textOffset, i)}`,
        payload.textOffset,
      );
      return i;
    }
    value = decoded;
  }
  payload.text = value;
  return i;
}

/** TYPE and UNIT text: a type name, or `[a-zA-Z0-9_:]*`, then LF. Returns the index of the LF or the text end. */
function scanWordText(text: string, i: number, payload: MetaPayload): number {
  const end = lineEnd(text, i);
  if (payload.kind === 'TYPE') {
    const type = wordAt(TYPES, text, i, end);
    if (type !== undefined) {
      payload.text = type;
      return end;
    }
    const msg = `expected counter, gauge, histogram, gaugehistogram, stateset, info, summary or unknown, found ${foundText(text, i, end)}`;
    payload.error = omError('OM_INVALID_TYPE', msg, i);
  } else {
    for (let k = i; k < end; k++) {
      if (!isMetricNameChar(text.charCodeAt(k))) {
        payload.error = omError(
          'OM_INVALID_UNIT',
          `expected a unit of [a-zA-Z0-9_:] chars, found ${foundText(text, i, end)}`,
          k,
        );
        break;
      }
    }
  }
  payload.text = text.slice(i, end);
  return end;
}

/**
 * Scans `name="value"` from a label-name start char: no blanks, `=` right
 * after the name, escapes `\\`, `\n`, `\"` decoded and any other `\c` kept as
 * written. A failure returns a {@link BadPairPayload} whose token ends at the
 * end of the line.
 */
export function scanLabelPair(text: string, start: number): Scanned<PairPayload | BadPairPayload> {
  const n = text.length;
  let i = start + 1;
  while (i < n && isLabelNameChar(text.charCodeAt(i))) i++;
  const name = text.slice(start, i);
  if (i === n || text.charCodeAt(i) !== Char.EQUALS) {
    return pairFailure(text, expectedAt('OM_EXPECTED_EQUALS', `"=" after label name "${name}"`, text, i));
  }
  i++;
  if (i === n || text.charCodeAt(i) !== Char.QUOTE) {
    return pairFailure(text, expectedAt('OM_EXPECTED_QUOTE', `'"' to open the value of label "${name}"`, text, i));
  }
  const valueOffset = i;
  i++;
  let segment = i;
  let out: string | undefined;
  let high = false;
  for (;;) {
    const c = i < n ? text.charCodeAt(i) : Char.LF;
    if (c === Char.QUOTE) break;
    if (c === Char.LF) {
      return pairFailure(
        text,
        expectedAt('OM_UNTERMINATED_LABEL_VALUE', `'"' to close the value of label "${name}"`, text, i),
      );
    }
    if (c >= Char.HIGH) high = true;
    else if (c === Char.BACKSLASH) {
      const e = i + 1 < n ? text.charCodeAt(i + 1) : Char.LF;
      if (e === Char.LF) {
        return pairFailure(
          text,
          expectedAt('OM_UNTERMINATED_LABEL_VALUE', `'"' to close the value of label "${name}"`, text, i + 1),
        );
      }
      if (e === Char.BACKSLASH || e === Char.LOWER_N || e === Char.QUOTE) {
        out = (out ?? '') + text.slice(segment, i) + (e === Char.LOWER_N ? '\n' : e === Char.QUOTE ? '"' : '\\');
        segment = i + 2;
      } else if (e >= Char.HIGH) high = true;
      i++;
    }
    i++;
  }
  let value = out === undefined ? text.slice(segment, i) : out + text.slice(segment, i);
  if (high) {
    const decoded = decodeStrict(value);
    if (decoded === undefined) {
      return pairFailure(
        text,
        omError(
          'OM_INVALID_UTF8',
          `expected a UTF-8 value for label "${name}", found ${foundText(text, valueOffset, i + 1)}`,
          valueOffset,
        ),
      );
    }
    value = decoded;
  }
  return { end: i + 1, payload: { name, value, valueOffset } };
}

function pairFailure(text: string, error: ScanError): Scanned<BadPairPayload> {
  return { end: lineEnd(text, error.offset), payload: { error } };
}

/**
 * Scans ` value [timestamp]` from its space, for a sample or an exemplar. The
 * token ends before the LF, or before the space of a following ` # {`; any
 * other text after the value or timestamp is an error.
 */
export function scanValueTail(text: string, start: number): Scanned<ValuePayload> {
  const n = text.length;
  const valueStart = start + 1;
  let i = wordEnd(text, valueStart);
  if (i === valueStart) {
    return tailFailure(text, expectedAt('OM_INVALID_VALUE', 'a number after " "', text, i));
  }
  const value = parseOmNumber(text, valueStart, i);
  if (value === undefined) {
    return tailFailure(
      text,
      omError('OM_INVALID_VALUE', `expected a number, found ${foundText(text, valueStart, i)}`, valueStart),
    );
  }
  if (i === n || text.charCodeAt(i) === Char.LF) return { end: i, payload: { value } };
  if (text.charCodeAt(i + 1) === Char.HASH) return exemplarOpener(text, i, { value });
  const tsStart = i + 1;
  i = wordEnd(text, tsStart);
  if (i === tsStart) {
    return tailFailure(text, expectedAt('OM_INVALID_TIMESTAMP', 'a timestamp after " "', text, i));
  }
  const timestamp = parseOmTimestamp(text, tsStart, i);
  const timestampMs = timestamp === undefined ? undefined : secondsTextToMs(text, tsStart, i);
  if (timestampMs === undefined) {
    const what =
      timestamp === undefined
        ? 'a finite timestamp in seconds'
        : 'a timestamp within the range of a double in milliseconds';
    return tailFailure(
      text,
      omError('OM_INVALID_TIMESTAMP', `expected ${what}, found ${foundText(text, tsStart, i)}`, tsStart),
    );
  }
  const payload: ValuePayload = { value, timestamp, timestampMs };
  if (i === n || text.charCodeAt(i) === Char.LF) return { end: i, payload };
  if (text.charCodeAt(i + 1) === Char.HASH) return exemplarOpener(text, i, payload);
  const msg = `expected LF or " # {" after the timestamp, found ${foundText(text, i, lineEnd(text, i))}`;
  return tailFailure(text, omError('OM_EXPECTED_END_OF_LINE', msg, i));
}

/** At the space before a `#`: accepts ` # {` (the ExemplarOpen token follows), refuses anything else. */
function exemplarOpener(text: string, i: number, payload: ValuePayload): Scanned<ValuePayload> {
  if (text.charCodeAt(i + 2) === Char.SPACE && text.charCodeAt(i + 3) === Char.LBRACE) return { end: i, payload };
  const msg = `expected " # {" to start an exemplar, found ${foundText(text, i, lineEnd(text, i))}`;
  return tailFailure(text, omError('OM_INVALID_EXEMPLAR', msg, i));
}

function tailFailure(text: string, error: ScanError): Scanned<ValuePayload> {
  return { end: lineEnd(text, error.offset), payload: { value: 0, error } };
}
