import { EmbeddedActionsParser, type IToken } from 'chevrotain';
import { NameSet } from '../../src/model/labels.js';
import { tooManyLabels, type PairPayload, type ScanError } from '../common/records.js';
import type { ValuePayload } from './records.js';
import {
  Comma,
  ExemplarOpen,
  LabelPair,
  LBrace,
  MetaLine,
  MetricName,
  Newline,
  omTokens,
  RBrace,
  ValueTail,
} from './tokens.js';

/**
 * Receives the lines the OpenMetrics grammar recognizes, in input order. The
 * OpenMetrics assembler in `src/parse/openmetrics` implements it; the grammar
 * knows nothing of families. Methods may throw to stop parsing.
 */
export interface OmLineSink {
  /** A metadata line (payload: {@link MetaPayload}, possibly with an error). */
  meta(token: IToken): void;
  /**
   * A complete sample line: name, label pairs in order (payloads
   * {@link PairPayload}, names unique), value tail, and the exemplar's pairs
   * and tail when there is one.
   */
  sample(
    name: IToken,
    pairs: IToken[],
    tail: IToken,
    exemplarPairs: IToken[] | undefined,
    exemplarTail: IToken | undefined,
  ): void;
  /** Throws a syntax error found inside a line. */
  raise(error: ScanError): never;
}

/** What the current line expects next; decides the message of a mismatch. */
export type OmExpectation =
  | 'lineStart'
  | 'afterName'
  | 'labelName'
  | 'labelAfterComma'
  | 'separator'
  | 'value'
  | 'afterValue'
  | 'exemplarValue'
  | 'lineEnd';

/**
 * The OpenMetrics 1.0 line grammar as an embedded-actions parser:
 *
 * ```
 * document  := line*
 * line      := MetaLine | sample
 * sample    := MetricName ("{" labelBody)? ValueTail (ExemplarOpen labelBody ValueTail)? Newline
 * labelBody := (LabelPair ("," LabelPair)*)? "}"
 * ```
 *
 * Token payload errors are raised as their tokens are consumed, so the first
 * problem of a line is the one reported; duplicate label names are refused
 * here, everything that depends on the family is left to the sink.
 */
export class OmGrammar extends EmbeddedActionsParser {
  /** Where recognized lines go. Set before each parse. */
  sink!: OmLineSink;
  /** What the current line expects next. */
  expect: OmExpectation = 'lineStart';
  /** The current line's label pairs. */
  pairs: IToken[] = [];
  /** The current exemplar's label pairs. */
  exemplarPairs: IToken[] | undefined;
  private target: IToken[] = this.pairs;
  /** The names in {@link target} (duplicates are refused as they come). */
  private targetNames = new NameSet();
  /**
   * `maxLabelsPerSeries`, applied while a line's labels are read so that a
   * huge label set stops early. One more is allowed (a `quantile` or `le`
   * bound is not a label); the assembler applies the exact limit.
   */
  maxLabels = Infinity;
  /** Where the current line starts. */
  private lineStart = 0;

  constructor() {
    super(omTokens, { recoveryEnabled: false, maxLookahead: 1, skipValidations: false });
    this.performSelfAnalysis();
  }

  /** Parses the whole token vector. */
  readonly document = this.RULE('document', () => {
    this.MANY(() => this.SUBRULE(this.line));
  });

  private readonly line = this.RULE('line', () => {
    this.OR([
      {
        ALT: () => {
          const token = this.CONSUME(MetaLine);
          this.ACTION(() => this.sink.meta(token));
        },
      },
      { ALT: () => this.SUBRULE(this.sample) },
    ]);
  });

  private readonly sample = this.RULE('sample', () => {
    const name = this.CONSUME(MetricName);
    this.ACTION(() => {
      this.lineStart = name.startOffset;
      this.pairs = [];
      this.target = this.pairs;
      this.targetNames = new NameSet();
      this.exemplarPairs = undefined;
      this.expect = 'afterName';
    });
    this.OPTION(() => {
      this.CONSUME(LBrace);
      this.ACTION(() => (this.expect = 'labelName'));
      this.SUBRULE(this.labelBody);
      this.ACTION(() => (this.expect = 'value'));
    });
    const tail = this.CONSUME(ValueTail);
    this.ACTION(() => this.checkTail(tail, 'afterValue'));
    let exemplarTail: IToken | undefined;
    this.OPTION2(() => {
      this.CONSUME(ExemplarOpen);
      this.ACTION(() => {
        this.exemplarPairs = [];
        this.target = this.exemplarPairs;
        this.targetNames = new NameSet();
        this.expect = 'labelName';
      });
      this.SUBRULE2(this.labelBody);
      this.ACTION(() => (this.expect = 'exemplarValue'));
      exemplarTail = this.CONSUME2(ValueTail);
      this.ACTION(() => this.checkTail(exemplarTail as IToken, 'lineEnd'));
    });
    this.CONSUME(Newline);
    this.ACTION(() => {
      this.sink.sample(name, this.pairs, tail, this.exemplarPairs, exemplarTail);
      this.expect = 'lineStart';
    });
  });

  private readonly labelBody = this.RULE('labelBody', () => {
    this.OPTION(() => {
      this.SUBRULE(this.pair);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.ACTION(() => (this.expect = 'labelAfterComma'));
        this.SUBRULE2(this.pair);
      });
    });
    this.CONSUME(RBrace);
  });

  private readonly pair = this.RULE('pair', () => {
    const token = this.CONSUME(LabelPair);
    this.ACTION(() => {
      const payload = token.payload as PairPayload & { error?: ScanError };
      if (payload.error) this.sink.raise(payload.error);
      const target = this.target;
      if (!this.targetNames.add(payload.name)) {
        this.sink.raise({
          code: 'OM_DUPLICATE_LABEL_NAME',
          msg: `expected unique label names, found "${payload.name}" twice`,
          offset: token.startOffset,
        });
      }
      target.push(token);
      if (target === this.pairs && target.length > this.maxLabels + 1)
        this.sink.raise(tooManyLabels(this.maxLabels, this.lineStart));
      this.expect = 'separator';
    });
  });

  private checkTail(token: IToken, next: OmExpectation): void {
    const error = (token.payload as ValuePayload).error;
    if (error) this.sink.raise(error);
    this.expect = next;
  }

  /** Resets the per-line state before a new token vector. */
  begin(tokens: IToken[]): void {
    this.input = tokens;
    this.expect = 'lineStart';
    this.pairs = [];
    this.target = this.pairs;
    this.exemplarPairs = undefined;
  }
}

let grammar: OmGrammar | undefined;

/** The singleton OpenMetrics parser, built on first use. */
export function omGrammar(): OmGrammar {
  grammar ??= new OmGrammar();
  return grammar;
}
