import { isLabelNameChar, isLabelNameStart, isMetricNameChar, isMetricNameStart } from '../src/model/names.js';
import type { Label } from '../src/model/types.js';
import { parseGoFloatAt, parseGoInt64 } from '../src/model/values.js';
import type { CommentPayload } from './records.js';
import { scanComment } from './scan.js';
import { fastValueEnd, readFastValue, sliceOrReuse } from './fast-value.js';

/**
 * The fast line reader: a hand-written char-code scanner for the lines that
 * make up almost every real exposition (`name{a="b",...} value [timestamp]`
 * with single spaces and no escapes, and comments). It accepts only what the
 * grammar accepts, with the same result; on anything else it stops at the
 * start of that line and the grammar reads it, so every error and every rare
 * form keeps the grammar's exact semantics.
 */

const TAB = 9;
const LF = 10;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const COMMA = 44;
const EQUALS = 61;
const LBRACE = 123;
const RBRACE = 125;

/** Where the fast reader puts the lines it reads. */
export interface FastSink {
  /**
   * A complete sample line. Returns false, before changing anything but the
   * family's existence, when a family-dependent check fails (duplicate label,
   * bad `le`/`quantile`): the grammar then reads the line and reports it.
   */
  fastSample(
    name: string,
    labels: Label[],
    value: number,
    timestampMs: number | undefined,
    rel: number,
    line: number,
  ): boolean;
  /** A complete comment line (may throw its error). */
  comment(payload: CommentPayload): void;
}

/** The fast reader's position: offset and line number, updated as lines are read. */
export interface FastCursor {
  offset: number;
  line: number;
}

/**
 * Reads lines from `cursor.offset` until the end of `text` or the first line
 * it does not take, leaving the cursor at that line's start. `bytes` says
 * whether chars are bytes (then values with chars >= 0x80 go to the grammar,
 * which checks their UTF-8).
 */
export function readFastLines(text: string, cursor: FastCursor, sink: FastSink, bytes: boolean): void {
  const n = text.length;
  let i = cursor.offset;
  let line = cursor.line;
  let prevName = '';
  let prevLabelNames: string[] = [];
  const labelNames: string[] = [];
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === LF) {
      i++;
      line++;
      continue;
    }
    if (c === HASH) {
      const { end, payload } = scanComment(text, i);
      if (end >= n) break;
      cursor.offset = i;
      cursor.line = line;
      sink.comment(payload);
      i = end + 1;
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
      for (;;) {
        c = text.charCodeAt(j);
        if (c === RBRACE) {
          j++;
          break;
        }
        if (!isLabelNameStart(c)) return stop(cursor, i, line);
        const nameStart = j;
        j++;
        while (isLabelNameChar(text.charCodeAt(j))) j++;
        if (text.charCodeAt(j) !== EQUALS || text.charCodeAt(j + 1) !== QUOTE) return stop(cursor, i, line);
        if (j - nameStart === 8 && text.startsWith('__name__', nameStart)) return stop(cursor, i, line);
        const labelName = sliceOrReuse(text, nameStart, j, prevLabelNames[k]);
        labelNames[k] = labelName;
        j += 2;
        const value = readFastValue(text, j, bytes);
        if (value === undefined) return stop(cursor, i, line);
        j = fastValueEnd;
        labels.push({ name: labelName, value });
        k++;
        c = text.charCodeAt(++j);
        if (c === COMMA) j++;
        else if (c === RBRACE) {
          j++;
          break;
        } else return stop(cursor, i, line);
      }
      if (k > 0) {
        prevLabelNames = labelNames.slice(0, k);
      }
      c = text.charCodeAt(j);
    }
    if (c !== SPACE) break;
    const valueStart = ++j;
    for (;;) {
      c = text.charCodeAt(j);
      if (c === SPACE || c === LF || c === TAB || c !== c) break;
      j++;
    }
    if (j >= n || c === TAB) break;
    const value = parseGoFloatAt(text, valueStart, j);
    if (value === undefined) break;
    let timestampMs: number | undefined;
    if (c === SPACE) {
      const tsStart = ++j;
      for (;;) {
        c = text.charCodeAt(j);
        if (c === SPACE || c === LF || c === TAB || c !== c) break;
        j++;
      }
      if (c !== LF) break;
      timestampMs = parseGoInt64(text.slice(tsStart, j));
      if (timestampMs === undefined) break;
    }
    if (!sink.fastSample(name, labels, value, timestampMs, i, line)) break;
    i = j + 1;
    line++;
  }
  return stop(cursor, i, line);
}

function stop(cursor: FastCursor, offset: number, line: number): void {
  cursor.offset = offset;
  cursor.line = line;
}
