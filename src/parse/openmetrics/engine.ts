import type { FastCursor, FastLabelReader } from '../../../grammar/common/fast-labels.js';
import { omLabelReader, readOmFastLines } from '../../../grammar/openmetrics/fast-lines.js';
import { lexOmChunk } from '../../../grammar/openmetrics/lexer.js';
import { omMismatchError } from '../../../grammar/openmetrics/messages.js';
import { omGrammar } from '../../../grammar/openmetrics/parser.js';
import { ParseError } from '../../errors/parse-error.js';
import type { MetricFamily, SourcePos } from '../../model/types.js';
import { cutAtLexError, mismatchOffset, type ParseEngine } from '../engine.js';
import type { Locator } from '../locate.js';
import type { ParseOptions } from '../options.js';
import { OmAssembler } from './assemble.js';

/**
 * The OpenMetrics 1.0 engine: the OpenMetrics fast reader and grammar in
 * `grammar/openmetrics`, and the {@link OmAssembler}. `report` receives the
 * errors found after their line (a point's structure, a missing `# EOF`).
 */
export class OpenMetricsEngine implements ParseEngine {
  private readonly assembler: OmAssembler;
  private readonly labelReader: FastLabelReader;
  private readonly maxLabels: number;

  constructor(
    private readonly locator: Locator,
    options: ParseOptions,
    report: (error: ParseError) => void,
  ) {
    this.maxLabels = options.maxLabelsPerSeries ?? Infinity;
    this.labelReader = omLabelReader(this.maxLabels);
    this.assembler = new OmAssembler(locator, {
      positions: options.positions ?? false,
      maxSeries: options.maxSeries ?? Infinity,
      maxLabelsPerSeries: this.maxLabels,
      report,
    });
  }

  readFast(text: string, cursor: FastCursor, bytes: boolean): void {
    readOmFastLines(text, cursor, this.assembler, bytes, this.labelReader);
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
  }

  result(): MetricFamily[] {
    return this.assembler.result();
  }
}
