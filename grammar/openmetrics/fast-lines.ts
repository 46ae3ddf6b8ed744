import { isMetricNameStart } from '../../src/model/names.js';
import { Char } from '../../src/model/chars.js';
import { FastLabelReader, type FastCursor, type FastLabelSet } from '../common/fast-labels.js';
import { parseOmNumber, parseOmTimestamp, secondsTextToMs } from './numbers.js';
import type { MetaPayload } from './records.js';
import { scanMetaLine } from './scan.js';
import type { NameSequence } from '../common/name-sequence.js';

/**
 * The OpenMetrics fast line reader: a hand-written char-code scanner for the
 * lines that make up almost every exposition (`name{a="b",...} value
 * [timestamp]` with no exemplar, label values with at most the `\\`, `\"`,
 * `\n` escapes, and metadata lines through the grammar's own `scanMetaLine`).
 * It takes a line only when the grammar would read it with the same result;
 * on anything else it stops at that line's start and the grammar reads it,
 * so errors are always the grammar's.
 */

/** Where the fast reader puts the lines it reads. Both methods may throw the family-level errors. */
export interface OmFastSink {
  /**
   * A complete sample line (label names unique, syntax checked). `labels` is
   * the reader's own set, valid during the call only.
   */
  fastSample(
    name: string,
    labels: FastLabelSet,
    value: number,
    timestamp: number | undefined,
    timestampMs: number | undefined,
    rel: number,
    line: number,
  ): void;
  /** A metadata line without syntax errors, starting at `rel`. */
  fastMeta(payload: MetaPayload, rel: number): void;
}

/** A label-set reader with the OpenMetrics rules (`maxLabels`: see `LabelSetRules` in `grammar/common/fast-labels.ts`). */
export function omLabelReader(maxLabels: number): FastLabelReader {
  return new FastLabelReader({ trailingComma: false, reservedName: false, maxLabels });
}

/**
 * Reads lines from `cursor.offset` until the end of `text` or the first line
 * it does not take, leaving the cursor at that line's start. `bytes` says
 * whether chars are bytes (then label values with chars >= 0x80 are checked
 * and decoded as UTF-8); `labelReader` comes from {@link omLabelReader}, one
 * per input, and so does `names`, which spells and records the family names.
 */
export function readOmFastLines(
  text: string,
  cursor: FastCursor,
  sink: OmFastSink,
  bytes: boolean,
  labelReader: FastLabelReader,
  names?: NameSequence,
): void {
  const n = text.length;
  let i = cursor.offset;
  let line = cursor.line;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === Char.HASH) {
      const { end, payload } = scanMetaLine(text, i, names);
      if (payload.error !== undefined) break;
      cursor.offset = i;
      cursor.line = line;
      sink.fastMeta(payload, i);
      // A family's first sample is mostly named as its metadata: the reader compares that name
      // first, and the sink then compares the two names by reference.
      labelReader.name = payload.name;
      i = end;
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
      if (c === Char.SPACE || c === Char.LF || c !== c) break;
      j++;
    }
    if (j >= n) break;
    const value = parseOmNumber(text, valueStart, j);
    if (value === undefined) break;
    let timestamp: number | undefined;
    let timestampMs: number | undefined;
    if (c === Char.SPACE) {
      const tsStart = ++j;
      for (;;) {
        c = text.charCodeAt(j);
        if (c === Char.SPACE || c === Char.LF || c !== c) break;
        j++;
      }
      if (c !== Char.LF) break;
      timestamp = parseOmTimestamp(text, tsStart, j);
      if (timestamp === undefined) break;
      timestampMs = secondsTextToMs(text, tsStart, j);
      if (timestampMs === undefined) break;
    }
    cursor.offset = i;
    cursor.line = line;
    sink.fastSample(name, labelReader, value, timestamp, timestampMs, i, line);
    i = j + 1;
    line++;
  }
  cursor.offset = i;
  cursor.line = line;
}
