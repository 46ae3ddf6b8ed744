import type { Label, LineExcerpt, SourcePos } from '../model/types.js';
import { parseGoFloat } from '../model/values.js';
import { Char } from '../model/chars.js';

/**
 * Finding things in the input again after parsing: the column of a label or
 * of the value on a metric's line, a particular bucket/quantile/_sum/_count
 * line of a histogram or summary series, the `# TYPE` line of a family.
 * Used only when a finding is reported, so nothing here runs for clean input.
 *
 * Byte input is read as latin1 text, so indices are byte offsets and columns
 * are byte columns, as in the parser's positions.
 */

/** How far {@link SourceText.findSample} looks past a metric's first line. */
const MAX_SCAN_LINES = 10000;

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 58;
}

function skipBlanks(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== Char.SPACE && c !== Char.TAB) break;
    i++;
  }
  return i;
}

/** One sample line, read loosely (the parser has already accepted it). */
interface SampleLine {
  name: string;
  /** Label name, index of the name, raw (escaped) value. */
  labels: Array<{ name: string; at: number; raw: string }>;
  /** Index of the value, or -1. */
  valueAt: number;
}

function unescape(raw: string): string {
  if (raw.indexOf('\\') < 0) return raw;
  return raw.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}

/** Reads the sample line starting at `start` (its first non-blank character). */
function readSampleLine(text: string, start: number, end: number): SampleLine | undefined {
  let i = start;
  while (i < end && isNameChar(text.charCodeAt(i))) i++;
  if (i === start) return undefined;
  const line: SampleLine = { name: text.slice(start, i), labels: [], valueAt: -1 };
  i = skipBlanks(text, i, end);
  if (text.charCodeAt(i) === Char.LBRACE) {
    i++;
    for (;;) {
      i = skipBlanks(text, i, end);
      if (i >= end) return line;
      if (text.charCodeAt(i) === Char.RBRACE) {
        i++;
        break;
      }
      const nameAt = i;
      while (i < end && isNameChar(text.charCodeAt(i))) i++;
      const name = text.slice(nameAt, i);
      i = skipBlanks(text, i, end);
      if (text.charCodeAt(i) !== Char.EQUALS) return line;
      i = skipBlanks(text, i + 1, end);
      if (text.charCodeAt(i) !== Char.QUOTE) return line;
      const valueAt = ++i;
      while (i < end && text.charCodeAt(i) !== Char.QUOTE) i += text.charCodeAt(i) === Char.BACKSLASH ? 2 : 1;
      line.labels.push({ name, at: nameAt, raw: text.slice(valueAt, i) });
      i = skipBlanks(text, i + 1, end);
      if (text.charCodeAt(i) === Char.COMMA) i++;
    }
  }
  i = skipBlanks(text, i, end);
  if (i < end) line.valueAt = i;
  return line;
}

const UTF8 = new TextDecoder();

/**
 * The line of `input` that contains `offset` (a byte offset for byte input,
 * a UTF-16 offset for strings), for printing under a finding. Does not mutate `input`.
 */
export function lineExcerpt(input: string | Uint8Array, offset: number): LineExcerpt {
  if (typeof input === 'string') {
    const start = input.lastIndexOf('\n', offset - 1) + 1;
    let end = input.indexOf('\n', start);
    if (end < 0) end = input.length;
    return { text: input.slice(start, end), caret: Math.max(0, Math.min(offset, end) - start) };
  }
  let start = Math.min(offset, input.length);
  while (start > 0 && input[start - 1] !== Char.LF) start--;
  let end = input.indexOf(Char.LF, start);
  if (end < 0) end = input.length;
  const decoder = UTF8;
  const at = Math.max(start, Math.min(offset, end));
  return { text: decoder.decode(input.subarray(start, end)), caret: decoder.decode(input.subarray(start, at)).length };
}

/** A view of the linted input that can find lines and tokens again. */
export class SourceText {
  private textCache: string | undefined;
  private typeLines: Map<string, SourcePos> | undefined;

  constructor(private readonly input: string | Uint8Array) {}

  /** The input as text whose indices are the parser's offsets. */
  private get text(): string {
    if (this.textCache === undefined) {
      const input = this.input;
      this.textCache =
        typeof input === 'string'
          ? input
          : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
    }
    return this.textCache;
  }

