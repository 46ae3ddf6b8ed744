import { formatGoFloat } from '../model/values.js';

const ZERO = 48;

/**
 * `formatTextFloat` from the model (Go `%g` shortest, `-0` as `0`) with a
 * faster paths for integers of 10^6 and more, which expositions are full of
 * (byte counts, Unix times): their shortest digits are the integer's digits
 * without trailing zeros; and for fixed-notation values, which need no checks.
 */
export function formatFloat(v: number): string {
  if (v > -1e6 && v < 1e6 && Number.isInteger(v)) return v === 0 ? '0' : String(v);
  if (v < 1e21 && v > -1e21 && Number.isInteger(v)) {
    const neg = v < 0;
    const d = String(neg ? -v : v);
    let end = d.length;
    while (d.charCodeAt(end - 1) === ZERO) end--;
    const exp = d.length - 1;
    const mantissa = end === 1 ? d[0] : d[0] + '.' + d.slice(1, end);
    return (neg ? '-' : '') + mantissa + (exp < 10 ? 'e+0' : 'e+') + exp;
  }
  // JavaScript's shortest fixed spelling equals Go's %g for exponents -4..5 (NaN fails both tests).
  const abs = v < 0 ? -v : v;
  if (abs >= 1e-4 && abs < 1e6) return String(v);
  return formatGoFloat(v);
}
