import fc from 'fast-check';

/** fast-check generators of OpenMetrics documents, shared by the property and the compat tests. */

/** Valid families, each a block of lines; a document is some of them in this order, then `# EOF`. */
const blocks = [
  '# TYPE c counter\n# HELP c Help \\" \\\\ \\n.\nc_total{a="1"} 1\nc_created{a="1"} 5\nc_total{a="2"} 2 # {t="x"} 1 1.5\n',
  '# TYPE c_seconds counter\n# UNIT c_seconds seconds\nc_seconds_total 3 7\nc_seconds_created 1 7\n',
  '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2 # {t="y"} 3\nh_count 2\nh_sum 4\nh_bucket{x="é",le="+Inf"} 0\n',
  '# TYPE g gauge\ng 1\ng{a="b\\"c"} -Inf 10\ng{a="b"} 2 10.25\ng{a="b"} 3 10.5\n',
  '# TYPE s summary\ns{quantile="0.5"} 1\ns_sum 2\ns_count 3\n',
  '# TYPE i info\ni_info{v="1"} 1\n',
  '# TYPE ss stateset\nss{ss="a"} 1\nss{ss="b"} 0\n',
  '# TYPE gh gaugehistogram\ngh_bucket{le="-1"} 1\ngh_bucket{le="+Inf"} 1\ngh_gcount 1\ngh_gsum -1\n',
  'u 1\nu{x="1"} NaN\n',
];
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
  ' # {',
  '\r',
  '\x00',
  '\xff',
  '\xc3',
  'é',
  'a',
  '0',
  '1',
  '-',
  '.',
  'e',
  'le="1"',
  'quantile="0.5"',
  ' 1',
  '# HELP ',
  '# TYPE ',
  '# UNIT ',
  '# EOF',
  '_total',
  '_sum',
  '_count',
  '_bucket',
  '_created',
  'NaN',
  'Inf',
  '.5e3',
  'counter',
  'gauge',
  'info',
];

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

/**
 * An OpenMetrics document as bytes: some of the valid family blocks, in order,
 * and `# EOF` (sometimes without its LF, sometimes missing); with `garble`, up
 * to four edits inserting, deleting or replacing tokens that sit on the edges
 * of the grammar. Bytes are the latin1 view of the text (`\xff` is one byte).
 */
export function omDocumentArb(garble: boolean): fc.Arbitrary<Uint8Array> {
  const doc = fc
    .tuple(fc.subarray(blocks), fc.constantFrom('# EOF\n', '# EOF\n', '# EOF', ''))
    .map(([bs, eof]) => bs.join('') + eof);
  const text = garble
    ? fc
        .tuple(
          doc,
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 }), fc.constantFrom(...atoms)), { maxLength: 4 }),
        )
        .map(([d, edits]) => mutate(d, edits))
    : doc;
  return text.map((t) => Uint8Array.from(Buffer.from(t, 'latin1')));
}
