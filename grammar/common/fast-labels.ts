import { isLabelNameChar, isLabelNameStart, isMetricNameChar } from '../../src/model/names.js';
import { hasRepeatedName } from '../../src/model/labels.js';
import type { Label } from '../../src/model/types.js';
import { Char } from '../../src/model/chars.js';
import { decodeStrict } from './scan-context.js';
import type { NameSequence } from './name-sequence.js';

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

/**
 * A label set as the fast reader leaves it: names and values by place, in
 * the reader's own arrays, valid until its next read. Sinks that keep labels
 * copy them (see {@link labelsOf}).
 */
export interface FastLabelSet {
  /** Number of labels. */
  readonly count: number;
  /** The names by place (unique); entries from `count` on are stale. */
  readonly names: readonly string[];
  /** The values by place, decoded; `undefined` where a check-only reader did not make one. */
  readonly values: readonly (string | undefined)[];
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
   * Check only (the parser's `validateOnly`): values are checked but not made into strings
   * (left `undefined` in the set), except those of `le` and `quantile` labels, which the
   * assembler checks. Needs `maxLabels` unlimited, as such sets are not counted.
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
export class FastLabelReader implements FastLabelSet {
  /** Where the last set read by {@link read} or series read by {@link readSeries} ended (exclusive). */
  end = 0;
  /** The metric name of the last series read by {@link readSeries}. */
  name = '';
  /** When set, the series names this reader has to read are spelled from the last document's (see {@link NameSequence}). */
  seriesNames: NameSequence | undefined;
  count = 0;
  readonly names: string[] = [];
  readonly values: (string | undefined)[] = [];
  /** Names of the last set that was read completely (unique). */
  private prevNames: string[] = [];
  /** The last value read at each place of a set that is its own spelling in the text (no escape, nothing decoded). */
  private readonly known: (string | undefined)[] = [];

  constructor(private readonly rules: LabelSetRules) {}

  /**
   * Reads a series, `name` or `name{…}`, from `start` (a metric-name start
   * char) into this set ({@link count}, {@link names}, {@link values}), and
   * sets {@link name} and {@link end} (the index after the name or the `}`).
   * Returns false as {@link scan} does. Consecutive lines share the name
   * string when it is the same.
   */
  scanSeries(text: string, start: number, bytes: boolean): boolean {
    // Mostly the name of the line before: compared, not scanned again.
    const last = this.name;
    let j = start + last.length;
    if (last.length === 0 || isMetricNameChar(text.charCodeAt(j)) || !spellsAt(text, last, start)) {
      const known = this.seriesNames?.expected(text, start);
      if (known !== undefined) {
        this.name = known;
        j = start + known.length;
      } else {
        const n = text.length;
        j = start + 1;
        while (j < n && isMetricNameChar(text.charCodeAt(j))) j++;
        const name = text.slice(start, j);
        this.name = this.seriesNames === undefined ? name : this.seriesNames.record(name);
      }
    }
    if (text.charCodeAt(j) !== Char.LBRACE) {
      this.end = j;
      this.count = 0;
      return true;
    }
    return this.scan(text, j + 1, bytes);
  }

  /** {@link scanSeries}, returning the labels as new objects (or `undefined`). */
  readSeries(text: string, start: number, bytes: boolean): Label[] | undefined {
    return this.scanSeries(text, start, bytes) ? labelsOf(this) : undefined;
  }

  /** {@link scan}, returning the labels as new objects (or `undefined`). */
  read(text: string, start: number, bytes: boolean): Label[] | undefined {
    return this.scan(text, start, bytes) ? labelsOf(this) : undefined;
  }

  /**
   * Reads a label set from `start` (just after its `{`) into this set (names
   * unique) and sets {@link end}. Returns false when the grammar must read the
   * line: a syntax it does not take, an escape or byte it leaves to the
   * grammar, a duplicate name.
   */
  scan(text: string, start: number, bytes: boolean): boolean {
    const names = this.names;
    const values = this.values;
    const prev = this.prevNames;
    const checkOnly = this.rules.checkOnly === true;
    const known = this.known;
    let j = start;
    let k = 0;
    let reused = true;
    let c = text.charCodeAt(j);
    if (c !== Char.RBRACE) {
      for (;;) {
        if (!isLabelNameStart(c)) return false;
        const nameStart = j;
        j++;
        while (isLabelNameChar(text.charCodeAt(j))) j++;
        if (text.charCodeAt(j) !== Char.EQUALS || text.charCodeAt(j + 1) !== Char.QUOTE) return false;
        const name = sliceOrReuse(text, nameStart, j, prev[k]);
        if (name !== prev[k]) {
          reused = false;
          if (this.rules.reservedName && name === NAME_LABEL) return false;
        }
        names[k] = name;
        if (checkOnly && name !== 'le' && name !== 'quantile') {
          if (!checkFastValue(text, j + 2, bytes)) return false;
          values[k] = undefined;
        } else {
          // Consecutive lines mostly repeat their values: one seen at this place, written without
          // escapes or bytes to decode, is taken again when the text spells it up to a quote.
          const from = j + 2;
          const last = k < REUSED_PLACES ? known[k] : undefined;
          let value: string | undefined;
          if (last !== undefined && text.charCodeAt(from + last.length) === Char.QUOTE && spellsAt(text, last, from)) {
            value = last;
            fastValueEnd = from + last.length;
          } else {
            value = readFastValue(text, from, bytes);
            if (value === undefined) return false;
            if (k < REUSED_PLACES) known[k] = fastValuePlain ? value : undefined;
          }
          values[k] = value;
        }
        j = fastValueEnd + 1;
        if (++k > this.rules.maxLabels) return false;
        c = text.charCodeAt(j++);
        if (c === Char.COMMA) {
          c = text.charCodeAt(j);
          if (c === Char.RBRACE && this.rules.trailingComma) break;
        } else if (c === Char.RBRACE) {
          j--;
          break;
        } else return false;
      }
      // A prefix of the previous (checked) names is unique as it is.
      if (!reused) {
        if (hasRepeatedName(names, k)) return false;
        this.prevNames = names.slice(0, k);
      }
    }
    this.end = j + 1;
    this.count = k;
    return true;
  }
}

/** The labels of a set as new objects, in order (places without a value left out). */
export function labelsOf(set: FastLabelSet): Label[] {
  const labels: Label[] = [];
  const { names, values } = set;
  for (let k = 0; k < set.count; k++) {
    const value = values[k];
    if (value !== undefined) labels.push({ name: names[k], value });
  }
  return labels;
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
 * Whether `text` spells `s` from `start` (`text.startsWith(s, start)` for `start` within
 * the text). Checked with `endsWith` at the end: on the sliced strings the readers make,
 * V8 runs `startsWith` at an offset several times slower.
 */
export function spellsAt(text: string, s: string, start: number): boolean {
  const end = start + s.length;
  return end <= text.length && text.endsWith(s, end);
}

/**
 * `text.slice(start, end)`, or `known` when it spells the same text.
 * Consecutive lines repeat their names: reusing the string saves an
 * allocation and makes later comparisons pointer-fast.
 */
export function sliceOrReuse(text: string, start: number, end: number, known: string | undefined): string {
  return known !== undefined && known.length === end - start && text.endsWith(known, end)
    ? known
    : text.slice(start, end);
}
