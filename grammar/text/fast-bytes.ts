import { isUtf8 } from 'node:buffer';
import { hasRepeatedName } from '../../src/model/labels.js';
import { isLabelNameChar, isLabelNameStart, isMetricNameChar, isMetricNameStart } from '../../src/model/names.js';
import { parseGoFloat } from '../../src/model/values.js';
import { Char } from '../../src/model/chars.js';
import type { FastCursor, FastLabelSet, LabelSetRules } from '../common/fast-labels.js';
import type { FastSink } from './fast-lines.js';
import { plainDecimalBytes } from '../common/decimal-bytes.js';
import { spells, StringCache } from '../common/string-cache.js';
import { sameBytes } from '../common/same-bytes.js';

/**
 * The text format's fast line reader over raw bytes: the sample lines
 * `readFastLines` takes, read from a `Buffer` without first decoding the input
 * to a string. It takes exactly the lines that reader takes, with the same
 * result (label values checked as UTF-8 where the grammar checks them), and
 * stops at the start of any other line: a comment, a line with another
 * escape, a tab, a repeated blank, a duplicate name, any error. The caller
 * decodes that line and hands it to the string readers, so every rare form
 * and every error keeps their exact semantics.
 */

const ESCAPES = /\\(.)/g;
const NAME_LABEL = '__name__';
/** As in `FastLabelReader`: values are remembered for reuse at the first this many places of a set. */
const REUSED_PLACES = 64;
/**
 * Labels beyond which a set is left to the string reader: it cuts each new
 * name out of the one decoded line, where decoding names one by one from
 * the bytes costs a call into the runtime each.
 */
export const BYTE_READER_MAX_LABELS = 1024;
/** Bytes a label value is scanned over without a second look: all but `"`, `\`, LF and those from 0x80. */
const PLAIN = new Uint8Array(256).fill(1);
for (const c of [Char.QUOTE, Char.BACKSLASH, Char.LF]) PLAIN[c] = 0;
PLAIN.fill(0, Char.HIGH);

/**
 * The float spelled by `buf[start, end)` as `parseGoFloat` reads it. Plain decimals with an
 * optional exponent (`123`, `-0.25`, `4.06e+5`) are converted in place when the digits as an
 * integer (below 2^53) are scaled by an exact power of ten, at most 10^22: one correctly
 * rounded multiplication or division, the value `Number` gives.
 * Anything else goes through `parseGoFloat` on the latin1 text.
 */
function parseFloatBytes(buf: Buffer, start: number, end: number): number | undefined {
  return plainDecimalBytes(buf, start, end) ?? parseGoFloat(buf.toString('latin1', start, end));
}

/**
 * A timestamp of up to 15 digits with an optional sign, as `parseGoInt64` reads it;
 * `undefined` for anything else (the string reader then reads the line).
 */
function parseTimestampBytes(buf: Buffer, start: number, end: number): number | undefined {
  let i = start;
  const sign = buf[i];
  if (sign === Char.MINUS || sign === Char.PLUS) i++;
  if (i === end || end - i > 15) return undefined;
  let v = 0;
  for (; i < end; i++) {
    const c = buf[i];
    if (c < Char.ZERO || c > Char.NINE) return undefined;
    v = v * 10 + (c - Char.ZERO);
  }
  return sign === Char.MINUS ? -v : v;
}

/**
 * Reads series (`name` or `name{…}`) from bytes into a label set by place, with the rules
 * and the name and value reuse of `FastLabelReader`.
 */
export class ByteLabelReader implements FastLabelSet {
  /** Where the last series read ended (exclusive). */
  end = 0;
  /** The metric name of the last series read. */
  name = '';
  count = 0;
  readonly names: string[] = [];
  readonly values: (string | undefined)[] = [];
  private prevNames: string[] = [];
  private readonly known: (string | undefined)[] = [];
  /**
   * Where in the bytes being read the metric name, each of {@link prevNames} and each of
   * {@link known} were last spelled (-1: not in these bytes), so the next line compares bytes
   * with bytes. Forgotten by {@link begin}: the next bytes may be others, or the same buffer
   * written again.
   */
  private nameAt = -1;
  private readonly prevAt: number[] = [];
  private readonly knownAt: number[] = [];
  /** Where each name of the set being read starts. */
  private readonly nameStarts: number[] = [];
  /** Where the last value scanned by {@link scanValue} ended (its closing quote), and what it held. */
  private valueEnd = 0;
  private sawEscape = false;
  private sawHigh = false;
  private readonly strings = new StringCache();

