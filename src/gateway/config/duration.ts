/**
 * Go `time.Duration` text: `time.ParseDuration` and `Duration.String`, which
 * is how the Pushgateway's flags (`--persistence.interval=5m`) are read and
 * shown (`"5m0s"` in `/api/v1/status`).
 */

const UNITS: ReadonlyMap<string, number> = new Map([
  ['ns', 1e-6],
  ['us', 1e-3],
  ['\u00b5s', 1e-3],
  ['\u03bcs', 1e-3],
  ['ms', 1],
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
]);

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const DOT = 46;

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

/**
 * Parses a Go duration (`300ms`, `1.5h`, `2h45m`, `-1m`, `0`) into
 * milliseconds (fractional for sub-millisecond units). Returns `undefined`
 * for anything `time.ParseDuration` refuses (`1d`, `5`, `""`). Pure.
 */
export function parseGoDuration(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  let i = 0;
  while (i < s.length) {
    const start = i;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    const intEnd = i;
    let fracEnd = i;
    if (i < s.length && s.charCodeAt(i) === DOT) {
      i++;
      while (i < s.length && isDigit(s.charCodeAt(i))) i++;
      fracEnd = i;
    }
    const hasInt = intEnd > start;
    const hasFrac = fracEnd > intEnd + 1;
    if (!hasInt && !hasFrac) return undefined;
    const unitStart = i;
    while (i < s.length && s.charCodeAt(i) !== DOT && !isDigit(s.charCodeAt(i))) i++;
    const unit = UNITS.get(s.slice(unitStart, i));
    if (unit === undefined) return undefined;
    const number = s.slice(start, fracEnd);
    total += (number === '.' ? 0 : +number) * unit;
  }
  return sign * total;
}

/** Formats a fraction: the digits of `v` (an integer count of `10^-prec` units) with trailing zeros dropped. */
function withFraction(whole: number, frac: number, prec: number): string {
  if (frac === 0) return String(whole);
  let f = String(frac).padStart(prec, '0');
  while (f.endsWith('0')) f = f.slice(0, -1);
  return `${whole}.${f}`;
}

/**
 * Formats milliseconds as Go's `Duration.String` does: `0s`, `1.5s`,
 * `5m0s`, `1h0m0s`, `300ms`, `1.5µs`, `-2s`. Precision is one nanosecond.
 */
export function formatGoDuration(ms: number): string {
  let ns = Math.round(ms * 1e6);
  if (ns === 0) return '0s';
  const neg = ns < 0;
  if (neg) ns = -ns;
  let out: string;
  if (ns < 1e9) {
    if (ns < 1e3) out = `${ns}ns`;
    else if (ns < 1e6) out = `${withFraction(Math.floor(ns / 1e3), ns % 1e3, 3)}\u00b5s`;
    else out = `${withFraction(Math.floor(ns / 1e6), ns % 1e6, 6)}ms`;
  } else {
    const totalSeconds = Math.floor(ns / 1e9);
    const fracNs = ns % 1e9;
    const h = Math.floor(totalSeconds / 3600);
    const m = Math.floor((totalSeconds % 3600) / 60);
    const sec = totalSeconds % 60;
    out = `${withFraction(sec, fracNs, 9)}s`;
    if (h > 0 || m > 0) out = `${m}m${out}`;
    if (h > 0) out = `${h}h${out}`;
  }
  return neg ? `-${out}` : out;
}
