import { lexChunk } from '../../grammar/text/lexer.js';
import { mismatchError } from '../../grammar/text/messages.js';
import { textGrammar } from '../../grammar/text/parser.js';
import type { FastCursor } from '../../grammar/common/fast-labels.js';
import { readFastLines, textLabelReader, textLabelRules } from '../../grammar/text/fast-lines.js';
import { ByteLabelReader, readFastByteLines } from '../../grammar/text/fast-bytes.js';
import { scanComment } from '../../grammar/text/scan.js';
import { Char } from '../model/chars.js';
import type { FastLabelReader } from '../../grammar/common/fast-labels.js';
import type { PairPayload } from '../../grammar/common/records.js';
import { ParseError } from '../errors/parse-error.js';
import type { MetricFamily } from '../model/types.js';
import { Assembler } from './assemble.js';
import { cutAtLexError, mismatchOffset, type ParseEngine } from './engine.js';
import type { Locator } from './locate.js';
import type { ParseOptions } from './options.js';

/** The text format 0.0.4 engine: the fast reader, the Chevrotain grammar and the reference's assembler. */
export class TextEngine implements ParseEngine {
  private readonly assembler: Assembler;
  private readonly labelReader: FastLabelReader;
  /** Made at the first byte chunk (string input never needs it). */
  private byteReader: ByteLabelReader | undefined;
  private readonly maxLabels: number;
  private readonly checkLabelsOnly: boolean;

  constructor(
    private readonly locator: Locator,
    options: ParseOptions,
  ) {
    this.maxLabels = options.maxLabelsPerSeries ?? Infinity;
    const checkOnly = options.validateOnly === true && options.maxSeries === undefined;
    this.assembler = new Assembler(locator, {
      positions: options.positions ?? false,
      maxSeries: options.maxSeries ?? Infinity,
      maxLabelsPerSeries: this.maxLabels,
      checkOnly,
    });
    this.checkLabelsOnly = checkOnly && this.maxLabels === Infinity;
    this.labelReader = textLabelReader(this.maxLabels, this.checkLabelsOnly);
  }

  /** Sample lines from the bytes; each run of comment lines decoded as one text. Stops at any other line. */
  readBytes(buf: Buffer, end: number, cursor: FastCursor, base: number): void {
    for (;;) {
      // Positions of the metrics made are `base` plus the index in `buf`.
      this.locator.reset('', base, cursor.line);
      this.byteReader ??= new ByteLabelReader(textLabelRules(this.maxLabels, this.checkLabelsOnly));
      readFastByteLines(buf, end, cursor, this.assembler, this.byteReader);
      const at = cursor.offset;
      if (at >= end || buf[at] !== Char.HASH) return;
      let runEnd = buf.indexOf(Char.LF, at) + 1;
      while (runEnd < end && buf[runEnd] === Char.HASH) runEnd = buf.indexOf(Char.LF, runEnd) + 1;
      const text = buf.toString('latin1', at, runEnd);
      // The comments' offsets are in this text: errors are placed through a locator on it.
      this.locator.reset(text, base + at, cursor.line);
      for (let i = 0; i < text.length; i++) {
        const { end: lf, payload } = scanComment(text, i);
        this.assembler.comment(payload);
        i = lf;
        cursor.line++;
      }
      cursor.offset = runEnd;
    }
  }

  readFast(text: string, cursor: FastCursor, bytes: boolean): void {
    readFastLines(text, cursor, this.assembler, bytes, this.labelReader);
  }

  runGrammar(piece: string, base: number, baseLine: number): ParseError | undefined {
    this.locator.reset(piece, base, baseLine);
    const { tokens, lexError } = cutAtLexError(lexChunk(piece));
    const grammar = textGrammar;
    grammar.sink = this.assembler;
    grammar.maxLabels = this.maxLabels;
    grammar.begin(tokens);
    try {
      grammar.document();
      const mismatch = grammar.errors[0];
      if (mismatch === undefined && lexError < 0) return undefined;
      const at = mismatchOffset(mismatch?.token, lexError, piece.length);
      const expect = mismatch === undefined ? 'lineStart' : grammar.expect;
      const last = grammar.pairs[grammar.pairs.length - 1];
      const lastValue = last === undefined ? '' : (last.payload as PairPayload).value;
      const error = mismatchError(expect, piece, at, lastValue, '');
      if (expect === 'lineStart') this.assembler.raise(error);
      this.assembler.fail(grammar.currentName, grammar.pairs, undefined, error);
    } catch (e) {
      if (e instanceof ParseError) return e;
      throw e;
    }
  }

  /** The text format has no end-of-input rule beyond the final LF, which the grammar checks. */
  finish(): void {}

  result(): MetricFamily[] {
    return this.assembler.result();
  }
}
