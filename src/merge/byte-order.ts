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
  const head = String.fromCharCode(n >>> 16, n & 0xffff);
  if (n > JOINED_KEY_LABELS) return head + joinedKey(labels, 'value');
  let key = head;
  for (let i = 0; i < n; i++) key += orderable(labels[i].value) + TERMINATOR;
  return key;
}

/** The number of labels of the series whose {@link seriesOrderKey} (or {@link seriesSortKey}) is `key`: its first two code units. */
export function labelCount(key: string): number {
  return ((key.charCodeAt(0) << 16) | key.charCodeAt(1)) >>> 0;
}

/**
 * Labels beyond which a key is built by one join rather than by appending:
 * appending makes a tree of pieces that costs several times the text until
 * it is flattened, which for a huge label set is most of the work.
 */
const JOINED_KEY_LABELS = 64;

/** The orderable names or values of `labels`, each followed by the terminator, as one flat string. */
function joinedKey(labels: readonly Label[], field: 'name' | 'value'): string {
  const latin1 = latin1Key(labels, field);
  if (latin1 !== undefined) return latin1;
  const parts: string[] = new Array(labels.length + 1);
  for (let i = 0; i < labels.length; i++) parts[i] = orderable(labels[i][field]);
  parts[labels.length] = '';
  return parts.join(TERMINATOR);
}

/**
 * {@link joinedKey} written byte by byte and decoded once, when every
 * character is in U+0001–U+00FF (then {@link orderable} changes nothing);
 * `undefined` otherwise. Several times faster than joining many short strings.
 */
function latin1Key(labels: readonly Label[], field: 'name' | 'value'): string | undefined {
  let size = 0;
  for (let i = 0; i < labels.length; i++) size += labels[i][field].length + TERMINATOR.length;
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  for (let i = 0; i < labels.length; i++) {
    const s = labels[i][field];
    for (let j = 0; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === NUL || c > 0xff) return undefined;
      out[o++] = c;
    }
    out[o++] = NUL;
    out[o++] = NUL;
  }
  return out.toString('latin1');
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
  if (labels.length > JOINED_KEY_LABELS) return orderKey + joinedKey(labels, 'name');
  let key = orderKey;
  for (let i = 0; i < labels.length; i++) key += orderable(labels[i].name) + TERMINATOR;
  return key;
}

/** A series key and the length of its order key, its prefix (see {@link seriesKeyOfLarge}). */
export interface SeriesKey {
  readonly key: string;
  readonly orderLength: number;
}

/**
 * {@link seriesSortKey} of a set of more than {@link JOINED_KEY_LABELS}
 * labels whose characters all lie in U+0001–U+00FF, written code unit by
 * code unit into one buffer and decoded once, with the length of its
 * {@link seriesOrderKey} prefix; `undefined` for a smaller set or another
 * character. Joining the two halves instead costs a copy of each, and
 * flattening the joined key a third.
 */
export function seriesKeyOfLarge(labels: readonly Label[]): SeriesKey | undefined {
  const n = labels.length;
  if (n <= JOINED_KEY_LABELS) return undefined;
  let orderLength = 2;
  let size = 0;
  for (let i = 0; i < n; i++) {
    orderLength += labels[i].value.length + TERMINATOR.length;
    size += labels[i].name.length + TERMINATOR.length;
  }
  size += orderLength;
  // The head's second unit exceeds U+00FF from 256 labels on: then the key is a two-byte string anyway.
  const width = n < 256 ? 1 : 2;
  const out = Buffer.alloc(width * size);
  if (width === 1) out[1] = n;
  else {
    out.writeUInt16LE(n >>> 16, 0);
    out.writeUInt16LE(n & 0xffff, 2);
  }
  let o = 2 * width;
  for (let i = 0; i < n && o >= 0; i++) o = writeUnits(out, o, width, labels[i].value);
  for (let i = 0; i < n && o >= 0; i++) o = writeUnits(out, o, width, labels[i].name);
  if (o < 0) return undefined;
  return { key: out.toString(width === 1 ? 'latin1' : 'utf16le'), orderLength };
}

/**
 * Writes the chars of `s` and the terminator into zeroed `out` from `o`, as
 * units of `width` bytes (little-endian); the next offset, or -1 for a char
 * outside U+0001–U+00FF.
 */
function writeUnits(out: Buffer, o: number, width: 1 | 2, s: string): number {
  for (let j = 0; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === NUL || c > 0xff) return -1;
    out[o] = c;
    o += width;
  }
  return o + width * TERMINATOR.length;
}

/** Compares two labels by name in Go byte order (the order `sort.Sort(labelPairs)` gives). */
export function compareLabelNames(a: Label, b: Label): number {
  return a.name === b.name ? 0 : compareBytes(a.name, b.name);
}

/** Go's order of two label names, for a set known to hold no code unit from U+D800 up: plain comparison. */
function compareBmpLabelNames(a: Label, b: Label): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Whether some label name has a code unit from U+D800 up (where code-unit order differs from byte order). */
function hasHighCodeUnit(labels: readonly Label[]): boolean {
  for (let i = 0; i < labels.length; i++) {
    const s = labels[i].name;
    for (let j = 0; j < s.length; j++) if (s.charCodeAt(j) >= SURROGATE_MIN) return true;
  }
  return false;
}

/**
 * Sorts `labels` in place by name in Go byte order, stably (the order of
 * `sort.Stable` by name), and returns it. A sorted set costs one pass, and
 * a set without code units from U+D800 up is compared natively.
 */
export function sortLabelsByName(labels: Label[]): Label[] {
  let sorted = true;
  for (let i = 1; sorted && i < labels.length; i++) sorted = compareLabelNames(labels[i - 1], labels[i]) <= 0;
  if (sorted) return labels;
  return labels.sort(hasHighCodeUnit(labels) ? compareLabelNames : compareBmpLabelNames);
}
