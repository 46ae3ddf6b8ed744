import { decodeUtf8Rune } from './go-quote.js';
import type { MetricFamily } from './types.js';

/**
 * Exact int64/uint64 values and raw HELP bytes beside the model's plain
 * fields (see docs/format.md, "Exact integers"). A number field holds the
 * nearest double; its `*Exact` sidecar holds the exact value and is set only
 * when the two differ. A sidecar counts only while its number still equals it
 * rounded, so code that changes a number and not its sidecar gets the number.
 */

/** The exact integer of a model field: the sidecar when it matches the number, else the number truncated (must be finite). */
export function exactInteger(value: number, exact: bigint | undefined): bigint {
  if (exact !== undefined && Number(exact) === value) return exact;
  return BigInt(Math.trunc(value));
}

/** The sidecar to store for an exact value: the value when a double cannot hold it, else `undefined`. */
export function sidecarOf(exact: bigint): bigint | undefined {
  return BigInt(Number(exact)) === exact ? undefined : exact;
}

/** Decodes UTF-8 bytes as Go's decoder reads them: each byte that is not part of a valid sequence is one U+FFFD. */
export function decodeUtf8Lenient(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const [cp, width] = decodeUtf8Rune(bytes, i);
    out += cp < 0 ? '\ufffd' : String.fromCodePoint(cp);
    i += width;
  }
  return out;
}

/** A family's raw HELP bytes when it has them and they still read as its `help`, else `undefined`. */
export function rawHelpBytes(family: MetricFamily): Uint8Array | undefined {
  const bytes = family.helpBytes;
  if (bytes === undefined || family.help === undefined) return undefined;
  return decodeUtf8Lenient(bytes) === family.help ? bytes : undefined;
}
