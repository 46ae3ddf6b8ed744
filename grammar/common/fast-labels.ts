import { isLabelNameChar, isLabelNameStart, isMetricNameChar } from '../../src/model/names.js';
import { hasRepeatedName } from '../../src/model/labels.js';
import type { Label } from '../../src/model/types.js';
import { Char } from '../../src/model/chars.js';
import { decodeStrict } from './scan-context.js';

/**
 * What the fast line readers of both formats share: the label-set loop and
 * the quoted-value reader. They take label sets whose values use only the
 * escapes both formats decode the same way (backslash-backslash,
 * backslash-quote, backslash-n) and, for byte input, checks their UTF-8. Any
 * other label set is left to the grammar, which reports its errors.
 */

/** The fast reader's position: offset and line number, updated as lines are read. */
export interface FastCursor {
  offset: number;
  line: number;
}

/** How a format's label sets differ. */
export interface LabelSetRules {
  /** Whether `{a="b",}` (a comma before the brace) is allowed (0.0.4: yes; OpenMetrics: no). */
  trailingComma: boolean;
  /** Whether a `__name__` label is left to the grammar (0.0.4 refuses it there). */
  reservedName: boolean;
  /**
   * A set with more labels than this is left to the grammar, which applies
   * `maxLabelsPerSeries` as it reads (Infinity: no limit).
   */
  maxLabels: number;
  /**
   * Check only (the parser's `validateOnly`): values are checked but not made into strings, and
   * the sets returned hold only the `le` and `quantile` labels, whose values the assembler
   * checks. Needs `maxLabels` unlimited, as the sets returned are not counted.
   */
  checkOnly?: boolean;
}

const ESCAPES = /\\(.)/g;
const NAME_LABEL = '__name__';
/** Values are remembered for reuse at the first this many places of a set (a huge set would only grow the cache). */
const REUSED_PLACES = 64;

/**
 * Reads label sets for a fast line reader. Keeps the previous set's names so
 * that consecutive lines share their name strings (one allocation saved per
 * label, and a set whose names are all the previous, checked ones needs no
 * duplicate check).
 */
export class FastLabelReader {
  /** Where the last set read by {@link read} or series read by {@link readSeries} ended (exclusive). */
  end = 0;
  /** The metric name of the last series read by {@link readSeries}. */
  name = '';
  /** Names of the last set that was read completely (unique). */
  private prevNames: string[] = [];
  private readonly names: string[] = [];
  /** The last value read at each place of a set that is its own spelling in the text (no escape, nothing decoded). */
  private readonly values: (string | undefined)[] = [];

  constructor(private readonly rules: LabelSetRules) {}

  /**
   * Reads a series, `name` or `name{…}`, from `start` (a metric-name start
   * char). Returns its labels and sets {@link name} and {@link end} (the
   * index after the name or the `}`), or returns `undefined` as {@link read}
   * does. Consecutive lines share the name string when it is the same.
   */
  readSeries(text: string, start: number, bytes: boolean): Label[] | undefined {
    const n = text.length;
    let j = start + 1;
    while (j < n && isMetricNameChar(text.charCodeAt(j))) j++;
    this.name = sliceOrReuse(text, start, j, this.name);
    if (text.charCodeAt(j) !== Char.LBRACE) {
      this.end = j;
      return [];
    }
    return this.read(text, j + 1, bytes);
  }

