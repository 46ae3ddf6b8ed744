/**
 * Our serializers against the reference on generated models: each model goes
 * to `expfmt-oracle -in json -out text|openmetrics|proto` as canonical JSON
 * (families and labels in stored order) and the outputs must be byte-identical.
 * Protobuf decoding is checked the other way: bytes we write (native
 * histograms included) are read back by the reference, and bytes it refuses
 * are refused by us with the same message.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MetricFamily } from '../../src/model/types.js';
import {
  decodeProtobuf,
  encodeProtobuf,
  ProtobufDecodeError,
  serializeOpenMetrics,
  serializeText,
  SerializeError,
} from '../../src/serialize/index.js';
import { resetFloatTexts } from '../../src/model/float-texts.js';
import { toCanonicalJson } from '../helpers/canonical-json.js';
import { floatValueArb } from '../helpers/float-values.js';
import { familiesArb, SERIALIZE_SEED } from '../helpers/model-arbitrary.js';
import { OracleBatch, findOracle } from '../helpers/oracle.js';

const oracle = findOracle();
const RUNS = { seed: SERIALIZE_SEED, numRuns: 300 };
const VALUES_SEED = 20261204;

test.runIf(!oracle && process.env.CI)('the oracle is built in CI', () => {
  expect.fail('expfmt-oracle not found: run `bash scripts/build-oracle.sh` first');
});

type Result = { text?: string; output_base64?: string; error?: string; families?: unknown[] };

function ours(fn: () => string): { text?: string; error?: string } {
  try {
    return { text: fn() };
  } catch (e) {
    if (!(e instanceof SerializeError)) throw e;
    return { error: e.message };
  }
}

/** Exemplars without labels: expfmt 0.39 writes `#  v`, which OpenMetrics parsers reject; we write `# {} v`. */
const withEmptyExemplarLabels = (families: MetricFamily[]) =>
  families.some((f) =>
    f.metrics.some(
      (m) =>
        (m.exemplar && m.exemplar.labels.length === 0) ||
        m.histogram?.buckets.some((b) => b.exemplar && b.exemplar.labels.length === 0),
    ),
  );

