import { createToken, Lexer, type IMultiModeLexerDefinition, type TokenType } from 'chevrotain';
import { matcher } from '../common/matcher.js';
import { scanComment, scanLabelPair, scanSampleTail } from './scan.js';

/**
 * Token types and lexer modes of the text format 0.0.4.
 *
 * Modes follow the reference parser's states:
 * - `line`: the start of a line. Blanks and empty lines are skipped; `#` starts
 *   a Comment token (the whole line, scanned in one go); a metric name enters `sample`.
 * - `sample`: after the metric name. `{` enters `labels`; anything else starts
 *   the SampleTail (value, timestamp, rest of line); LF returns to `line`.
 * - `labels`: inside braces. LabelPair, Comma, blanks; `}` returns to `sample`.
 *
 * The scanners behind custom patterns put their findings into token payloads.
 */

const ALL_BYTES_BUT = (excluded: string): number[] => {
  const codes: number[] = [];
  for (let c = 0; c < 256; c++) if (!excluded.includes(String.fromCharCode(c))) codes.push(c);
  return codes;
};

/** Spaces and tabs between tokens. */
export const Blank = createToken({ name: 'Blank', pattern: /[ \t]+/, group: Lexer.SKIPPED });
/** An empty line, or the LF after a comment. */
export const SkippedNewline = createToken({
  name: 'SkippedNewline',
  pattern: '\n',
  group: Lexer.SKIPPED,
  line_breaks: true,
});
/** The LF that ends a sample line. */
export const Newline = createToken({ name: 'Newline', pattern: '\n', pop_mode: true, line_breaks: true });
/** A whole comment line (`#` up to its LF); payload {@link CommentPayload}. */
export const Comment = createToken({
  name: 'Comment',
  pattern: matcher(scanComment),
  start_chars_hint: ['#'],
  line_breaks: false,
});
/** A metric name at the start of a sample line. */
export const MetricName = createToken({ name: 'MetricName', pattern: /[a-zA-Z_:][a-zA-Z0-9_:]*/, push_mode: 'sample' });
/** `{` opening a label set. */
export const LBrace = createToken({ name: 'LBrace', pattern: '{', push_mode: 'labels' });
/** `}` closing a label set. */
export const RBrace = createToken({ name: 'RBrace', pattern: '}', pop_mode: true });
/** `,` between label pairs. */
export const Comma = createToken({ name: 'Comma', pattern: ',' });
/** `name = "value"`; payload {@link PairPayload} or {@link BadPairPayload}. */
export const LabelPair = createToken({
  name: 'LabelPair',
  pattern: matcher(scanLabelPair),
  start_chars_hint: [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_'],
  line_breaks: false,
});
/** Value, optional timestamp and the rest of a sample line; payload {@link TailPayload}. */
export const SampleTail = createToken({
  name: 'SampleTail',
  pattern: matcher(scanSampleTail),
  start_chars_hint: ALL_BYTES_BUT('{ \t\n'),
  line_breaks: false,
});

/** The multi-mode lexer definition. */
export const lexerDefinition: IMultiModeLexerDefinition = {
  modes: {
    line: [Blank, SkippedNewline, Comment, MetricName],
    sample: [Blank, Newline, LBrace, SampleTail],
    labels: [Blank, RBrace, Comma, LabelPair],
  },
  defaultMode: 'line',
};

/** Every token type, for the parser. */
export const allTokens: TokenType[] = [
  Blank,
  SkippedNewline,
  Newline,
  Comment,
  MetricName,
  LBrace,
  RBrace,
  Comma,
  LabelPair,
  SampleTail,
];
