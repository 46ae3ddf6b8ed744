import { Char } from '../../src/model/chars.js';

/** The powers of ten a double holds exactly (10^0 to 10^22): the scales of Clinger's fast path. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * `v` (the integer of `digits` digits read) times 10^`scale`, signed, when that is one exact
 * step (Clinger's fast path); `undefined` otherwise. `v` was read as `v * 10 + digit`, each step
 * rounded: below 2^53 every step was exact, and rounding never takes a larger integer below
 * 2^53, so `v` up to `MAX_SAFE_INTEGER` is the integer spelled (16 digits mostly are).
 */
function scaled(v: number, digits: number, scale: number, negative: boolean): number | undefined {
  if (digits === 0 || v > Number.MAX_SAFE_INTEGER || scale < -22 || scale > 22) return undefined;
  const r = scale < 0 ? v / POW10[-scale] : v * POW10[scale];
  return negative ? -r : r;
}

/**
 * The value of `buf[start, end)` when it is a plain decimal with an optional
 * exponent (`123`, `-0.25`, `4.06e+5`) whose digits as an integer (below 2^53)
 * are scaled by an exact power of ten, at most 10^22: one correctly rounded
 * multiplication or division, the value any exact parser gives. `undefined`
 * for anything else (the caller's full parser then reads the text, with its
 * own format's rules and errors).
 */
export function plainDecimalBytes(buf: Buffer, start: number, end: number): number | undefined {
  let i = start;
  const negative = buf[i] === Char.MINUS;
  if (negative) i++;
  let v = 0;
  let digits = 0;
  let scale = 0;
  let point = false;
  for (; i < end; i++) {
    const c = buf[i];
    if (c >= Char.ZERO && c <= Char.NINE) {
      v = v * 10 + (c - Char.ZERO);
      digits++;
      if (point) scale--;
    } else if (c === Char.DOT && !point) point = true;
    else break;
  }
  if (i < end && digits > 0 && (buf[i] === Char.LOWER_E || buf[i] === Char.UPPER_E)) {
    i++;
    const sign = buf[i];
    if (sign === Char.PLUS || sign === Char.MINUS) i++;
    let e = 0;
    const expStart = i;
    for (; i < end && i - expStart < 3; i++) {
      const c = buf[i];
      if (c < Char.ZERO || c > Char.NINE) break;
      e = e * 10 + (c - Char.ZERO);
    }
    if (i === expStart) i = -1;
    scale += sign === Char.MINUS ? -e : e;
  }
  return i === end ? scaled(v, digits, scale, negative) : undefined;
}

/**
 * {@link plainDecimalBytes} over the chars of `text[start, end)`: the same plain decimals, the
 * same value, `undefined` for anything else. Spares the fast string readers a slice and a full
 * parse for values such as `1.445977e+06`.
 */
export function plainDecimalText(text: string, start: number, end: number): number | undefined {
  let i = start;
  const negative = text.charCodeAt(i) === Char.MINUS;
  if (negative) i++;
  let v = 0;
  let digits = 0;
  let scale = 0;
  let point = false;
  let c = 0;
  for (; i < end; i++) {
    c = text.charCodeAt(i);
    if (c >= Char.ZERO && c <= Char.NINE) {
      v = v * 10 + (c - Char.ZERO);
      digits++;
      if (point) scale--;
    } else if (c === Char.DOT && !point) point = true;
    else break;
  }
  if (i < end && digits > 0 && (c === Char.LOWER_E || c === Char.UPPER_E)) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === Char.PLUS || sign === Char.MINUS) i++;
    let e = 0;
    const expStart = i;
    for (; i < end && i - expStart < 3; i++) {
      c = text.charCodeAt(i);
      if (c < Char.ZERO || c > Char.NINE) break;
      e = e * 10 + (c - Char.ZERO);
    }
    if (i === expStart) i = -1;
    scale += sign === Char.MINUS ? -e : e;
  }
  return i === end ? scaled(v, digits, scale, negative) : undefined;
}
