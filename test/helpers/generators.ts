import fc from 'fast-check';

/**
 * fast-check generators of text-format documents: mostly valid lines (HELP,
 * TYPE, samples of every type with labels, timestamps, escapes) and, with
 * `garble`, lines mutated by inserting, deleting or replacing tokens that sit
 * on the edges of the grammar (blanks, braces, quotes, backslashes, CR, NUL,
 * bytes that are not UTF-8, special floats).
 */

const names = [
  'foo',
  'foo_sum',
  'foo_count',
  'foo_bucket',
  'bar',
  'bar_total',
  'h',
  'h_bucket',
  'h_sum',
  'h_count',
  's',
  's_sum',
  's_count',
  ':x',
];
const types = ['counter', 'gauge', 'summary', 'untyped', 'histogram', 'COUNTER'];
const badTypes = ['gauge_histogram', 'info', 'counter '];
const labelNames = ['a', 'b', 'le', 'quantile', 'job', 'instance', '_x'];
const labelValues = ['', 'v', '1', '0.5', '+Inf', 'NaN', 'x y', 'é✓', '\\\\', '\\"', '\\n', '=,{}#', '0.1'];
const values = [
  '1',
  '0',
  '-1',
  '2.5',
  '1e3',
  '-0',
  'NaN',
  '+Inf',
  '-Inf',
  'inf',
  '.5',
  '5.',
  '1e-400',
  '9007199254740993',
  '123456789.125',
  '4.9e-324',
];
const badValues = ['0x10', '+NaN', '1_000', '1e400', ''];
const timestamps = ['', '', ' 1000', ' -3982045', ' +1', ' 9223372036854775807'];
const atoms = [
  ' ',
  '\t',
  '\n',
  '{',
  '}',
  ',',
  '=',
  '"',
  '\\',
  '#',
  '\r',
  '\x00',
  '\xff',
  '\xc3',
  'é',
  'a',
  '1',
  'le="1"',
  ' 1',
  '# HELP ',
  '# TYPE ',
  '__name__',
  'NaN',
  '_sum',
];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

const labelSet = fc
  .oneof(
    {
      weight: 9,
      arbitrary: fc.uniqueArray(fc.tuple(pick(labelNames), pick(labelValues)), { maxLength: 4, selector: ([n]) => n }),
    },
    { weight: 1, arbitrary: fc.array(fc.tuple(pick(labelNames), pick(labelValues)), { maxLength: 4 }) },
  )
  .chain((pairs) => fc.tuple(fc.constant(pairs), fc.boolean(), fc.boolean()))
  .map(([pairs, braces, trailingComma]) => {
    if (pairs.length === 0) return braces ? '{}' : '';
    return `{${pairs.map(([n, v]) => `${n}="${v}"`).join(',')}${trailingComma ? ',' : ''}}`;
  });

const value = fc.oneof({ weight: 19, arbitrary: pick(values) }, { weight: 1, arbitrary: pick(badValues) });
const sampleLine = fc
  .tuple(pick(names), labelSet, value, pick(timestamps))
  .map(([n, l, v, t]) => `${n}${l} ${v}${t}\n`);
const helpLine = fc
  .tuple(pick(names), pick(['x', 'a b', 'a\\\\b', 'line\\nnext', 'é', '']))
  .map(([n, h]) => `# HELP ${n} ${h}\n`);
const type = fc.oneof({ weight: 19, arbitrary: pick(types) }, { weight: 1, arbitrary: pick(badTypes) });
const typeLine = fc.tuple(pick(names), type).map(([n, t]) => `# TYPE ${n} ${t}\n`);
const otherLine = pick(['\n', '# comment\n', '#\n', '  \n', '# EOF\n']);
const line = fc.oneof(
  { weight: 12, arbitrary: sampleLine },
  { weight: 1, arbitrary: typeLine },
  { weight: 1, arbitrary: helpLine },
  { weight: 1, arbitrary: otherLine },
);

const mutation = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 }), pick(atoms));

function mutate(text: string, edits: [number, number, string][]): string {
  let s = text;
  for (const [at, op, atom] of edits) {
    const pos = s.length === 0 ? 0 : at % (s.length + 1);
    if (op === 0) s = s.slice(0, pos) + atom + s.slice(pos);
    else if (op === 1) s = s.slice(0, pos) + s.slice(pos + 1);
    else s = s.slice(0, pos) + atom + s.slice(pos + 1);
  }
  return s;
}

/** A document as bytes (latin1 view of the generated text, so `\xff` is one byte). */
export function documentArb(garble: boolean): fc.Arbitrary<Uint8Array> {
  const doc = fc.array(line, { minLength: 0, maxLength: 12 }).map((ls) => ls.join(''));
  const text = garble
    ? fc.tuple(doc, fc.array(mutation, { maxLength: 5 }), fc.nat({ max: 3 })).map(([d, edits, cut]) => {
        const m = mutate(d, edits);
        return cut === 0 ? m.slice(0, Math.max(0, m.length - 2)) : m;
      })
    : doc;
  return text.map((t) => Uint8Array.from(Buffer.from(t, 'latin1')));
}

/** The fixed seed of the parser properties; printed by the tests that use it. */
export const PARSE_SEED = 20261124;

/** Integers within a few units of 2^53, where the in-place conversion must stop being taken. */
const nearTwo53 = fc.bigInt({ min: 2n ** 53n - 4n, max: 2n ** 53n + 4n });

/**
 * Plain decimals of up to 18 digits (many of them near 2^53 as integers) with a point and an
 * exponent of -25 to 25 (`-123.456e-7`): the inputs the byte readers convert in place, and
 * just beyond.
 */
export const plainDecimals: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(fc.bigInt({ min: 0n, max: 999_999_999_999_999_999n }), nearTwo53),
    fc.integer({ min: 0, max: 18 }),
    fc.integer({ min: -25, max: 25 }),
    fc.boolean(),
  )
  .map(([digits, point, exp, negative]) => {
    const d = digits.toString();
    const at = Math.min(point, d.length);
    return `${negative ? '-' : ''}${d.slice(0, at)}.${d.slice(at)}e${exp}`;
  });

/** A prefix of one word, 1 to 13 chars: names and values that begin like one another. */
const prefixWord = fc.integer({ min: 1, max: 13 }).map((n) => 'abcdefghijklm'.slice(0, n));

/**
 * Sample lines (no LF) whose names, label names and values are prefixes of one word, with or
 * without one label, and values of one or two digits: each line begins like the ones before it
 * or is begun by them, the cases of a reader that compares a line with where the previous one
 * spelled the same name or value.
 */
export const prefixLinesArb: fc.Arbitrary<string[]> = fc.array(
  fc
    .tuple(
      prefixWord,
      fc.oneof(
        fc.constant(''),
        fc.tuple(prefixWord, prefixWord).map(([n, v]) => `{${n}="${v}"}`),
      ),
      fc.nat(12),
    )
    .map(([name, set, v]) => `${name}${set} ${v}`),
  { minLength: 1, maxLength: 5 },
);
