import type { LineExcerpt, SourcePos } from '../model/types.js';
import { decodeLenient, scanContext } from '../../grammar/common/scan-context.js';

/**
 * Maps offsets inside the current chunk to line and column. The chunk starts
 * at a line start; `baseLine` is that line's number and `base` its offset in
 * the whole input. Lines are counted only when a position is asked for.
 */
export class Locator {
  text = '';
  base = 0;
  baseLine = 1;
  private lastOffset = 0;
  private lastLine = 1;

  /** Points the locator at a new chunk. */
  reset(text: string, base: number, baseLine: number): void {
    this.text = text;
    this.base = base;
    this.baseLine = baseLine;
    this.lastOffset = 0;
    this.lastLine = baseLine;
  }

  /** The line containing chunk offset `rel` (cheap for increasing offsets). */
  lineOf(rel: number): number {
    const text = this.text;
    if (rel < this.lastOffset) {
      this.lastOffset = 0;
      this.lastLine = this.baseLine;
    }
    let line = this.lastLine;
    let i = text.indexOf('\n', this.lastOffset);
    while (i >= 0 && i < rel) {
      line++;
      i = text.indexOf('\n', i + 1);
    }
    this.lastOffset = rel;
    this.lastLine = line;
    return line;
  }

  /** The position of chunk offset `rel`. */
  pos(rel: number): SourcePos {
    const line = this.lineOf(rel);
    const lineStart = rel === 0 ? 0 : this.text.lastIndexOf('\n', rel - 1) + 1;
    return { line, column: rel - lineStart + 1, offset: this.base + rel };
  }

  /**
   * The line containing chunk offset `rel` (without its LF, decoded for byte
   * input) and the index of that offset's character in it.
   */
  excerpt(rel: number): LineExcerpt {
    const start = rel === 0 ? 0 : this.text.lastIndexOf('\n', rel - 1) + 1;
    const end = this.text.indexOf('\n', rel);
    const raw = this.text.slice(start, end < 0 ? this.text.length : end);
    if (!scanContext.bytes) return { text: raw, caret: rel - start };
    return { text: decodeLenient(raw).text, caret: decodeLenient(raw.slice(0, rel - start)).text.length };
  }
}
