// Every accepted fixture (own and public conformance data) parsed by us, then written by our
// serializers and compared byte for byte with what the reference wrote for the same input
// (`<prefix>.text`, `.om`, `.pb.b64`, generated with expfmt-oracle -out text|openmetrics|proto).
import { describe, expect, test } from 'vitest';
import { parse } from '../../../src/parse/index.js';
import {
  encodeProtobuf,
  serializeText,
  serializeToBytes,
  SerializeError,
  sortFamiliesByName,
} from '../../../src/serialize/index.js';
import { conformanceFixtures, ownFixtures, readExpected, type FixtureCase } from '../../helpers/fixtures.js';

/**
 * Known, deliberate differences, by fixture and output. Text: families whose
 * lines expfmt would fold into another family on re-reading (docs/format.md, "What the Go serializer writes")
 * are refused. HELP that is not UTF-8 and integers beyond 2^53 are written exactly (byte outputs).
 */
const DIVERGENT: Record<string, { ext: string; why: string; refused?: RegExp }[]> = {
  'valid/a11_summary_sum_family_breaks_reparse': [
    { ext: '.text', why: 'collision guard', refused: /collides with the samples of summary "s"/ },
  ],
  'valid/f05_exact_name_family_wins': [
    { ext: '.text', why: 'collision guard', refused: /collides with the samples of summary "s"/ },
  ],
  'valid/f05_typed_suffix_family_first': [
    { ext: '.text', why: 'collision guard', refused: /collides with the samples of histogram "h"/ },
  ],
};

const WRITERS = [
  { ext: '.text', write: (f: Parameters<typeof serializeText>[0]) => Buffer.from(serializeToBytes(f, 'text')) },
  { ext: '.om', write: (f: Parameters<typeof serializeText>[0]) => Buffer.from(serializeToBytes(f, 'openmetrics')) },
  {
    ext: '.pb.b64',
    write: (f: Parameters<typeof serializeText>[0]) =>
      Buffer.from(Buffer.from(encodeProtobuf(f)).toString('base64') + '\n'),
  },
];

function rows(cases: FixtureCase[]) {
  const out: {
    name: string;
    ext: string;
    input: Buffer;
    expected: Buffer;
    divergence?: { why: string; refused?: RegExp };
  }[] = [];
  for (const c of cases) {
    if (!c.accepted) continue;
    for (const { ext } of WRITERS) {
      const expected = readExpected(c.expected, ext);
      if (expected === undefined) continue;
      out.push({
        name: c.name,
        ext,
        input: c.input,
        expected,
        divergence: DIVERGENT[c.name]?.find((d) => d.ext === ext),
      });
    }
  }
  return out;
}

function check(row: ReturnType<typeof rows>[number]): void {
  // The oracle lists text input sorted by family name, as `promkit fmt` does.
  const families = sortFamiliesByName(parse(row.input));
  const write = WRITERS.find((w) => w.ext === row.ext)!.write;
  if (row.divergence?.refused) {
    expect(() => write(families)).toThrow(SerializeError);
    expect(() => write(families)).toThrow(row.divergence.refused);
    return;
  }
  const got = write(families);
  if (row.divergence) expect(got.equals(row.expected)).toBe(false);
  else expect(got.toString('latin1')).toBe(row.expected.toString('latin1'));
}

const own = rows(ownFixtures());
const conformance = rows(conformanceFixtures());

describe('fixtures: our serializers equal the reference output', () => {
  test('there are fixtures to compare', () => {
    expect(own.length).toBeGreaterThan(600);
    expect(conformance.length).toBeGreaterThan(100);
  });
  test.each(own)('$name $ext', check);
  test.each(conformance)('$name $ext', check);
});
