import type { FastCursor, FastLabelReader } from '../../../grammar/common/fast-labels.js';
import { omLabelReader, readOmFastLines } from '../../../grammar/openmetrics/fast-lines.js';
import { readOmFastByteLines } from '../../../grammar/openmetrics/fast-bytes.js';
import { ByteLabelReader } from '../../../grammar/text/fast-bytes.js';
import { NameSequence, NameShelf } from '../../../grammar/common/name-sequence.js';
import { lexOmChunk } from '../../../grammar/openmetrics/lexer.js';
import { omMismatchError } from '../../../grammar/openmetrics/messages.js';
import { omGrammar } from '../../../grammar/openmetrics/parser.js';
import { ParseError } from '../../errors/parse-error.js';
import type { MetricFamily, SourcePos } from '../../model/types.js';
import { Char } from '../../model/chars.js';
import { cutAtLexError, mismatchOffset, type ParseEngine } from '../engine.js';
import type { Locator } from '../locate.js';
import type { ParseOptions } from '../options.js';
import { OmAssembler } from './assemble.js';

/** The family names (of metadata lines) and the series names read from the last OpenMetrics document. */
const FAMILY_NAMES = new NameShelf();
const SERIES_NAMES = new NameShelf();

/**
 * The OpenMetrics 1.0 engine: the OpenMetrics fast reader and grammar in
 * `grammar/openmetrics`, and the {@link OmAssembler}. `report` receives the
 * errors found after their line (a point's structure, a missing `# EOF`).
 */
export class OpenMetricsEngine implements ParseEngine {
  private readonly assembler: OmAssembler;
  private readonly labelReader: FastLabelReader;
  /** Made at the first byte chunk (string input never needs it). */
  private byteReader: ByteLabelReader | undefined;
  private readonly maxLabels: number;
  /** The document's family names and series names, spelled from the last document's. */
  private readonly names = new NameSequence(FAMILY_NAMES);
  private readonly seriesNames = new NameSequence(SERIES_NAMES);

  constructor(
    private readonly locator: Locator,
    options: ParseOptions,
    report: (error: ParseError) => void,
  ) {
    this.maxLabels = options.maxLabelsPerSeries ?? Infinity;
    this.labelReader = omLabelReader(this.maxLabels);
    this.labelReader.seriesNames = this.seriesNames;
    this.assembler = new OmAssembler(locator, {
      positions: options.positions ?? false,
      maxSeries: options.maxSeries ?? Infinity,
      maxLabelsPerSeries: this.maxLabels,
      report,
    });
  }

  /**
   * Sample lines from the bytes; each run of metadata lines decoded as one text and read by
   * the string reader. Stops at any other line, and at a metadata line that reader leaves.
   */
  readBytes(buf: Buffer, end: number, cursor: FastCursor, base: number): void {
    // The OpenMetrics label sets are the 0.0.4 ones without the trailing comma and the reserved name.
    this.byteReader ??= new ByteLabelReader({ trailingComma: false, reservedName: false, maxLabels: this.maxLabels });
    try {
      for (;;) {
        // Positions of the metrics made are `base` plus the index in `buf`; an error is placed on its line of `buf`.
        this.locator.reset('', base, cursor.line);
        this.assembler.byteInput = buf;
        readOmFastByteLines(buf, end, cursor, this.assembler, this.byteReader);
        this.assembler.byteInput = undefined;
        const at = cursor.offset;
        if (at >= end || buf[at] !== Char.HASH) return;
        let runEnd = buf.indexOf(Char.LF, at) + 1;
        while (runEnd < end && buf[runEnd] === Char.HASH) runEnd = buf.indexOf(Char.LF, runEnd) + 1;
        const text = buf.toString('latin1', at, runEnd);
        // The metadata's offsets are in this text: errors are placed through a locator on it.
        this.locator.reset(text, base + at, cursor.line);
        const inText: FastCursor = { offset: 0, line: cursor.line };
        readOmFastLines(text, inText, this.assembler, true, this.labelReader, this.names);
        cursor.offset = at + inText.offset;
        cursor.line = inText.line;
        if (inText.offset < text.length) return;
      }
    } finally {
      this.assembler.byteInput = undefined;
    }
  }

  readFast(text: string, cursor: FastCursor, bytes: boolean): void {
    readOmFastLines(text, cursor, this.assembler, bytes, this.labelReader, this.names);
  }

  runGrammar(piece: string, base: number, baseLine: number): ParseError | undefined {
    this.locator.reset(piece, base, baseLine);
    const { tokens, lexError } = cutAtLexError(lexOmChunk(piece));
    const grammar = omGrammar();
    grammar.sink = this.assembler;
    grammar.maxLabels = this.maxLabels;
    grammar.begin(tokens);
    try {
      grammar.document();
      const mismatch = grammar.errors[0];
      if (mismatch === undefined && lexError < 0) return undefined;
      const at = mismatchOffset(mismatch?.token, lexError, piece.length);
      if (this.assembler.eofSeen) {
        const lineStart = at === 0 ? 0 : piece.lastIndexOf('\n', at - 1) + 1;
        this.assembler.raise(this.assembler.textAfterEof(lineStart));
      }
      this.assembler.raise(omMismatchError(mismatch === undefined ? 'lineStart' : grammar.expect, piece, at));
    } catch (e) {
      if (e instanceof ParseError) return e;
      throw e;
    }
  }

  finish(end: SourcePos): void {
    this.assembler.finish(end);
    this.names.finish();
    this.seriesNames.finish();
  }

  result(): MetricFamily[] {
    return this.assembler.result();
  }
}
