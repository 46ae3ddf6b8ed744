import { Char } from './chars.js';
import { storedText, storeText } from './float-texts.js';
/**
 * Go-compatible number parsing and formatting.
 *
 * The exposition formats are defined by what Go's `strconv` accepts and writes,
 * so these functions check the syntax themselves before converting: `Number()`
 * alone would accept `0x1F`, `" 1 "`, `""` and `Infinity` spellings Go rejects.
 */

/** Lower-cases an ASCII letter code. */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Whether `s` (from `start`) equals the lower-case ASCII word `word`, ignoring case. */
function equalsIgnoreCase(s: string, start: number, word: string): boolean {
  if (s.length - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    if (lower(s.charCodeAt(start + i)) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Parses a float exactly as the 0.0.4 text parser does: Go
 * `strconv.ParseFloat(s, 64)` after refusing any `p`, `P` or `_`.
 *
 * Accepts an optional sign, decimal digits with an optional point and exponent,
 * `inf`/`infinity` (any case, optional sign) and `nan` (any case, no sign).
 * Returns `undefined` for a syntax error or an overflow (Go's `ErrRange`);
 * underflow rounds to zero or a subnormal. `-0` is kept.
 */
export function parseGoFloat(s: string): number | undefined {
  const n = s.length;
  if (n === 0) return undefined;
  let i = 0;
  let c = s.charCodeAt(0);
  // Fast path: a plain non-negative integer of up to 15 digits.
  if (n <= 15 && c >= Char.ZERO && c <= Char.NINE) {
    let v = 0;
    for (; i < n; i++) {
      c = s.charCodeAt(i);
      if (c < Char.ZERO || c > Char.NINE) break;
      v = v * 10 + (c - Char.ZERO);
    }
    if (i === n) return v;
    i = 0;
    c = s.charCodeAt(0);
  }
  let negative = false;
  if (c === Char.PLUS || c === Char.MINUS) {
    negative = c === Char.MINUS;
    i = 1;
    if (i === n) return undefined;
    c = s.charCodeAt(i);
  }
  const l = lower(c);
  if (l === 105 /* i */) {
    if (equalsIgnoreCase(s, i, 'inf') || equalsIgnoreCase(s, i, 'infinity')) {
      return negative ? -Infinity : Infinity;
    }
    return undefined;
  }
  if (l === 110 /* n */) {
    return i === 0 && equalsIgnoreCase(s, 0, 'nan') ? NaN : undefined;
  }
  let digits = 0;
  let sawDot = false;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (c >= Char.ZERO && c <= Char.NINE) digits++;
    else if (c === Char.DOT && !sawDot) sawDot = true;
    else break;
  }
  if (digits === 0) return undefined;
  if (i < n) {
    if (c !== Char.LOWER_E && c !== Char.UPPER_E) return undefined;
    i++;
    if (i < n && (s.charCodeAt(i) === Char.PLUS || s.charCodeAt(i) === Char.MINUS)) i++;
    const expStart = i;
    for (; i < n; i++) {
      c = s.charCodeAt(i);
      if (c < Char.ZERO || c > Char.NINE) return undefined;
    }
    if (i === expStart) return undefined;
  }
  // The syntax is now exactly Go's decimal form, which JavaScript converts with
  // the same correct rounding.
  const v = +s;
  if (v === Infinity || v === -Infinity) return undefined;
  return v;
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * Parses a base-10 int64 as Go `strconv.ParseInt(s, 10, 64)`: optional sign,
 * digits only, range checked. Returns `undefined` on error. Values beyond ±2^53
 * are rounded to the nearest double (`BigInt(s)` is then the exact value).
 */
export function parseGoInt64(s: string): number | undefined {
  const n = s.length;
  let i = 0;
  if (n > 0 && (s.charCodeAt(0) === Char.PLUS || s.charCodeAt(0) === Char.MINUS)) i = 1;
  if (i === n) return undefined;
  let v = 0;
  for (let j = i; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < Char.ZERO || c > Char.NINE) return undefined;
    v = v * 10 + (c - Char.ZERO);
  }
  if (n - i <= 15) return s.charCodeAt(0) === Char.MINUS ? -v : v;
  const big = BigInt(s);
  if (big > INT64_MAX || big < INT64_MIN) return undefined;
  return Number(big);
}

const TWO_64 = 18446744073709551616;
const TWO_63 = 9223372036854775808;

/**
 * Converts a float to a uint64 count the way the 0.0.4 parser does (Go
 * `uint64(float64)` on amd64): fractions are truncated toward zero; negative
 * values wrap; NaN, infinities and values at or beyond 2^64 give 2^63.
 * The result is a double, so counts beyond 2^53 are rounded; see {@link toUint64Exact}.
 */
export function toUint64(v: number): number {
  if (v >= 0 && v < TWO_64) return Math.trunc(v);
  if (v < 0 && v > -TWO_63) {
    const t = Math.trunc(v);
    return t === 0 ? 0 : TWO_64 + t;
  }
  return TWO_63;
}

/**
 * {@link toUint64} without rounding: the exact uint64 Go's conversion gives
 * (a negative value wraps to `2^64 + trunc(v)`, which a double cannot hold).
 */
export function toUint64Exact(v: number): bigint {
  if (v < 0 && v > -TWO_63) {
    const t = Math.trunc(v);
    return t === 0 ? 0n : 18446744073709551616n + BigInt(t);
  }
  return BigInt(toUint64(v));
}

/** `0.` to `0.000`, and the same after `-`: the start of a fixed form with exponent -1 to -4 (index 0 to 3). */
const FRACTION_START: readonly string[] = ['0.', '0.0', '0.00', '0.000'];
const NEG_FRACTION_START: readonly string[] = FRACTION_START.map((s) => '-' + s);

/**
 * Formats a float as Go `strconv.FormatFloat(v, 'g', -1, 64)` with the
 * Prometheus spellings `NaN`, `+Inf`, `-Inf`: the shortest digits that
 * round-trip, in exponent form (`1e+06`, `1.5e-05`) when the decimal exponent
 * is < -4 or >= 6, fixed form otherwise. Negative zero is written `-0`; see
 * {@link formatTextFloat} for the serializer's spelling.
 *
 * Values other than small integers are looked up first among the texts of
 * recent values (`float-texts.ts`): an exposition written again repeats most
 * of its values.
 */
export function formatGoFloat(v: number): string {
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  if (v > -1e6 && v < 1e6 && Number.isInteger(v)) return String(v);
  const stored = storedText(v);
  if (stored !== undefined) return stored;
  const text = formatUncached(v);
  storeText(v, text);
  return text;
}

/**
 * {@link formatGoFloat} of a value other than zero and the integers of
 * magnitude below 10^6, computed from `toExponential()`: its digits are the
 * shortest that round-trip (as `String(v)`'s), and it costs about half as much
 * as `String(v)`. Go's exponent has at least two digits; exponents -4 to 5 are
 * written in fixed form.
 */
function formatUncached(v: number): string {
  if (v !== v) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const e = v.toExponential();
  // `e` ends with `e+d`, `e-dd` or `e+ddd`: `at` is the index of the `e`.
  const n = e.length;
  const at = e.charCodeAt(n - 3) === Char.LOWER_E ? n - 3 : e.charCodeAt(n - 4) === Char.LOWER_E ? n - 4 : n - 5;
  let exp = 0;
  for (let i = at + 2; i < n; i++) exp = exp * 10 + (e.charCodeAt(i) - Char.ZERO);
  const negExp = e.charCodeAt(at + 1) === Char.MINUS;
  if (negExp ? exp > 4 : exp >= 6) return at + 3 === n ? e.slice(0, at + 2) + '0' + e.slice(at + 2) : e;
  // Fixed form: the lead digit (after the sign) and the digits after the mantissa's point. The
  // integers of this range are written before the call, so a value here has more digits after
  // its lead than its exponent: the point falls inside them.
  const lead = e.charCodeAt(0) === Char.MINUS ? 1 : 0;
  const frac = lead + 2;
  if (negExp) return (lead === 1 ? NEG_FRACTION_START : FRACTION_START)[exp - 1] + e.charAt(lead) + e.slice(frac, at);
  if (exp === 0) return e.slice(0, at);
  return e.slice(0, lead + 1) + e.slice(frac, frac + exp) + '.' + e.slice(frac + exp, at);
}

/** Formats a float as `MetricFamilyToText` does: like {@link formatGoFloat}, but negative zero is `0`. */
export function formatTextFloat(v: number): string {
  return v === 0 ? '0' : formatGoFloat(v);
}

/**
 * {@link parseGoFloat} on `text.slice(start, end)`, without making the slice
 * for plain integers of up to 15 digits (the common case of sample values).
 */
export function parseGoFloatAt(text: string, start: number, end: number): number | undefined {
  if (end - start <= 15 && end > start) {
    let v = 0;
    let i = start;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < Char.ZERO || c > Char.NINE) break;
      v = v * 10 + (c - Char.ZERO);
    }
    if (i === end) return v;
  }
  return parseGoFloat(text.slice(start, end));
}
