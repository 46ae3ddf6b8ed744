import { isMetricNameStart } from '../../src/model/names.js';
import { Char } from '../../src/model/chars.js';
import type { FastCursor, FastLabelSet } from '../common/fast-labels.js';
import type { OmFastSink } from './fast-lines.js';
import { plainDecimalBytes } from '../common/decimal-bytes.js';
import { parseOmNumber, parseOmTimestamp, secondsTextToMs } from './numbers.js';

/**
 * The OpenMetrics fast line reader over raw bytes: the sample lines
 * `readOmFastLines` takes, read from a `Buffer` without first decoding the
 * input to a string, with the same result. It stops at the start of any other
 * line (metadata, an exemplar, anything it does not take); the caller decodes
 * that line and hands it to the string readers, so every rare form and every
 * error keeps their exact semantics.
 */

/**
 * Reads series (`name` or `name{…}`) from bytes into a label set by place,
 * with the OpenMetrics label-set rules (no trailing comma, `\\`, `\"`, `\n`
 * escapes only, UTF-8 checked): what `FastLabelReader` takes from the same
 * bytes decoded as latin1, with the same names and values.
 */
export interface ByteSeriesReader extends FastLabelSet {
  /** Where the last series read ended (exclusive). */
  readonly end: number;
  /** The metric name of the last series read. */
  readonly name: string;
  /** Starts reading `buf`, whose lines are then read in order. */
  begin(buf: Buffer): void;
  /** Reads a series from `start` (a metric-name start byte); false when the string reader must read the line. */
  scanSeries(buf: Buffer, start: number): boolean;
}

/**
 * The OpenMetrics `number` spelled by `buf[start, end)`, as `parseOmNumber`
 * reads it. Plain decimals with an optional exponent (`123`, `-0.25`,
 * `4.06e+5`) are converted in place when the digits as an integer (below 2^53)
 * are scaled by an exact power of ten, at most 10^22: one correctly rounded
 * multiplication or division, the value any exact parser gives. Anything
 * else goes through `parseOmNumber` on the latin1 text.
 */
export function parseOmNumberBytes(buf: Buffer, start: number, end: number): number | undefined {
  const plain = plainDecimalBytes(buf, start, end);
  if (plain !== undefined) return plain;
  const text = buf.toString('latin1', start, end);
  return parseOmNumber(text, 0, text.length);
}

/** The timestamp read by the last {@link readTimestamp}: seconds, and whole milliseconds. */
let timestampSeconds = 0;
let timestampMillis = 0;

/**
 * Reads the timestamp in `buf[start, end)` as `parseOmTimestamp` and
 * `secondsTextToMs` read it, into {@link timestampSeconds} and
 * {@link timestampMillis}; false when either refuses it. Unsigned integers of
 * up to 12 digits are converted in place (exact in a double after * 1000).
 */
function readTimestamp(buf: Buffer, start: number, end: number): boolean {
  if (end > start && end - start <= 12) {
    let v = 0;
    let i = start;
    for (; i < end; i++) {
      const c = buf[i];
      if (c < Char.ZERO || c > Char.NINE) break;
      v = v * 10 + (c - Char.ZERO);
    }
    if (i === end) {
      timestampSeconds = v;
      timestampMillis = v * 1000;
      return true;
    }
  }
  const text = buf.toString('latin1', start, end);
  const seconds = parseOmTimestamp(text, 0, text.length);
  if (seconds === undefined) return false;
  const ms = secondsTextToMs(text, 0, text.length);
  if (ms === undefined) return false;
  timestampSeconds = seconds;
  timestampMillis = ms;
  return true;
}

/**
 * Reads sample lines of `buf` from `cursor.offset` until `end` (just after a
 * LF) or the first line it does not take, leaving the cursor at that line's
 * start. Offsets given to the sink are indices into `buf`.
 */
export function readOmFastByteLines(
  buf: Buffer,
  end: number,
  cursor: FastCursor,
  sink: OmFastSink,
  reader: ByteSeriesReader,
): void {
  let i = cursor.offset;
  let line = cursor.line;
  reader.begin(buf);
  while (i < end) {
    let c = buf[i];
    if (!isMetricNameStart(c) || !reader.scanSeries(buf, i)) break;
    let j = reader.end;
    if (buf[j] !== Char.SPACE) break;
    const valueStart = ++j;
    for (;;) {
      c = buf[j];
      if (c === Char.SPACE || c === Char.LF || c === undefined) break;
      j++;
    }
    if (j >= end) break;
    const value = parseOmNumberBytes(buf, valueStart, j);
    if (value === undefined) break;
    let timestamp: number | undefined;
    let timestampMs: number | undefined;
    if (c === Char.SPACE) {
      const tsStart = ++j;
      for (;;) {
        c = buf[j];
        if (c === Char.SPACE || c === Char.LF || c === undefined) break;
        j++;
      }
      if (c !== Char.LF || !readTimestamp(buf, tsStart, j)) break;
      timestamp = timestampSeconds;
      timestampMs = timestampMillis;
    }
    cursor.offset = i;
    cursor.line = line;
    sink.fastSample(reader.name, reader, value, timestamp, timestampMs, i, line);
    i = j + 1;
    line++;
  }
  cursor.offset = i;
  cursor.line = line;
}
