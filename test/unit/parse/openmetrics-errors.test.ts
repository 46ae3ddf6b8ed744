import { describe, expect, test } from 'vitest';
import { PARSE_ERROR_CODES } from '../../../src/errors/codes.js';
import { ParseError } from '../../../src/errors/parse-error.js';
import { parse, parseAll } from '../../../src/parse/index.js';

/**
 * OpenMetrics errors: code, line, column and message, for both engines and
 * for byte and string input. OpenMetrics has no reference error texts; these
 * are promkit's, in the style of the 0.0.4 ones (lowercase, `expected ...,
 * found ...`, the found text quoted).
 */

interface ErrorCase {
  name: string;
  input: string | Uint8Array;
  code: string;
  line: number;
  column: number;
  msg: string;
}

function errorOf(input: string | Uint8Array, engine: 'auto' | 'grammar'): ParseError {
  try {
    parse(input, { format: 'openmetrics', engine });
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('input was accepted');
}

const C = '# TYPE c counter\n';
const H = '# TYPE h histogram\n';
const GH = '# TYPE gh gaugehistogram\n';
const S = '# TYPE s summary\n';
const EOF = '# EOF\n';

const cases: ErrorCase[] = [
  // structure
  {
    name: 'sample without LF at the end',
    input: 'a 1',
    code: 'OM_UNEXPECTED_END',
    line: 1,
    column: 4,
    msg: 'expected LF or " # {" after the value, found end of input',
  },
  {
    name: 'HELP without LF at the end',
    input: '# HELP a x',
    code: 'OM_UNEXPECTED_END',
    line: 1,
    column: 11,
    msg: 'expected LF at the end of the HELP line, found end of input',
  },
  {
    name: 'end inside a label set',
    input: 'a{b="c"',
    code: 'OM_UNEXPECTED_END',
    line: 1,
    column: 8,
    msg: 'expected "," or "}" after a label value, found end of input',
  },
  {
    name: 'end inside a label name',
    input: 'a{b',
    code: 'OM_UNEXPECTED_END',
    line: 1,
    column: 4,
    msg: 'expected "=" after label name "b", found end of input',
  },
  {
    name: 'end inside a label value',
    input: 'a{b="c',
    code: 'OM_UNEXPECTED_END',
    line: 1,
    column: 7,
    msg: 'expected \'"\' to close the value of label "b", found end of input',
  },
  {
    name: 'end after the space before a timestamp',
    input: 'a 1 ',
    code: 'OM_UNEXPECTED_END',
    line: 1,
    column: 5,
    msg: 'expected a timestamp after " ", found end of input',
  },
  {
    name: 'no # EOF',
    input: 'a 1\n',
    code: 'OM_MISSING_EOF',
    line: 2,
    column: 1,
    msg: 'expected "# EOF" at the end of the input, found end of input',
  },
  {
    name: 'empty input',
    input: '',
    code: 'OM_MISSING_EOF',
    line: 1,
    column: 1,
    msg: 'expected "# EOF" at the end of the input, found end of input',
  },
  {
    name: 'a sample after # EOF',
    input: '# EOF\na 1\n',
    code: 'OM_TEXT_AFTER_EOF',
    line: 2,
    column: 1,
    msg: 'expected end of input after "# EOF", found "a 1"',
  },
  {
    name: 'an empty line after # EOF',
    input: 'a 1\n# EOF\n\n',
    code: 'OM_TEXT_AFTER_EOF',
    line: 3,
    column: 1,
    msg: 'expected end of input after "# EOF", found ""',
  },
  {
    name: 'an empty line',
    input: 'a 1\n\n' + EOF,
    code: 'OM_BLANK_LINE',
    line: 2,
    column: 1,
    msg: 'expected a metric name or "#", found an empty line',
  },
  {
    name: 'a plain comment',
    input: 'a 1\n# hello\n' + EOF,
    code: 'OM_INVALID_COMMENT',
    line: 2,
    column: 1,
    msg: 'expected "# HELP", "# TYPE", "# UNIT" or "# EOF", found "# hello"',
  },
  {
    name: 'EOF with a trailing blank',
    input: 'a 1\n# EOF \n',
    code: 'OM_EXPECTED_END_OF_LINE',
    line: 2,
    column: 6,
    msg: 'expected LF after "# EOF", found " "',
  },
  // names, separators
  {
    name: 'name starting with a digit',
    input: '0a 1\n' + EOF,
    code: 'OM_INVALID_METRIC_NAME',
    line: 1,
    column: 1,
    msg: 'expected a metric name or "#", found "0"',
  },
  {
    name: 'leading space',
    input: 'a 1\n b 1\n' + EOF,
    code: 'OM_INVALID_METRIC_NAME',
    line: 2,
    column: 1,
    msg: 'expected a metric name or "#", found " "',
  },
  {
    name: 'HELP of a bad name',
    input: '# HELP 0a x\n' + EOF,
    code: 'OM_INVALID_METRIC_NAME',
    line: 1,
    column: 8,
    msg: 'expected a metric name after "# HELP ", found "0"',
  },
  {
    name: 'tab after the name',
    input: 'a\t1\n' + EOF,
    code: 'OM_EXPECTED_SPACE',
    line: 1,
    column: 2,
    msg: 'expected "{" or " " after the metric name, found "\\t"',
  },
  {
    name: 'dot in a name',
    input: 'a.b 1\n' + EOF,
    code: 'OM_EXPECTED_SPACE',
    line: 1,
    column: 2,
    msg: 'expected "{" or " " after the metric name, found "."',
  },
  {
    name: 'no space after the label set',
    input: 'a{b="c"}1\n' + EOF,
    code: 'OM_EXPECTED_SPACE',
    line: 1,
    column: 9,
    msg: 'expected " " before the value, found "1"',
  },
  {
    name: 'tab in TYPE',
    input: '# TYPE a\tgauge\n' + EOF,
    code: 'OM_EXPECTED_SPACE',
    line: 1,
    column: 9,
    msg: 'expected " " after metric name "a", found "\\t"',
  },
  {
    name: 'HELP without a name',
    input: '# HELP\n' + EOF,
    code: 'OM_EXPECTED_SPACE',
    line: 1,
    column: 7,
    msg: 'expected " " after "HELP", found "\\n"',
  },
  // labels
  {
    name: 'label name starting with a digit',
    input: 'a{1="x"} 1\n' + EOF,
    code: 'OM_INVALID_LABEL_NAME',
    line: 1,
    column: 3,
    msg: 'expected a label name or "}", found "1"',
  },
  {
    name: 'trailing comma',
    input: 'a{b="c",} 1\n' + EOF,
    code: 'OM_INVALID_LABEL_NAME',
    line: 1,
    column: 9,
    msg: 'expected a label name after ",", found "}"',
  },
  {
    name: 'space after a comma',
    input: 'a{b="c", d="e"} 1\n' + EOF,
    code: 'OM_INVALID_LABEL_NAME',
    line: 1,
    column: 9,
    msg: 'expected a label name after ",", found " "',
  },
  {
    name: 'space before =',
    input: 'a{b ="c"} 1\n' + EOF,
    code: 'OM_EXPECTED_EQUALS',
    line: 1,
    column: 4,
    msg: 'expected "=" after label name "b", found " "',
  },
  {
    name: 'unquoted value',
    input: 'a{b=c} 1\n' + EOF,
    code: 'OM_EXPECTED_QUOTE',
    line: 1,
    column: 5,
    msg: 'expected \'"\' to open the value of label "b", found "c"',
  },
  {
    name: 'value not closed',
    input: 'a{b="c} 1\n' + EOF,
    code: 'OM_UNTERMINATED_LABEL_VALUE',
    line: 1,
    column: 10,
    msg: 'expected \'"\' to close the value of label "b", found "\\n"',
  },
  {
    name: 'escaped LF in a value',
    input: 'a{b="c\\\n"} 1\n' + EOF,
    code: 'OM_UNTERMINATED_LABEL_VALUE',
    line: 1,
    column: 8,
    msg: 'expected \'"\' to close the value of label "b", found "\\n"',
  },
  {
    name: 'missing comma',
    input: 'a{b="c"d="e"} 1\n' + EOF,
    code: 'OM_EXPECTED_LABEL_SEPARATOR',
    line: 1,
    column: 8,
    msg: 'expected "," or "}" after a label value, found "d"',
  },
  {
    name: 'duplicate label',
    input: 'a{b="1",c="2",b="3"} 1\n' + EOF,
    code: 'OM_DUPLICATE_LABEL_NAME',
    line: 1,
    column: 15,
    msg: 'expected unique label names, found "b" twice',
  },
  {
    name: 'duplicate exemplar label',
    input: C + 'c_total 1 # {b="1",b="2"} 1\n' + EOF,
    code: 'OM_DUPLICATE_LABEL_NAME',
    line: 2,
    column: 20,
    msg: 'expected unique label names, found "b" twice',
  },
  {
    name: 'HELP ending with a backslash',
    input: '# HELP a x\\\n' + EOF,
    code: 'OM_INVALID_ESCAPE',
    line: 1,
    column: 11,
    msg: 'expected a char after "\\" in HELP text, found "\\n"',
  },
  // values, timestamps, exemplars
  {
    name: 'hex value',
    input: 'a 0x1\n' + EOF,
    code: 'OM_INVALID_VALUE',
    line: 1,
    column: 3,
    msg: 'expected a number, found "0x1"',
  },
  {
    name: 'two spaces before the value',
    input: 'a  1\n' + EOF,
    code: 'OM_INVALID_VALUE',
    line: 1,
    column: 3,
    msg: 'expected a number after " ", found " "',
  },
  {
    name: 'signed NaN',
    input: 'a -NaN\n' + EOF,
    code: 'OM_INVALID_VALUE',
    line: 1,
    column: 3,
    msg: 'expected a number, found "-NaN"',
  },
  {
    name: 'CR before LF',
    input: 'a 1\r\n' + EOF,
    code: 'OM_INVALID_VALUE',
    line: 1,
    column: 3,
    msg: 'expected a number, found "1\\r"',
  },
  {
    name: 'NaN timestamp',
    input: 'a 1 NaN\n' + EOF,
    code: 'OM_INVALID_TIMESTAMP',
    line: 1,
    column: 5,
    msg: 'expected a finite timestamp in seconds, found "NaN"',
  },
  {
    name: 'trailing space after the value',
    input: 'a 1 \n' + EOF,
    code: 'OM_INVALID_TIMESTAMP',
    line: 1,
    column: 5,
    msg: 'expected a timestamp after " ", found "\\n"',
  },
  {
    name: 'timestamp beyond a double in ms',
    input: 'a 1 1e306\n' + EOF,
    code: 'OM_INVALID_TIMESTAMP',
    line: 1,
    column: 5,
    msg: 'expected a timestamp within the range of a double in milliseconds, found "1e306"',
  },
  {
    name: 'three numbers',
    input: 'a 1 2 3\n' + EOF,
    code: 'OM_EXPECTED_END_OF_LINE',
    line: 1,
    column: 6,
    msg: 'expected LF or " # {" after the timestamp, found " 3"',
  },
  {
    name: 'two exemplars',
    input: C + 'c_total 1 # {} 1 # {} 2\n' + EOF,
    code: 'OM_EXPECTED_END_OF_LINE',
    line: 2,
    column: 17,
    msg: 'expected LF after the exemplar, found " "',
  },
  {
    name: 'hash without a label set',
    input: C + 'c_total 1 # x\n' + EOF,
    code: 'OM_INVALID_EXEMPLAR',
    line: 2,
    column: 10,
    msg: 'expected " # {" to start an exemplar, found " # x"',
  },
  {
    name: 'exemplar value glued to the brace',
    input: C + 'c_total 1 # {}1\n' + EOF,
    code: 'OM_EXPECTED_SPACE',
    line: 2,
    column: 15,
    msg: 'expected " " before the exemplar value, found "1"',
  },
  {
    name: 'exemplar labels of 129 code points',
    input: C + `c_total 1 # {a="${'x'.repeat(128)}"} 1\n` + EOF,
    code: 'OM_EXEMPLAR_TOO_LONG',
    line: 2,
    column: 14,
    msg: 'expected exemplar labels of at most 128 code points, found 129',
  },
  {
    name: 'exemplar on a gauge',
    input: 'a 1 # {} 1\n' + EOF,
    code: 'OM_EXEMPLAR_NOT_ALLOWED',
    line: 1,
    column: 1,
    msg: 'expected exemplars only on counter _total and histogram _bucket samples, found one on unknown sample "a"',
  },
  // metadata
  {
    name: 'TYPE untyped',
    input: '# TYPE a untyped\n' + EOF,
    code: 'OM_INVALID_TYPE',
    line: 1,
    column: 10,
    msg: 'expected counter, gauge, histogram, gaugehistogram, stateset, info, summary or unknown, found "untyped"',
  },
  {
    name: 'UNIT not a suffix',
    input: '# UNIT a_b c\n' + EOF,
    code: 'OM_INVALID_UNIT',
    line: 1,
    column: 12,
    msg: 'expected a unit that ends the family name "a_b" after "_", found "c"',
  },
  {
    name: 'UNIT with a dot',
    input: '# UNIT a_b b.c\n' + EOF,
    code: 'OM_INVALID_UNIT',
    line: 1,
    column: 13,
    msg: 'expected a unit of [a-zA-Z0-9_:] chars, found "b.c"',
  },
  {
    name: 'UNIT on a stateset',
    input: '# UNIT a_b b\n# TYPE a_b stateset\n' + EOF,
    code: 'OM_INVALID_UNIT',
    line: 2,
    column: 12,
    msg: 'expected no UNIT on stateset "a_b", found "b"',
  },
  {
    name: 'second TYPE',
    input: '# TYPE a gauge\n# HELP a x\n# TYPE a gauge\n' + EOF,
    code: 'OM_DUPLICATE_METADATA',
    line: 3,
    column: 1,
    msg: 'expected one TYPE line for "a", found a second',
  },
  {
    name: 'HELP after samples',
    input: 'a 1\n# HELP a x\n' + EOF,
    code: 'OM_METADATA_AFTER_SAMPLES',
    line: 2,
    column: 1,
    msg: 'expected HELP of "a" before its samples, found it after them',
  },
  // families and metrics
  {
    name: 'family split by another',
    input: 'a 1\nb 1\na 2\n' + EOF,
    code: 'OM_CLASHING_NAME',
    line: 3,
    column: 1,
    msg: 'expected a family name not used before (families are contiguous), found "a" again',
  },
  {
    name: 'counter after a gauge of its _created name',
    input: '# TYPE a_created gauge\n# TYPE a counter\n' + EOF,
    code: 'OM_CLASHING_NAME',
    line: 2,
    column: 10,
    msg: 'expected the sample names of counter "a" to be unused, found "a_created" used by an earlier family',
  },
  {
    name: 'bare counter sample',
    input: C + 'c 1\n' + EOF,
    code: 'OM_INVALID_SAMPLE_NAME',
    line: 2,
    column: 1,
    msg: 'expected "c_total" or "c_created" for counter "c", found "c"',
  },
  {
    name: 'metric split by another',
    input: 'a{x="1"} 1\na{x="2"} 1\na{x="1"} 1\n' + EOF,
    code: 'OM_INTERLEAVED_METRIC',
    line: 3,
    column: 1,
    msg: 'expected the samples of each metric of "a" to be contiguous, found "a" of an earlier metric',
  },
  {
    name: 'timestamps going back',
    input: 'a 1 2\na 1 1\n' + EOF,
    code: 'OM_TIMESTAMP_ORDER',
    line: 2,
    column: 1,
    msg: 'expected timestamps of a metric of "a" not to go backwards, found 1 after 2',
  },
  {
    name: 'timestamp on some samples only',
    input: H + 'h_bucket{le="+Inf"} 1 5\nh_count 1\n' + EOF,
    code: 'OM_TIMESTAMP_ORDER',
    line: 3,
    column: 1,
    msg: 'expected all or none of the samples of a metric of "h" to have a timestamp, found a mix',
  },
  {
    name: 'second _count in a point',
    input: S + 's_count 1\ns_count 1\n' + EOF,
    code: 'OM_DUPLICATE_SAMPLE',
    line: 3,
    column: 1,
    msg: 'expected one "s_count" sample per point of a metric of "s", found a second',
  },
  // values per type
  {
    name: 'negative counter',
    input: C + 'c_total -1\n' + EOF,
    code: 'OM_INVALID_SAMPLE_VALUE',
    line: 2,
    column: 1,
    msg: 'expected a counter total that is neither negative nor NaN in counter "c", found -1',
  },
  {
    name: 'fractional bucket count',
    input: H + 'h_bucket{le="+Inf"} 0.5\n' + EOF,
    code: 'OM_INVALID_SAMPLE_VALUE',
    line: 2,
    column: 1,
    msg: 'expected a bucket count that is a non-negative integer in histogram "h", found 0.5',
  },
  {
    name: 'summary without quantile',
    input: S + 's 1\n' + EOF,
    code: 'OM_MISSING_LABEL',
    line: 2,
    column: 1,
    msg: 'expected a "quantile" label on summary sample "s", found none',
  },
  {
    name: 'quantile above 1',
    input: S + 's{quantile="2"} 1\n' + EOF,
    code: 'OM_INVALID_QUANTILE',
    line: 2,
    column: 1,
    msg: 'expected a quantile between 0 and 1, found "2"',
  },
  {
    name: 'le infinity not spelled +Inf',
    input: H + 'h_bucket{le="inf"} 1\n' + EOF,
    code: 'OM_INVALID_BUCKET_BOUND',
    line: 2,
    column: 1,
    msg: 'expected a number or "+Inf" as le, found "inf"',
  },
  {
    name: 'buckets out of order',
    input: H + 'h_bucket{le="2"} 1\nh_bucket{le="1"} 1\n' + EOF,
    code: 'OM_BUCKET_ORDER',
    line: 3,
    column: 1,
    msg: 'expected le above 2 (buckets in increasing order), found 1',
  },
  // each message of the sample rules (sample-rules.ts), not only its code
  {
    name: 'stateset sample without its state label',
    input: '# TYPE st stateset\nst{a="x"} 1\n' + EOF,
    code: 'OM_MISSING_LABEL',
    line: 2,
    column: 1,
    msg: 'expected the label "st" naming the state of stateset "st", found none',
  },
  {
    name: 'bucket without le',
    input: H + 'h_bucket{a="b"} 1\n' + EOF,
    code: 'OM_MISSING_LABEL',
    line: 2,
    column: 1,
    msg: 'expected an "le" label on histogram bucket "h_bucket", found none',
  },
  {
    name: 'stateset value other than 0 or 1',
    input: '# TYPE st stateset\nst{st="a"} 2\n' + EOF,
    code: 'OM_INVALID_SAMPLE_VALUE',
    line: 2,
    column: 1,
    msg: 'expected a stateset value of 0 or 1 in stateset "st", found 2',
  },
  {
    name: 'info value other than 1',
    input: '# TYPE i info\ni_info{a="x"} 2\n' + EOF,
    code: 'OM_INVALID_SAMPLE_VALUE',
    line: 2,
    column: 1,
    msg: 'expected an info value of 1 in info "i", found 2',
  },
  {
    name: 'negative quantile value',
    input: S + 's{quantile="0.5"} -1\n' + EOF,
    code: 'OM_INVALID_SAMPLE_VALUE',
    line: 2,
    column: 1,
    msg: 'expected a quantile value that is not negative in summary "s", found -1',
  },
  {
    name: 'negative summary sum',
    input: S + 's_sum -1\ns_count 1\n' + EOF,
    code: 'OM_INVALID_SAMPLE_VALUE',
    line: 2,
    column: 1,
    msg: 'expected a _sum that is neither negative nor NaN in summary "s", found -1',
  },
  {
    name: 'NaN _gsum',
    input: GH + 'gh_bucket{le="+Inf"} 1\ngh_gcount 1\ngh_gsum NaN\n' + EOF,
    code: 'OM_INVALID_SAMPLE_VALUE',
    line: 4,
    column: 1,
    msg: 'expected a _gsum that is not NaN in gaugehistogram "gh", found NaN',
  },
  {
    name: 'negative _gcount',
    input: GH + 'gh_bucket{le="+Inf"} 1\ngh_gcount -1\n' + EOF,
    code: 'OM_INVALID_SAMPLE_VALUE',
    line: 3,
    column: 1,
    msg: 'expected a count that is a non-negative integer in gaugehistogram "gh", found -1',
  },
  {
    name: 'le spelled Inf',
    input: H + 'h_bucket{le="Inf"} 1\n' + EOF,
    code: 'OM_INVALID_BUCKET_BOUND',
    line: 2,
    column: 1,
    msg: 'expected a number or "+Inf" as le, found "Inf"',
  },
  {
    name: 'bucket count going down',
    input: H + 'h_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\n' + EOF,
    code: 'OM_BUCKET_ORDER',
    line: 3,
    column: 1,
    msg: 'expected a cumulative count of at least 2, found 1',
  },
  // point structure, reported at the point's first line
  {
    name: 'no +Inf bucket',
    input: H + 'h_bucket{le="1"} 1\nh_count 1\nh_sum 1\n' + EOF,
    code: 'OM_MISSING_INF_BUCKET',
    line: 2,
    column: 1,
    msg: 'expected a "+Inf" bucket in each point of histogram "h", found le up to 1',
  },
  {
    name: 'count differs from +Inf',
    input: H + 'h_bucket{le="+Inf"} 2\nh_count 3\nh_sum 1\n' + EOF,
    code: 'OM_COUNT_MISMATCH',
    line: 2,
    column: 1,
    msg: 'expected _count equal to the "+Inf" bucket (2) in histogram "h", found 3',
  },
  {
    name: '_gsum without _gcount',
    input: GH + 'gh_bucket{le="+Inf"} 2\ngh_gsum 1\n' + EOF,
    code: 'OM_COUNT_SUM_PAIRING',
    line: 2,
    column: 1,
    msg: 'expected both or neither of _gcount and _gsum in gaugehistogram "gh", found only _gsum',
  },
  {
    name: '_sum with a negative bucket',
    input: H + 'h_bucket{le="-1"} 1\nh_bucket{le="+Inf"} 2\nh_count 2\nh_sum 0\n' + EOF,
    code: 'OM_NEGATIVE_BUCKET_SUM',
    line: 2,
    column: 1,
    msg: 'expected no _sum in histogram "h" with negative buckets, found 0',
  },
  {
    name: 'counter point of _created only',
    input: C + 'c_created{a="1"} 5\nc_total{a="2"} 1\n' + EOF,
    code: 'OM_MISSING_TOTAL',
    line: 2,
    column: 1,
    msg: 'expected a "c_total" sample in each point of counter "c", found none',
  },
  {
    name: 'the last point is checked at # EOF',
    input: 'a 1\n' + H + 'h_bucket{le="1"} 1\n' + EOF,
    code: 'OM_MISSING_INF_BUCKET',
    line: 3,
    column: 1,
    msg: 'expected a "+Inf" bucket in each point of histogram "h", found le up to 1',
  },
];

const bytesCases: ErrorCase[] = [
  {
    name: 'label value not UTF-8',
    input: Buffer.from([...Buffer.from('a{b="'), 0xff, ...Buffer.from('"} 1\n# EOF\n')]),
    code: 'OM_INVALID_UTF8',
    line: 1,
    column: 5,
    msg: 'expected a UTF-8 value for label "b", found "\\"\\xff\\""',
  },
  {
    name: 'HELP not UTF-8',
    input: Buffer.from([...Buffer.from('# HELP a x'), 0xc3, ...Buffer.from('\n# EOF\n')]),
    code: 'OM_INVALID_UTF8',
    line: 1,
    column: 10,
    msg: 'expected UTF-8 HELP text, found "x\\xc3"',
  },
  {
    name: 'columns count bytes',
    input: Buffer.from('a{b="é"} 1 x\n# EOF\n'),
    code: 'OM_INVALID_TIMESTAMP',
    line: 1,
    column: 13,
    msg: 'expected a finite timestamp in seconds, found "x"',
  },
];

describe.each(['auto', 'grammar'] as const)('OpenMetrics errors, engine %s', (engine) => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const e = errorOf(c.input, engine);
    expect({ code: e.code, line: e.line, column: e.column, msg: e.msg }).toEqual({
      code: c.code,
      line: c.line,
      column: c.column,
      msg: c.msg,
    });
    expect(e.message).toBe(`openmetrics parsing error in line ${c.line}: ${c.msg}`);
    const bytes = errorOf(Buffer.from(c.input as string), engine);
    expect([bytes.code, bytes.line, bytes.column, bytes.msg]).toEqual([c.code, c.line, c.column, c.msg]);
  });

  test.each(bytesCases.map((c) => [c.name, c] as const))('bytes: %s', (_name, c) => {
    const e = errorOf(c.input, engine);
    expect({ code: e.code, line: e.line, column: e.column, msg: e.msg }).toEqual({
      code: c.code,
      line: c.line,
      column: c.column,
      msg: c.msg,
    });
  });
});