describe.skipIf(!oracle)(`serializers vs expfmt 0.39 on generated models (seed ${SERIALIZE_SEED})`, () => {
  let text: OracleBatch;
  let om: OracleBatch;
  let proto: OracleBatch;
  let fromProto: OracleBatch;
  let protoToProto: OracleBatch;
  beforeAll(() => {
    text = new OracleBatch(['-in', 'json', '-out', 'text']);
    om = new OracleBatch(['-in', 'json', '-out', 'openmetrics']);
    proto = new OracleBatch(['-in', 'json', '-out', 'proto']);
    fromProto = new OracleBatch(['-in', 'proto', '-raw-label-order']);
    protoToProto = new OracleBatch(['-in', 'proto', '-out', 'proto']);
  });
  afterAll(async () => {
    await Promise.all([text, om, proto, fromProto, protoToProto].map((o) => o?.close()));
  });

  test('text: byte-identical to MetricFamilyToText', async () => {
    await fc.assert(
      fc.asyncProperty(familiesArb(6), async (families) => {
        const r = (await text.run(toCanonicalJson(families))) as Result;
        expect(ours(() => serializeText(families))).toEqual(
          r.error === undefined ? { text: r.text } : { error: expect.stringContaining(r.error.slice(0, 20)) },
        );
      }),
      RUNS,
    );
  });

  test('openmetrics: byte-identical to MetricFamilyToOpenMetrics + FinalizeOpenMetrics', async () => {
    await fc.assert(
      fc.asyncProperty(
        familiesArb(6, true).filter((f) => !withEmptyExemplarLabels(f)),
        async (families) => {
          const r = (await om.run(toCanonicalJson(families))) as Result;
          expect(ours(() => serializeOpenMetrics(families))).toEqual({ text: r.text });
        },
      ),
      RUNS,
    );
  });

  test('protobuf: byte-identical to pbutil.WriteDelimited, and read back alike', async () => {
    await fc.assert(
      fc.asyncProperty(familiesArb(6, true), async (families) => {
        const ourBytes = Buffer.from(encodeProtobuf(families));
        const r = (await proto.run(toCanonicalJson(families))) as Result;
        expect(ourBytes.toString('base64')).toBe(r.output_base64);
        const back = (await protoToProto.run(ourBytes)) as Result;
        expect(back.output_base64).toBe(ourBytes.toString('base64'));
      }),
      RUNS,
    );
  });

  test(`text: 24,000 sample values written as MetricFamilyToText writes them (seed ${VALUES_SEED})`, async () => {
    console.log(`fast-check seed ${VALUES_SEED}`);
    const sampled = fc.sample(floatValueArb, { seed: VALUES_SEED, numRuns: 20_000 });
    // First a pool written again and again, whose texts are then found among the recent ones
    // (from a cleared table), then every value once.
    const pool = sampled.slice(0, 200);
    const values = [...Array.from({ length: 20 }, () => pool).flat(), ...sampled];
    const families: MetricFamily[] = [];
    for (let start = 0; start < values.length; start += 4_000) {
      families.push({
        name: `values_${start}`,
        type: 'gauge',
        metrics: values
          .slice(start, start + 4_000)
          .map((v, i) => ({ labels: [{ name: 'i', value: String(i) }], value: v })),
      });
    }
    // The values go to the reference as 17 significant digits (exact for any double), not in
    // our own spelling, so that the reference's text does not start from ours.
    const exact = (v: number): string =>
      v !== v ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : v.toPrecision(17);
    const json = JSON.parse(toCanonicalJson(families)) as { families: { metrics: { value: string }[] }[] };
    json.families.forEach((f, k) => f.metrics.forEach((m, i) => (m.value = exact(families[k].metrics[i].value!))));
    const r = (await text.run(JSON.stringify(json))) as Result;
    expect(r.error).toBeUndefined();
    resetFloatTexts();
    const ourLines = serializeText(families).split('\n');
    const goLines = (r.text as string).split('\n');
    expect(ourLines.length).toBe(goLines.length);
    const differ = ourLines.flatMap((ours, i) => (ours === goLines[i] ? [] : [{ ours, go: goLines[i] }]));
    expect(differ.slice(0, 5)).toEqual([]);
  });

  test('native histogram fields survive the reference and come back unchanged', async () => {
    const family: MetricFamily = {
      name: 'rpc_seconds',
      help: 'Native.',
      type: 'histogram',
      metrics: [
        {
          labels: [
            { name: 'b', value: '2' },
            { name: 'a', value: '1' },
          ],
          histogram: {
            count: 12,
            countFloat: 12.5,
            sum: 3.25,
            buckets: [{ upperBound: 1, cumulativeCount: 3, cumulativeCountFloat: 3.5 }],
            native: {
              schema: -3,
              zeroThreshold: 1e-128,
              zeroCount: 2,
              zeroCountFloat: 2.5,
              negativeSpans: [{ offset: -2, length: 1 }],
              negativeDeltas: [1],
              negativeCounts: [0.5],
              positiveSpans: [
                { offset: 0, length: 2 },
                { offset: 3, length: 1 },
              ],
              positiveDeltas: [2, -1, -3],
              positiveCounts: [1.5, 0.25],
            },
          },
        },
      ],
    };
    const bytes = Buffer.from(encodeProtobuf([family]));
    expect(((await protoToProto.run(bytes)) as Result).output_base64).toBe(bytes.toString('base64'));
    const json = (await fromProto.run(bytes)) as {
      families: { metrics: { histogram: { native: Record<string, unknown>; sample_count_float: string } }[] }[];
    };
    const h = json.families[0].metrics[0].histogram;
    expect(h.sample_count_float).toBe('12.5');
    expect(h.native).toEqual({
      schema: -3,
      zero_threshold: '1e-128',
      zero_count: '2',
      zero_count_float: '2.5',
      negative_span: [{ offset: -2, length: 1 }],
      negative_delta: ['1'],
      negative_count: ['0.5'],
      positive_span: [
        { offset: 0, length: 2 },
        { offset: 3, length: 1 },
      ],
      positive_delta: ['2', '-1', '-3'],
      positive_count: ['1.5', '0.25'],
    });
    expect(decodeProtobuf(bytes)).toEqual([family]);
  });

  const one = encodeProtobuf([{ name: 'a', type: 'gauge', metrics: [{ labels: [], value: 1 }] }]);
  test.each([
    { name: 'invalid family name', bytes: encodeProtobuf([{ name: 'a-b', type: 'gauge', metrics: [] }]) },
    { name: 'empty family name', bytes: encodeProtobuf([{ name: '', type: 'gauge', metrics: [] }]) },
    {
      name: 'invalid label name',
      bytes: encodeProtobuf([
        { name: 'a', type: 'gauge', metrics: [{ labels: [{ name: '1x', value: '' }], value: 1 }] },
      ]),
    },
    {
      name: 'label value not UTF-8',
      bytes: Uint8Array.from([
        0x0f, 0x0a, 0x01, 0x61, 0x22, 0x0a, 0x0a, 0x08, 0x0a, 0x01, 0x78, 0x12, 0x03, 0x61, 0xff, 0x62,
      ]),
    },
    { name: 'length prefix of six bytes', bytes: Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]) },
    { name: 'body shorter than its length', bytes: one.subarray(0, one.length - 1) },
    { name: 'zero-length message', bytes: Uint8Array.from([0x00]) },
    { name: 'input ending inside a length prefix', bytes: Uint8Array.from([...one, 0x80]) },
    { name: 'input ending right after a length prefix', bytes: Uint8Array.from([...one, 0x05]) },
  ])('protobuf decoding like the reference: $name', async ({ bytes }) => {
    const r = (await fromProto.run(bytes)) as Result;
    let got: { families?: number; error?: string };
    try {
      got = { families: decodeProtobuf(bytes).length };
    } catch (e) {
      if (!(e instanceof ProtobufDecodeError)) throw e;
      got = { error: e.message };
    }
    expect(got).toEqual(r.error === undefined ? { families: r.families!.length } : { error: r.error });
  });
});