  /**
   * Reads a label set from `start` (just after its `{`). Returns its labels
   * (names unique) and sets {@link end}, or returns `undefined` when the
   * grammar must read the line: a syntax it does not take, an escape or byte
   * it leaves to the grammar, a duplicate name.
   */
  read(text: string, start: number, bytes: boolean): Label[] | undefined {
    const labels: Label[] = [];
    const names = this.names;
    const prev = this.prevNames;
    const checkOnly = this.rules.checkOnly === true;
    const values = this.values;
    let j = start;
    let k = 0;
    let reused = true;
    let c = text.charCodeAt(j);
    if (c !== Char.RBRACE) {
      for (;;) {
        if (!isLabelNameStart(c)) return undefined;
        const nameStart = j;
        j++;
        while (isLabelNameChar(text.charCodeAt(j))) j++;
        if (text.charCodeAt(j) !== Char.EQUALS || text.charCodeAt(j + 1) !== Char.QUOTE) return undefined;
        const name = sliceOrReuse(text, nameStart, j, prev[k]);
        if (name !== prev[k]) {
          reused = false;
          if (this.rules.reservedName && name === NAME_LABEL) return undefined;
        }
        names[k] = name;
        if (checkOnly && name !== 'le' && name !== 'quantile') {
          if (!checkFastValue(text, j + 2, bytes)) return undefined;
        } else {
          // Consecutive lines mostly repeat their values: one seen at this place, written without
          // escapes or bytes to decode, is taken again when the text spells it up to a quote.
          const from = j + 2;
          const known = k < REUSED_PLACES ? values[k] : undefined;
          let value: string | undefined;
          if (
            known !== undefined &&
            text.charCodeAt(from + known.length) === Char.QUOTE &&
            text.startsWith(known, from)
          ) {
            value = known;
            fastValueEnd = from + known.length;
          } else {
            value = readFastValue(text, from, bytes);
            if (value === undefined) return undefined;
            if (k < REUSED_PLACES) values[k] = fastValuePlain ? value : undefined;
          }
          labels.push({ name, value });
        }
        j = fastValueEnd + 1;
        if (++k > this.rules.maxLabels) return undefined;
        c = text.charCodeAt(j++);
        if (c === Char.COMMA) {
          c = text.charCodeAt(j);
          if (c === Char.RBRACE && this.rules.trailingComma) break;
        } else if (c === Char.RBRACE) {
          j--;
          break;
        } else return undefined;
      }
      // A prefix of the previous (checked) names is unique as it is.
      if (!reused) {
        if (hasRepeatedName(names, k)) return undefined;
        this.prevNames = names.slice(0, k);
      }
    }
    this.end = j + 1;
    return labels;
  }
}

/** Where the last value read by {@link readFastValue} ended: the index of its closing quote. */
export let fastValueEnd = 0;

/** Whether the last value read by {@link readFastValue} is the text between its quotes as is (no escape, no bytes decoded). */
let fastValuePlain = false;

/** What {@link scanFastValue} saw: an escape, a char at or above 0x80. */
let sawEscape = false;
let sawHigh = false;

/**
 * Finds the closing quote of a label value from `start` (just after its opening quote), or
 * returns -1 when the grammar must read the line (other escapes, a LF, the end of the text).
 * Sets {@link sawEscape} and {@link sawHigh}.
 */
function scanFastValue(text: string, start: number): number {
  let j = start;
  let escaped = false;
  let high = false;
  for (;;) {
    const c = text.charCodeAt(j);
    if (c === Char.QUOTE) break;
    if (c === Char.BACKSLASH) {
      const e = text.charCodeAt(j + 1);
      if (e !== Char.BACKSLASH && e !== Char.QUOTE && e !== Char.LOWER_N) return -1;
      escaped = true;
      j += 2;
      continue;
    }
    if (c === Char.LF || c !== c) return -1;
    if (c >= Char.HIGH) high = true;
    j++;
  }
  sawEscape = escaped;
  sawHigh = high;
  return j;
}

/** The value between `start` and `end` with its escapes decoded, and its UTF-8 for byte input; `undefined` when that is invalid. */
function decodeFastValue(text: string, start: number, end: number, bytes: boolean): string | undefined {
  let value = text.slice(start, end);
  if (sawEscape) value = value.replace(ESCAPES, (_m, e: string) => (e === 'n' ? '\n' : e));
  return sawHigh && bytes ? decodeStrict(value) : value;
}

/**
 * Reads a label value from `start` (just after its opening quote). Returns the
 * decoded value and sets {@link fastValueEnd}, or returns `undefined` when the
 * grammar must read the line (other escapes, a LF, the end of the text,
 * invalid UTF-8).
 */
export function readFastValue(text: string, start: number, bytes: boolean): string | undefined {
  const j = scanFastValue(text, start);
  if (j < 0) return undefined;
  const value = decodeFastValue(text, start, j, bytes);
  if (value === undefined) return undefined;
  fastValuePlain = !sawEscape && !(sawHigh && bytes);
  fastValueEnd = j;
  return value;
}

/**
 * {@link readFastValue} without making the value: whether the fast reader takes it (sets
 * {@link fastValueEnd}). Only a value with bytes above 0x7f in byte input is sliced, for its
 * UTF-8 check.
 */
export function checkFastValue(text: string, start: number, bytes: boolean): boolean {
  const j = scanFastValue(text, start);
  if (j < 0 || (sawHigh && bytes && decodeFastValue(text, start, j, bytes) === undefined)) return false;
  fastValueEnd = j;
  return true;
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
