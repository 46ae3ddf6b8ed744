import { createToken, type IMultiModeLexerDefinition, type TokenType } from 'chevrotain';
import { matcher } from '../common/matcher.js';
import { scanLabelPair, scanMetaLine, scanValueTail } from './scan.js';

/**
 * Token types and lexer modes of OpenMetrics 1.0 text.
 *
 * - `line`: the start of a line. `#` starts a MetaLine (the whole line with its
 *   LF, scanned in one go); a metric name enters `sample`. Nothing else is a
 *   token here: no blanks, no empty lines.
 * - `sample`: after the metric name. `{` enters `labels`; ` # {` enters
 *   `labels` for an exemplar's label set; a space starts a ValueTail (value and
 *   optional timestamp); LF returns to `line`.
 * - `labels`: LabelPair, Comma; `}` returns to `sample`. No blanks.
 *
 * The scanners behind custom patterns put their findings into token payloads.
 */

const LABEL_START = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_'];

/** A whole `# HELP|TYPE|UNIT ...` or `# EOF` line with its LF; payload {@link MetaPayload}. */
export const MetaLine = createToken({
  name: 'OmMetaLine',
  pattern: matcher(scanMetaLine),
  start_chars_hint: ['#'],
  line_breaks: true,
});
/** A metric name at the start of a sample line. */
export const MetricName = createToken({
  name: 'OmMetricName',
  pattern: /[a-zA-Z_:][a-zA-Z0-9_:]*/,
  push_mode: 'sample',
});
/** `{` opening a sample's label set. */
export const LBrace = createToken({ name: 'OmLBrace', pattern: '{', push_mode: 'labels' });
/** ` # {` opening an exemplar's label set. */
export const ExemplarOpen = createToken({ name: 'OmExemplarOpen', pattern: ' # {', push_mode: 'labels' });
/** ` value [timestamp]` of a sample or an exemplar; payload {@link ValuePayload}. */
export const ValueTail = createToken({
  name: 'OmValueTail',
  pattern: matcher(scanValueTail),
  start_chars_hint: [' '],
  line_breaks: false,
});
/** The LF that ends a sample line. */
export const Newline = createToken({ name: 'OmNewline', pattern: '\n', pop_mode: true, line_breaks: true });
/** `name="value"`; payload {@link PairPayload} or {@link BadPairPayload}. */
export const LabelPair = createToken({
  name: 'OmLabelPair',
  pattern: matcher(scanLabelPair),
  start_chars_hint: LABEL_START,
  line_breaks: false,
});
/** `,` between label pairs. */
export const Comma = createToken({ name: 'OmComma', pattern: ',' });
/** `}` closing a label set. */
export const RBrace = createToken({ name: 'OmRBrace', pattern: '}', pop_mode: true });

/** The multi-mode lexer definition. */
export const omLexerDefinition: IMultiModeLexerDefinition = {
  modes: {
    line: [MetaLine, MetricName],
    sample: [LBrace, ExemplarOpen, Newline, ValueTail],
    labels: [Comma, RBrace, LabelPair],
  },
  defaultMode: 'line',
};

/** Every token type, for the parser. */
export const omTokens: TokenType[] = [
  MetaLine,
  MetricName,
  LBrace,
  ExemplarOpen,
  ValueTail,
  Newline,
  LabelPair,
  Comma,
  RBrace,
];
