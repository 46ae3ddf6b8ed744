import { isLabelNameChar, isLabelNameStart, isMetricNameChar, isMetricNameStart } from '../../src/model/names.js';
import type { Label } from '../../src/model/types.js';
import type { FastCursor } from '../fast-lines.js';
import { fastValueEnd, readFastValue, sliceOrReuse } from '../fast-value.js';
import { parseOmNumber, parseOmTimestamp, secondsTextToMs } from './numbers.js';
import type { MetaPayload } from './records.js';
import { scanMetaLine } from './scan.js';

/**
 * The OpenMetrics fast line reader: a hand-written char-code scanner for the
 * lines that make up almost every exposition (`name{a="b",...} value
 * [timestamp]` with no escapes but `\\`, `\"`, `\n` and no exemplar, and metadata lines through the
 * grammar's own `scanMetaLine`). It takes a line only when the grammar would
 * read it with the same result; on anything else it stops at that line's
 * start and the grammar reads it, so errors are always the grammar's.
 */

const LF = 10;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const COMMA = 44;
const EQUALS = 61;
const LBRACE = 123;
const RBRACE = 125;

/** Where the fast reader puts the lines it reads. Both methods may throw the family-level errors. */
export interface OmFastSink {
  /** A complete sample line (label names unique, syntax checked). */
  fastSample(
    name: string,
    labels: Label[],
    value: number,
    timestamp: number | undefined,
    timestampMs: number | undefined,
    rel: number,
    line: number,
  ): void;
  /** A metadata line without syntax errors, starting at `rel`. */
  meta(payload: MetaPayload, rel: number): void;
}

/**
 * Reads lines from `cursor.offset` until the end of `text` or the first line
 * it does not take, leaving the cursor at that line's start. `bytes` says
 * whether chars are bytes (then label values with chars >= 0x80 are checked
 * and decoded as UTF-8).
 */
export function readOmFastLines(text: string, cursor: FastCursor, sink: OmFastSink, bytes: boolean): void {
  const n = text.length;
  let i = cursor.offset;
  let line = cursor.line;
  let prevName = '';
  let prevLabelNames: string[] = [];
  const labelNames: string[] = [];
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === HASH) {
      const { end, payload } = scanMetaLine(text, i);
      if (payload.error !== undefined) break;
      cursor.offset = i;
      cursor.line = line;
      sink.meta(payload, i);
      i = end;
      line++;
      continue;
    }
    if (!isMetricNameStart(c)) break;
    let j = i + 1;
    while (j < n && isMetricNameChar(text.charCodeAt(j))) j++;
    const name = sliceOrReuse(text, i, j, prevName);
    prevName = name;
    c = text.charCodeAt(j);
    const labels: Label[] = [];
    if (c === LBRACE) {
      j++;
      let k = 0;
      if (text.charCodeAt(j) === RBRACE) j++;
      else {
        for (;;) {
          c = text.charCodeAt(j);
          if (!isLabelNameStart(c)) return stop(cursor, i, line);
          const nameStart = j;
          j++;
          while (isLabelNameChar(text.charCodeAt(j))) j++;
          if (text.charCodeAt(j) !== EQUALS || text.charCodeAt(j + 1) !== QUOTE) return stop(cursor, i, line);
          const labelName = sliceOrReuse(text, nameStart, j, prevLabelNames[k]);
          for (let m = 0; m < k; m++) if (labelNames[m] === labelName) return stop(cursor, i, line);
          labelNames[k] = labelName;
          j += 2;
          const value = readFastValue(text, j, bytes);
          if (value === undefined) return stop(cursor, i, line);
          j = fastValueEnd;
          labels.push({ name: labelName, value });
          k++;
          c = text.charCodeAt(++j);
          j++;
          if (c === RBRACE) break;
          if (c !== COMMA) return stop(cursor, i, line);
        }
        prevLabelNames = labelNames.slice(0, k);
      }
      c = text.charCodeAt(j);
    }
    if (c !== SPACE) break;
    const valueStart = ++j;
    for (;;) {
      c = text.charCodeAt(j);
      if (c === SPACE || c === LF || c !== c) break;
      j++;
    }
    if (j >= n) break;
    const value = parseOmNumber(text, valueStart, j);
    if (value === undefined) break;
    let timestamp: number | undefined;
    let timestampMs: number | undefined;
    if (c === SPACE) {
      const tsStart = ++j;
      for (;;) {
        c = text.charCodeAt(j);
        if (c === SPACE || c === LF || c !== c) break;
        j++;
      }
      if (c !== LF) break;
      timestamp = parseOmTimestamp(text, tsStart, j);
      if (timestamp === undefined) break;
      timestampMs = secondsTextToMs(text, tsStart, j);
      if (timestampMs === undefined) break;
    }
    cursor.offset = i;
    cursor.line = line;
    sink.fastSample(name, labels, value, timestamp, timestampMs, i, line);
    i = j + 1;
    line++;
  }
  return stop(cursor, i, line);
}

function stop(cursor: FastCursor, offset: number, line: number): void {
  cursor.offset = offset;
  cursor.line = line;
}