  /** A label value as it appears in this text (UTF-8 bytes as latin1 for byte input). */
  private asText(value: string): string {
    if (typeof this.input === 'string') return value;
    for (let i = 0; i < value.length; i++) {
      if (value.charCodeAt(i) > 0x7f) return Buffer.from(value, 'utf8').toString('latin1');
    }
    return value;
  }

  private lineEnd(start: number): number {
    const end = this.text.indexOf('\n', start);
    return end < 0 ? this.text.length : end;
  }

  /** The position of the label `name` on the metric line at `pos`, or undefined. */
  labelPos(pos: SourcePos, name: string): SourcePos | undefined {
    const text = this.text;
    const line = readSampleLine(text, pos.offset, this.lineEnd(pos.offset));
    const l = line?.labels.find((x) => x.name === name);
    if (!l) return undefined;
    return { line: pos.line, column: pos.column + (l.at - pos.offset), offset: l.at };
  }

  /** The position of the sample value on the metric line at `pos`, or undefined. */
  valuePos(pos: SourcePos): SourcePos | undefined {
    const line = readSampleLine(this.text, pos.offset, this.lineEnd(pos.offset));
    if (!line || line.valueAt < 0) return undefined;
    return { line: pos.line, column: pos.column + (line.valueAt - pos.offset), offset: line.valueAt };
  }

  /**
   * The line of the sample `sampleName` of the series starting at `pos`
   * whose other labels are `labels` and, when `boundLabel` is given, whose
   * `le`/`quantile` equals `bound`: points at that label, or at the value
   * for `_sum`/`_count` lines. Looks at most 10 000 lines ahead; undefined
   * when not found.
   */
  findSample(
    pos: SourcePos,
    sampleName: string,
    labels: readonly Label[],
    boundLabel?: string,
    bound?: number,
  ): SourcePos | undefined {
    const text = this.text;
    let start = pos.offset - (pos.column - 1);
    let lineNo = pos.line;
    const wanted = new Map<string, string>();
    for (const l of labels) wanted.set(l.name, this.asText(l.value));
    for (let n = 0; n < MAX_SCAN_LINES && start < text.length; n++) {
      const end = this.lineEnd(start);
      const first = skipBlanks(text, start, end);
      if (first < end && text.charCodeAt(first) !== Char.HASH && text.startsWith(sampleName, first)) {
        const line = readSampleLine(text, first, end);
        if (line && line.name === sampleName && this.sameSeries(line, wanted, boundLabel)) {
          if (boundLabel === undefined) {
            if (line.valueAt >= 0) return { line: lineNo, column: line.valueAt - start + 1, offset: line.valueAt };
          } else {
            const b = line.labels.find((l) => l.name === boundLabel);
            const v = b === undefined ? undefined : parseGoFloat(unescape(b.raw));
            if (b && v !== undefined && (v === bound || (v !== v && bound !== bound))) {
              return { line: lineNo, column: b.at - start + 1, offset: b.at };
            }
          }
        }
      }
      start = end + 1;
      lineNo++;
    }
    return undefined;
  }

  private sameSeries(line: SampleLine, wanted: Map<string, string>, boundLabel: string | undefined): boolean {
    let n = 0;
    for (const l of line.labels) {
      if (l.name === boundLabel) continue;
      if (wanted.get(l.name) !== unescape(l.raw)) return false;
      n++;
    }
    return n === wanted.size;
  }

  /** The position of the metric name on the first `# TYPE <family>` line, or undefined. */
  typePos(family: string): SourcePos | undefined {
    if (!this.typeLines) this.typeLines = this.indexTypeLines();
    return this.typeLines.get(family);
  }

  private indexTypeLines(): Map<string, SourcePos> {
    const map = new Map<string, SourcePos>();
    const text = this.text;
    let start = 0;
    let lineNo = 1;
    while (start < text.length) {
      const end = this.lineEnd(start);
      let i = skipBlanks(text, start, end);
      if (text.charCodeAt(i) === Char.HASH) {
        i = skipBlanks(text, i + 1, end);
        if (text.startsWith('TYPE', i)) {
          const nameAt = skipBlanks(text, i + 4, end);
          let j = nameAt;
          while (j < end && isNameChar(text.charCodeAt(j))) j++;
          const name = text.slice(nameAt, j);
          if (j > nameAt && !map.has(name)) map.set(name, { line: lineNo, column: nameAt - start + 1, offset: nameAt });
        }
      }
      start = end + 1;
      lineNo++;
    }
    return map;
  }
}
