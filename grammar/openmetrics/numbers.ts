import { parseGoFloat, parseGoFloatAt, parseGoInt64 } from '../../src/model/values.js';
import { Char } from '../../src/model/chars.js';
import { plainDecimalText } from '../common/decimal-bytes.js';

/**
 * OpenMetrics numbers and timestamps.
 *
 * The ABNF's `number` (`realnumber`, `[sign] inf|infinity`, `nan`, case
 * insensitive, no sign on NaN) is exactly the syntax Go's `ParseFloat` accepts
 * once hex, `p` and `_` are refused, which is what `parseGoFloat` checks; the
 * one difference is range: a `realnumber` too large for a double is still a
 * number (it becomes ±Inf), where Go reports a range error.
 */

/** Whether `text[start, end)` is a `realnumber`: `[sign] digits [. digits] [e [sign] digits]`, one digit at least before the exponent. */
export function isRealNumber(text: string, start: number, end: number): boolean {
  let i = start;
  if (i < end && (text.charCodeAt(i) === Char.PLUS || text.charCodeAt(i) === Char.MINUS)) i++;
  let digits = 0;
  let dot = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= Char.ZERO && c <= Char.NINE) digits++;
    else if (c === Char.DOT && !dot) dot = true;
    else break;
  }
  if (digits === 0) return false;
  if (i === end) return true;
  const e = text.charCodeAt(i);
  if (e !== Char.LOWER_E && e !== Char.UPPER_E) return false;
  i++;
  if (i < end && (text.charCodeAt(i) === Char.PLUS || text.charCodeAt(i) === Char.MINUS)) i++;
  if (i === end) return false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < Char.ZERO || c > Char.NINE) return false;
  }
  return true;
}

/**
 * Parses an OpenMetrics `number` in `text[start, end)`. Returns `undefined`
 * when it is not one; an out-of-range `realnumber` gives ±Infinity; `-0` is kept.
 */
export function parseOmNumber(text: string, start: number, end: number): number | undefined {
  // Plain decimals, exponent or not (`0.25`, `1.445977e+06`), are most values: converted in place.
  const d = plainDecimalText(text, start, end);
  if (d !== undefined) return d;
  const v = parseGoFloatAt(text, start, end);
  if (v !== undefined || !isRealNumber(text, start, end)) return v;
  return text.charCodeAt(start) === Char.MINUS ? -Infinity : Infinity;
}

/**
 * Parses an OpenMetrics timestamp (a `realnumber` of seconds) in
 * `text[start, end)`. Returns `undefined` unless it is a finite `realnumber`.
 */
export function parseOmTimestamp(text: string, start: number, end: number): number | undefined {
  const d = plainDecimalText(text, start, end);
  if (d !== undefined) return d;
  if (!isRealNumber(text, start, end)) return undefined;
  const v = parseGoFloatAt(text, start, end);
  return v === undefined || v === Infinity || v === -Infinity ? undefined : v;
}

/**
 * Converts a timestamp written in seconds (`text[start, end)`, already checked
 * with {@link parseOmTimestamp}) to whole milliseconds: the decimal point is
 * moved three places in the text, the result is rounded once to the nearest
 * double and truncated toward zero (as Prometheus converts OpenMetrics
 * timestamps), so `1.001` gives exactly 1001. Returns `undefined` when the
 * milliseconds do not fit a double.
 */
export function secondsTextToMs(text: string, start: number, end: number): number | undefined {
  if (end - start <= 12) {
    // Plain integers of up to 12 digits: exact in a double after * 1000.
    let v = 0;
    let i = start;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < Char.ZERO || c > Char.NINE) break;
      v = v * 10 + (c - Char.ZERO);
    }
    if (i === end) return v * 1000;
  }
  let e = start;
  while (e < end && text.charCodeAt(e) !== Char.LOWER_E && text.charCodeAt(e) !== Char.UPPER_E) e++;
  let exponent = 0;
  if (e < end) {
    const parsed = parseGoInt64(text.slice(e + 1, end));
    // An exponent beyond int64 leaves a value of zero or an overflow, both kept by the plain product.
    if (parsed === undefined || parsed > 1e9 || parsed < -1e9)
      return finiteOrUndefined(Math.trunc((parseGoFloat(text.slice(start, end)) ?? NaN) * 1000));
    exponent = parsed;
  }
  const ms = parseGoFloat(`${text.slice(start, e)}e${exponent + 3}`);
  if (ms === undefined) return undefined;
  return Math.trunc(ms) || 0;
}

function finiteOrUndefined(v: number): number | undefined {
  return v === v && v !== Infinity && v !== -Infinity ? v || 0 : undefined;
}