  constructor(private readonly rules: LabelSetRules) {}

  /** Starts reading `buf`, whose lines are then read in order: forgets where earlier names and values were. */
  begin(buf: Buffer): void {
    this.strings.begin(buf);
    this.nameAt = -1;
    this.prevAt.fill(-1);
    this.knownAt.fill(-1);
  }

  /** Whether `buf` spells `s` from `start`, where the same text was last at `at` (-1: unknown). */
  private spellsAgain(buf: Buffer, start: number, s: string, at: number): boolean {
    return at >= 0 ? sameBytes(this.strings.view, buf, start, at, s.length) : spells(buf, start, s);
  }

  /** Reads a series from `start` (a metric-name start byte); false when the string reader must read the line. */
  scanSeries(buf: Buffer, start: number): boolean {
    // Mostly the name of the line before: compared, not scanned again.
    const last = this.name;
    let j = start + last.length;
    // `j` within the bytes: the comparison reads up to it (a short last line may end before).
    if (
      last.length === 0 ||
      j >= buf.length ||
      isMetricNameChar(buf[j]) ||
      !this.spellsAgain(buf, start, last, this.nameAt)
    ) {
      j = start + 1;
      while (isMetricNameChar(buf[j])) j++;
      this.name = this.strings.bytes(buf, start, j);
    }
    this.nameAt = start;
    if (buf[j] !== Char.LBRACE) {
      this.end = j;
      this.count = 0;
      return true;
    }
    return this.scan(buf, j + 1);
  }

  private scan(buf: Buffer, start: number): boolean {
    const { names, values, known, knownAt, prevAt, nameStarts, rules } = this;
    const prev = this.prevNames;
    const checkOnly = rules.checkOnly === true;
    let j = start;
    let k = 0;
    let reused = true;
    let c = buf[j];
    if (c !== Char.RBRACE) {
      for (;;) {
        // Mostly the name at this place on the previous line: it is checked already.
        let name = prev[k];
        nameStarts[k] = j;
        if (name !== undefined && buf[j + name.length] === Char.EQUALS && this.spellsAgain(buf, j, name, prevAt[k])) {
          prevAt[k] = j;
          j += name.length;
        } else {
          if (!isLabelNameStart(c)) return false;
          const nameStart = j;
          j++;
          while (isLabelNameChar(buf[j])) j++;
          if (buf[j] !== Char.EQUALS) return false;
          name = this.strings.bytes(buf, nameStart, j);
          reused = false;
          if (rules.reservedName && name === NAME_LABEL) return false;
        }
        if (buf[j + 1] !== Char.QUOTE) return false;
        names[k] = name;
        const from = j + 2;
        if (checkOnly && name !== 'le' && name !== 'quantile') {
          if (!this.scanValue(buf, from) || (this.sawHigh && !isUtf8(buf.subarray(from, this.valueEnd)))) return false;
          values[k] = undefined;
        } else {
          const reusable = k < REUSED_PLACES;
          const value = this.readValue(buf, from, reusable ? known[k] : undefined, reusable ? knownAt[k] : -1);
          if (value === undefined) return false;
          if (reusable) {
            known[k] = this.sawEscape || this.sawHigh ? undefined : value;
            knownAt[k] = from;
          }
          values[k] = value;
        }
        j = this.valueEnd + 1;
        if (++k > rules.maxLabels || k > BYTE_READER_MAX_LABELS) return false;
        c = buf[j++];
        if (c === Char.COMMA) {
          c = buf[j];
          if (c === Char.RBRACE && rules.trailingComma) break;
        } else if (c === Char.RBRACE) {
          j--;
          break;
        } else return false;
      }
      // A prefix of the previous (checked) names is unique as it is.
      if (!reused) {
        if (hasRepeatedName(names, k)) return false;
        this.prevNames = names.slice(0, k);
        for (let p = 0; p < k; p++) prevAt[p] = nameStarts[p];
      }
    }
    this.end = j + 1;
    this.count = k;
    return true;
  }

