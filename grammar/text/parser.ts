import { EmbeddedActionsParser, type IToken } from 'chevrotain';
import type { ScanError } from '../common/records.js';
import { allTokens, Comma, Comment, LabelPair, LBrace, MetricName, Newline, RBrace, SampleTail } from './tokens.js';

/**
 * Receives the lines the grammar recognizes, in input order. The assembler in
 * `src/parse` implements it; the grammar itself knows nothing of families.
 * Methods may throw to stop parsing.
 */
export interface LineSink {
  /** A comment line (payload: {@link CommentPayload}). */
  comment(token: IToken): void;
  /** A complete sample line: name, good label pairs in order, tail (payload: {@link TailPayload}). */
  sample(name: IToken, pairs: IToken[], tail: IToken): void;
  /**
   * A sample line that failed: what was read before the failure, the name of a
   * pair that failed after its `=` (checked for duplicates first), and the error.
   * Must throw.
   */
  fail(name: IToken | undefined, pairs: IToken[], pendingName: string | undefined, error: ScanError): never;
  /** The line `name` has more than `limit` labels (see {@link TextGrammar.maxLabels}). Must throw. */
  tooManyLabels(name: IToken | undefined, limit: number): never;
}

/** What the grammar expects next inside a sample line; decides the message of a mismatch. */
export type Expectation = 'lineStart' | 'value' | 'labelName' | 'separator';

/**
 * The 0.0.4 grammar as an embedded-actions parser:
 *
 * ```
 * document := line*
 * line     := Comment | sample
 * sample   := MetricName labelSet? SampleTail Newline
 * labelSet := "{" (LabelPair ("," LabelPair)* ","?)? "}"
 * ```
 *
 * Actions hand each line to the {@link LineSink}; the parser keeps only the
 * current line's name and pairs, so that a mismatch can be reported with them.
 */
export class TextGrammar extends EmbeddedActionsParser {
  /** Where recognized lines go. Set before each parse. */
  sink!: LineSink;
  /** What the current line expects next. */
  expect: Expectation = 'lineStart';
  /** The current line's name token. */
  currentName: IToken | undefined;
  /** The current line's good label pairs. */
  pairs: IToken[] = [];
  /**
   * `maxLabelsPerSeries`, applied while a line is read so that a huge label
   * set stops early. Pairs named `le` or `quantile` are not counted: in a
   * histogram or summary they are a bound, not a label, and the assembler
   * applies the exact limit once it knows the family.
   */
  maxLabels = Infinity;
  private counted = 0;

  constructor() {
    super(allTokens, { recoveryEnabled: false, maxLookahead: 2, skipValidations: false });
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
          const token = this.CONSUME(Comment);
          this.ACTION(() => this.sink.comment(token));
        },
      },
      { ALT: () => this.SUBRULE(this.sample) },
    ]);
  });

  private readonly sample = this.RULE('sample', () => {
    const name = this.CONSUME(MetricName);
    this.ACTION(() => {
      this.currentName = name;
      this.pairs = [];
      this.counted = 0;
      this.expect = 'value';
    });
    this.OPTION(() => this.SUBRULE(this.labelSet));
    const tail = this.CONSUME(SampleTail);
    this.ACTION(() => {
      this.sink.sample(name, this.pairs, tail);
      this.expect = 'lineStart';
      this.currentName = undefined;
    });
    this.CONSUME(Newline);
  });

  private readonly labelSet = this.RULE('labelSet', () => {
    this.CONSUME(LBrace);
    this.ACTION(() => (this.expect = 'labelName'));
    this.OPTION(() => {
      this.SUBRULE(this.pair);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.ACTION(() => (this.expect = 'labelName'));
        this.SUBRULE2(this.pair);
      });
      this.OPTION2(() => {
        this.CONSUME2(Comma);
        this.ACTION(() => (this.expect = 'labelName'));
      });
    });
    this.CONSUME(RBrace);
    this.ACTION(() => (this.expect = 'value'));
  });

  private readonly pair = this.RULE('pair', () => {
    const token = this.CONSUME(LabelPair);
    this.ACTION(() => {
      const payload = token.payload as { error?: ScanError; name?: string };
      if (payload.error) this.sink.fail(this.currentName, this.pairs, payload.name, payload.error);
      this.pairs.push(token);
      const name = payload.name;
      if (name !== 'le' && name !== 'quantile' && ++this.counted > this.maxLabels)
        this.sink.tooManyLabels(this.currentName, this.maxLabels);
      this.expect = 'separator';
    });
  });

  /** Resets the per-line state before a new token vector. */
  begin(tokens: IToken[]): void {
    this.input = tokens;
    this.expect = 'lineStart';
    this.currentName = undefined;
    this.pairs = [];
  }
}

/** The singleton parser. */
export const textGrammar = new TextGrammar();