describe('OpenMetrics error codes', () => {
  test('every OM_ code of the registry has a case', () => {
    const covered = new Set([...cases, ...bytesCases].map((c) => c.code));
    const missing = Object.keys(PARSE_ERROR_CODES).filter((c) => c.startsWith('OM_') && !covered.has(c));
    expect(missing).toEqual([]);
  });

  test('parseAll collects syntax errors and point errors in input order and keeps going', () => {
    const input = 'a 1\na  2\n' + H + 'h_bucket{le="1"} 1\nb{x=1} 1\nc 1\n';
    const { families, errors } = parseAll(input, { format: 'openmetrics' });
    expect(errors.map((e) => [e.code, e.line])).toEqual([
      ['OM_INVALID_VALUE', 2],
      ['OM_MISSING_INF_BUCKET', 4],
      ['OM_EXPECTED_QUOTE', 5],
      ['OM_MISSING_EOF', 7],
    ]);
    expect(families.map((f) => [f.name, f.metrics.length])).toEqual([
      ['a', 1],
      ['h', 1],
      ['c', 1],
    ]);
  });

  test('limits stop the parse even when collecting errors', () => {
    expect(() => parseAll('a{x="1"} 1\na{x="2"} 1\n# EOF\n', { format: 'openmetrics', maxSeries: 1 })).toThrow(
      /more than 1 series/,
    );
    expect(() => parse('a{x="1",y="2"} 1\n# EOF\n', { format: 'openmetrics', maxLabelsPerSeries: 1 })).toThrow(
      /2 labels/,
    );
    expect(() =>
      parse(H + 'h_bucket{x="1",le="+Inf"} 1\n# EOF\n', { format: 'openmetrics', maxLabelsPerSeries: 1 }),
    ).not.toThrow();
  });
});
