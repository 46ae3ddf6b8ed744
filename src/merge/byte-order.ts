import type { Label } from '../model/types.js';

/**
 * Go compares strings byte by byte (UTF-8). JavaScript compares UTF-16 code
 * units. The two orders agree except where a supplementary character
 * (surrogate pair, UTF-8 `F0`–`F4`) meets a character in U+E000–U+FFFF
 * (UTF-8 `EE`/`EF`): UTF-16 puts the surrogate first, UTF-8 last. These
 * helpers give Go's order.
 */

const NUL = 0;
const SURROGATE_MIN = 0xd800;
const SURROGATE_END = 0xe000;

/** Maps a code unit ≥ U+D800 so that code-unit order equals UTF-8 byte order. */
function remap(c: number): number {
  if (c < SURROGATE_MIN) return c;
  return c < SURROGATE_END ? c + 0x2000 : c - 0x800;
}

/**
 * Compares two strings in Go's order (the byte order of their UTF-8
 * encodings). Returns a negative number, zero or a positive number.
 */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return remap(ca) - remap(cb);
  }
  return a.length - b.length;
}

/**
 * Rewrites `s` so that plain code-unit comparison of the results, each
 * followed by the terminator `"\0\0"`, orders them like Go orders the
 * originals, and so that the rewritten strings can be concatenated without
 * ambiguity: NUL becomes `"\0\x01"`, code units from U+D800 up are remapped.
 * Returns `s` itself when it has neither (the common case).
 */
function orderable(s: string): string {
  let i = 0;
  const n = s.length;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === NUL || c >= SURROGATE_MIN) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === NUL) out += '\u0000\u0001';
    else out += String.fromCharCode(remap(c));
  }
  return out;
}

const TERMINATOR = '\u0000\u0000';

/**
 * The order key of a series within a family: comparing two keys with `<`
 * orders series as client_golang's `metricSorter` does (fewer labels first,
 * then label values position by position in Go byte order). Series whose
 * label values are equal position by position get equal keys (Go leaves
 * their order unspecified). `labels` must be in their final order (sorted by
 * name for stored series). Does not mutate its input.
 */
export function seriesOrderKey(labels: readonly Label[]): string {
  const n = labels.length;
  let key = String.fromCharCode(n >>> 16, n & 0xffff);
  for (let i = 0; i < n; i++) key += orderable(labels[i].value) + TERMINATOR;
  return key;
}

/**
 * A key that identifies a series within its family: {@link seriesOrderKey}
 * followed by the label names. Two label lists get the same key exactly when
 * they are equal pair by pair; comparing keys with `<` is Go's order with the
 * names as a final tie-break. Does not mutate its input.
 */
export function seriesSortKey(labels: readonly Label[]): string {
  return seriesIdentity(seriesOrderKey(labels), labels);
}

/** {@link seriesSortKey} from an already computed {@link seriesOrderKey}. */
export function seriesIdentity(orderKey: string, labels: readonly Label[]): string {
  let key = orderKey;
  for (let i = 0; i < labels.length; i++) key += orderable(labels[i].name) + TERMINATOR;
  return key;
}

/** Compares two labels by name in Go byte order (the order `sort.Sort(labelPairs)` gives). */
export function compareLabelNames(a: Label, b: Label): number {
  return a.name === b.name ? 0 : compareBytes(a.name, b.name);
}
