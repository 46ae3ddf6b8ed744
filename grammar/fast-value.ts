import { decodeStrict } from './scan-context.js';

/**
 * The quoted label value reader shared by the fast line readers of both
 * formats: it takes values whose only escapes are backslash-backslash,
 * backslash-quote and backslash-n (the ones both formats decode the same way)
 * and, for byte input, checks their UTF-8. Anything else is left to the grammar.
 */

const LF = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const LOWER_N = 110;
const HIGH = 0x80;

const ESCAPES = /\\(.)/g;

/** Where the last value read by {@link readFastValue} ended: the index of its closing quote. */
export let fastValueEnd = 0;

/**
 * Reads a label value from `start` (just after its opening quote). Returns the
 * decoded value and sets {@link fastValueEnd}, or returns `undefined` when the
 * grammar must read the line (other escapes, a LF, the end of the text,
 * invalid UTF-8).
 */
export function readFastValue(text: string, start: number, bytes: boolean): string | undefined {
  let j = start;
  let escaped = false;
  let high = false;
  for (;;) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) break;
    if (c === BACKSLASH) {
      const e = text.charCodeAt(j + 1);
      if (e !== BACKSLASH && e !== QUOTE && e !== LOWER_N) return undefined;
      escaped = true;
      j += 2;
      continue;
    }
    if (c === LF || c !== c) return undefined;
    if (c >= HIGH) high = true;
    j++;
  }
  let value = text.slice(start, j);
  if (escaped) value = value.replace(ESCAPES, (_m, e: string) => (e === 'n' ? '\n' : e));
  if (high && bytes) {
    const decoded = decodeStrict(value);
    if (decoded === undefined) return undefined;
    value = decoded;
  }
  fastValueEnd = j;
  return value;
}

/**
 * `text.slice(start, end)`, or `known` when it spells the same text.
 * Consecutive lines repeat their names: reusing the string saves an
 * allocation and makes later comparisons pointer-fast.
 */
export function sliceOrReuse(text: string, start: number, end: number, known: string | undefined): string {
  return known !== undefined && known.length === end - start && text.startsWith(known, start)
    ? known
    : text.slice(start, end);
}
