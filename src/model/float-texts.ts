/**
 * The texts of recently formatted values, for `formatGoFloat`: finding the
 * shortest digits of a fraction costs several times a lookup, and an
 * exposition written again (every scrape of a gateway) repeats most of its
 * values. One slot per hash of a value's bits; a later value takes the slot.
 */

/** log2 of the slots. */
const BITS = 13;
const values = new Float64Array(1 << BITS);
const texts: string[] = new Array<string>(1 << BITS).fill('');
/** The value being looked up, and its bits as two words. */
const bits = new Float64Array(1);
const words = new Int32Array(bits.buffer);

/**
 * Lookups per window of the bookkeeping. Storing texts costs more than it
 * saves when values rarely repeat (a large output of unique values): after a
 * window with few hits, texts are stored only one window in
 * {@link SKIPPED_WINDOWS} + 1, which still notices within a few hundred
 * thousand values when they start to repeat.
 */
const WINDOW = 1024;
const SKIPPED_WINDOWS = 255;
let lookups = 0;
let hits = 0;
/** Windows left before texts are stored again (0: they are stored). */
let skipping = 0;
/** The slot of the last value looked up while texts are stored. */
let slot = 0;

/**
 * The stored text of `v` (not zero: an empty slot holds 0, so it never
 * matches; NaN never matches either), or undefined. A miss is to be followed
 * by {@link storeText} of the same value.
 */
export function storedText(v: number): string | undefined {
  if (++lookups === WINDOW) endWindow();
  if (skipping > 0) return undefined;
  bits[0] = v;
  slot = Math.imul(words[0] ^ words[1], 0x9e3779b1) >>> (32 - BITS);
  if (values[slot] !== v) return undefined;
  hits++;
  return texts[slot];
}

/** Stores the text of the value {@link storedText} last missed, unless texts are not stored in this window. */
export function storeText(v: number, text: string): void {
  if (skipping > 0) return;
  // Flattened once here rather than in every output that writes it again.
  text.charCodeAt(0);
  values[slot] = v;
  texts[slot] = text;
}

/** Decides whether the next window stores texts: yes after a window where at least a quarter of lookups hit. */
function endWindow(): void {
  if (skipping > 0) skipping--;
  else if (hits < WINDOW / 4) skipping = SKIPPED_WINDOWS;
  lookups = 0;
  hits = 0;
}

/** Forgets the stored texts and the window counts, as at start-up (for tests). */
export function resetFloatTexts(): void {
  values.fill(0);
  texts.fill('');
  lookups = 0;
  hits = 0;
  skipping = 0;
}
