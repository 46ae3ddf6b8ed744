/**
 * Conversions between model times in seconds (doubles) and
 * `google.protobuf.Timestamp` seconds/nanos pairs.
 */

/**
 * Splits seconds into whole seconds (floored) and nanoseconds, taking the
 * digits from the shortest decimal spelling of the double, so that a time
 * written as `1520879607.789` gives 789000000 ns and not the binary residue.
 */
export function splitSeconds(t: number): { seconds: number; nanos: number } {
  const text = String(t < 0 ? -t : t);
  if (!Number.isFinite(t) || text.includes('e')) {
    const s = Math.floor(t);
    const nanos = Math.min(999_999_999, Math.round((t - s) * 1e9));
    return { seconds: s, nanos };
  }
  const dot = text.indexOf('.');
  const whole = dot < 0 ? +text : +text.slice(0, dot);
  let nanos = dot < 0 ? 0 : Math.round(+(text.slice(dot + 1) + '000000000').slice(0, 10) / 10);
  let seconds = whole;
  if (nanos >= 1e9) {
    seconds += 1;
    nanos -= 1e9;
  }
  if (t < 0) {
    seconds = -seconds;
    if (nanos > 0) {
      seconds -= 1;
      nanos = 1e9 - nanos;
    }
  }
  return { seconds, nanos };
}

/** The double nearest to `seconds + nanos / 1e9` (inverse of {@link splitSeconds} for times written with up to 9 decimals). */
export function joinSeconds(seconds: bigint | number, nanos: number): number {
  const total = BigInt(seconds) * 1_000_000_000n + BigInt(nanos);
  const neg = total < 0n;
  const abs = neg ? -total : total;
  const whole = abs / 1_000_000_000n;
  const frac = (abs % 1_000_000_000n).toString().padStart(9, '0');
  return +`${neg ? '-' : ''}${whole}.${frac}`;
}

/** Seconds as Go's OpenMetrics writer computes them from a timestamp: `float64(UnixNano()) / 1e9`. */
export function goUnixSeconds(t: number): number {
  const { seconds, nanos } = splitSeconds(t);
  return Number(BigInt(seconds) * 1_000_000_000n + BigInt(nanos)) / 1e9;
}
