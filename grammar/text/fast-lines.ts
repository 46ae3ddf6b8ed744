import { isMetricNameStart } from '../../src/model/names.js';
import { parseGoFloat, parseGoInt64 } from '../../src/model/values.js';
import { plainDecimalText } from '../common/decimal-bytes.js';
import { Char } from '../../src/model/chars.js';
import { FastLabelReader, type FastCursor, type FastLabelSet, type LabelSetRules } from '../common/fast-labels.js';
import type { CommentPayload } from './records.js';
import { scanComment } from './scan.js';

/**
 * The fast line reader of the text format: a hand-written char-code scanner
 * for the lines that make up almost every real exposition
 * (`name{a="b",...} value [timestamp]` with single spaces, label values with
 * at most the `\\`, `\"`, `\n` escapes, byte input checked as UTF-8), and
 * every comment (through the grammar's own `scanComment`). It accepts only
 * what the grammar accepts, with the same result; on anything else (other
 * escapes, tabs or repeated blanks, a duplicate or reserved label name, any
 * error) it stops at the start of that line and the grammar reads it, so
 * every error and every rare form keeps the grammar's exact semantics.
 */

/** Where the fast reader puts the lines it reads. */
export interface FastSink {
  /**
   * A complete sample line (label names unique; `labels` is the reader's,
   * valid during the call only). Returns false, before changing anything but
   * the family's existence, when a family-dependent check fails (bad
   * `le`/`quantile`): the grammar then reads the line and reports it.
   */
  fastSample(
    name: string,
    labels: FastLabelSet,
    value: number,
    timestampMs: number | undefined,
    rel: number,
    line: number,
  ): boolean;
  /** A complete comment line (may throw its error). */
  comment(payload: CommentPayload): void;
}

/** The 0.0.4 label-set rules (`maxLabels`, `checkOnly`: see `LabelSetRules` in `grammar/common/fast-labels.ts`). */
export function textLabelRules(maxLabels: number, checkOnly = false): LabelSetRules {
  return { trailingComma: true, reservedName: true, maxLabels, checkOnly };
}

/** A label-set reader with the 0.0.4 rules (see {@link textLabelRules}). */
export function textLabelReader(maxLabels: number, checkOnly = false): FastLabelReader {
  return new FastLabelReader(textLabelRules(maxLabels, checkOnly));
}

/**
 * Reads lines from `cursor.offset` until the end of `text` or the first line
 * it does not take, leaving the cursor at that line's start. `bytes` says
 * whether chars are bytes (then label values are checked as UTF-8);
 * `labelReader` comes from {@link textLabelReader}, one per input.
 */
export function readFastLines(
  text: string,
  cursor: FastCursor,
  sink: FastSink,
  bytes: boolean,
  labelReader: FastLabelReader,
): void {
  const n = text.length;
  let i = cursor.offset;
  let line = cursor.line;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === Char.LF) {
      i++;
      line++;
      continue;
    }
    if (c === Char.HASH) {
      const { end, payload } = scanComment(text, i, labelReader.name);
      if (end >= n) break;
      cursor.offset = i;
      cursor.line = line;
      sink.comment(payload);
      // The family's next lines mostly spell this name: they share the string.
      if (payload.name !== undefined) labelReader.name = payload.name;
      i = end + 1;
      line++;
      continue;
    }
    if (!isMetricNameStart(c)) break;
    if (!labelReader.scanSeries(text, i, bytes)) break;
    const name = labelReader.name;
    let j = labelReader.end;
    c = text.charCodeAt(j);
    if (c !== Char.SPACE) break;
    const valueStart = ++j;
    for (;;) {
      c = text.charCodeAt(j);
      if (c === Char.SPACE || c === Char.LF || c === Char.TAB || c !== c) break;
      j++;
    }
    if (j >= n || c === Char.TAB) break;
    const value = plainDecimalText(text, valueStart, j) ?? parseGoFloat(text.slice(valueStart, j));
    if (value === undefined) break;
    let timestampMs: number | undefined;
    if (c === Char.SPACE) {
      const tsStart = ++j;
      for (;;) {
        c = text.charCodeAt(j);
        if (c === Char.SPACE || c === Char.LF || c === Char.TAB || c !== c) break;
        j++;
      }
      if (c !== Char.LF) break;
      timestampMs = parseGoInt64(text.slice(tsStart, j));
      // Beyond ±2^53 the grammar reads the line (it keeps the exact value).
      if (timestampMs === undefined || !Number.isSafeInteger(timestampMs)) break;
    }
    if (!sink.fastSample(name, labelReader, value, timestampMs, i, line)) break;
    i = j + 1;
    line++;
  }
  cursor.offset = i;
  cursor.line = line;
}