  /**
   * Finds the closing quote of a value from `start` (just after its opening quote) and sets
   * {@link valueEnd}, {@link sawEscape}, {@link sawHigh}; false for another escape or a LF.
   */
  private scanValue(buf: Buffer, start: number): boolean {
    let j = start;
    let escaped = false;
    let high = false;
    for (;;) {
      while (PLAIN[buf[j]] === 1) j++;
      const c = buf[j];
      if (c === Char.QUOTE) break;
      if (c === Char.BACKSLASH) {
        const e = buf[j + 1];
        if (e !== Char.BACKSLASH && e !== Char.QUOTE && e !== Char.LOWER_N) return false;
        escaped = true;
        j += 2;
        continue;
      }
      if (c === Char.LF || c === undefined) return false;
      if (c >= Char.HIGH) high = true;
      j++;
    }
    this.valueEnd = j;
    this.sawEscape = escaped;
    this.sawHigh = high;
    return true;
  }

  /**
   * The decoded value from `start`, `known` when the bytes spell it up to a quote; `undefined`
   * when the string reader must read the line. UTF-8 is checked on the raw bytes: its escapes
   * are ASCII, so they make no sequence valid or invalid.
   */
  private readValue(buf: Buffer, start: number, known: string | undefined, knownAt: number): string | undefined {
    if (
      known !== undefined &&
      buf[start + known.length] === Char.QUOTE &&
      this.spellsAgain(buf, start, known, knownAt)
    ) {
      this.valueEnd = start + known.length;
      this.sawEscape = false;
      this.sawHigh = false;
      return known;
    }
    if (!this.scanValue(buf, start)) return undefined;
    const end = this.valueEnd;
    let value: string;
    if (this.sawHigh) {
      const raw = buf.subarray(start, end);
      if (!isUtf8(raw)) return undefined;
      value = raw.toString('utf8');
    } else value = this.sawEscape ? buf.toString('latin1', start, end) : this.strings.bytes(buf, start, end);
    return this.sawEscape ? value.replace(ESCAPES, (_m, e: string) => (e === 'n' ? '\n' : e)) : value;
  }
}

/**
 * Reads sample and empty lines of `buf` from `cursor.offset` until `end` (just after a LF)
 * or the first line it does not take, leaving the cursor at that line's start. Offsets given
 * to the sink are indices into `buf`.
 */
export function readFastByteLines(
  buf: Buffer,
  end: number,
  cursor: FastCursor,
  sink: FastSink,
  reader: ByteLabelReader,
): void {
  let i = cursor.offset;
  let line = cursor.line;
  reader.begin(buf);
  while (i < end) {
    let c = buf[i];
    if (c === Char.LF) {
      i++;
      line++;
      continue;
    }
    if (!isMetricNameStart(c) || !reader.scanSeries(buf, i)) break;
    let j = reader.end;
    if (buf[j] !== Char.SPACE) break;
    const valueStart = ++j;
    for (;;) {
      c = buf[j];
      if (c === Char.SPACE || c === Char.LF || c === Char.TAB || c === undefined) break;
      j++;
    }
    if (j >= end || c === Char.TAB) break;
    const value = parseFloatBytes(buf, valueStart, j);
    if (value === undefined) break;
    let timestampMs: number | undefined;
    if (c === Char.SPACE) {
      const tsStart = ++j;
      for (;;) {
        c = buf[j];
        if (c === Char.SPACE || c === Char.LF || c === Char.TAB || c === undefined) break;
        j++;
      }
      if (c !== Char.LF) break;
      timestampMs = parseTimestampBytes(buf, tsStart, j);
      if (timestampMs === undefined) break;
    }
    if (!sink.fastSample(reader.name, reader, value, timestampMs, i, line)) break;
    i = j + 1;
    line++;
  }
  cursor.offset = i;
  cursor.line = line;
}
