// Protobuf delimited: decode(encode(x)) keeps every field the model has, native histograms
// included; the reference's refusals and framing quirks are mirrored (their texts are checked
// against the oracle in test/compat/serialize-protobuf.test.ts).
import { describe, expect, test } from 'vitest';
import type { MetricFamily } from '../../../src/model/types.js';
import { decodeProtobuf, encodeProtobuf, ProtobufDecodeError } from '../../../src/serialize/index.js';

const native: MetricFamily = {
  name: 'rpc_seconds',
  help: 'Native.',
  type: 'histogram',
  metrics: [
    {
      labels: [{ name: 'a', value: 'b' }],
      timestampMs: 1700000000123,
      createdTimestamp: 1700000000.5,
      histogram: {
        count: 12,
        countFloat: 12.5,
        sum: 3.25,
        buckets: [
          {
            upperBound: 1,
            cumulativeCount: 3,
            cumulativeCountFloat: 3.5,
            exemplar: { labels: [{ name: 'trace', value: 'x' }], value: 0.7, timestamp: 1700000000.25 },
          },
        ],
        native: {
          schema: -3,
          zeroThreshold: 1e-128,
          zeroCount: 2,
          zeroCountFloat: 2.5,
          negativeSpans: [{ offset: -2, length: 1 }],
          negativeDeltas: [1],
          negativeCounts: [],
          positiveSpans: [
            { offset: 0, length: 2 },
            { offset: 3, length: 1 },
          ],
          positiveDeltas: [2, -1, -9007199254740991],
          positiveCounts: [1.5, 0.25],
          exemplars: [{ labels: [], value: 0.5, timestamp: 1700000000 }],
        },
      },
    },
  ],
};

const table: { name: string; families: MetricFamily[] }[] = [
  { name: 'empty stream', families: [] },
  {
    name: 'gauge with labels and timestamp',
    families: [
      {
        name: 'g',
        type: 'gauge',
        metrics: [
          {
            labels: [
              { name: 'z', value: '1' },
              { name: 'a', value: 'é' },
            ],
            value: -0,
            timestampMs: -5,
          },
        ],
      },
    ],
  },
  {
    name: 'counter with exemplar and created',
    families: [
      {
        name: 'c_total',
        type: 'counter',
        unit: 'seconds',
        metrics: [
          {
            labels: [],
            value: 1.5,
            exemplar: { labels: [{ name: 't', value: '1' }], value: 2 },
            createdTimestamp: 1.25,
          },
        ],
      },
    ],
  },
  {
    name: 'untyped, NaN and infinities',
    families: [
      {
        name: 'u',
        type: 'untyped',
        metrics: [
          { labels: [], value: NaN },
          { labels: [], value: Infinity },
          { labels: [], value: -Infinity },
        ],
      },
    ],
  },
  {
    name: 'summary with unset count and sum',
    families: [
      { name: 's', type: 'summary', metrics: [{ labels: [], summary: { quantiles: [{ quantile: 0.5, value: 1 }] } }] },
    ],
  },
  {
    name: 'summary with created',
    families: [
      {
        name: 's',
        type: 'summary',
        metrics: [{ labels: [], summary: { count: 2, sum: 1, quantiles: [] }, createdTimestamp: 3 }],
      },
    ],
  },
  {
    name: 'gauge histogram',
    families: [
      {
        name: 'gh',
        type: 'gauge_histogram',
        metrics: [{ labels: [], histogram: { count: 1, sum: -1, buckets: [{ upperBound: -1, cumulativeCount: 1 }] } }],
      },
    ],
  },
  { name: 'native histogram', families: [native] },
  {
    name: 'a name repeated in the stream',
    families: [
      { name: 'a', type: 'gauge', metrics: [{ labels: [], value: 1 }] },
      { name: 'a', type: 'gauge', metrics: [{ labels: [], value: 2 }] },
    ],
  },
  {
    name: 'large counts and timestamps',
    families: [
      {
        name: 'h',
        type: 'histogram',
        metrics: [
          {
            labels: [],
            timestampMs: -9007199254740991,
            histogram: { count: 2 ** 60, buckets: [{ upperBound: Infinity, cumulativeCount: 2 ** 60 }] },
          },
        ],
      },
    ],
  },
];

describe('protobuf round trip', () => {
  test.each(table)('$name', ({ families }) => {
    expect(decodeProtobuf(encodeProtobuf(families))).toEqual(families);
  });
});

describe('protobuf decoder refusals and framing', () => {
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
    { name: 'body shorter than its length', bytes: Uint8Array.from([...one.subarray(0, one.length - 1)]) },
    { name: 'zero-length message', bytes: Uint8Array.from([0x00]) },
    { name: 'wire garbage', bytes: Uint8Array.from([0x02, 0xff, 0xff]) },
  ])('refused: $name', ({ bytes }) => {
    expect(() => decodeProtobuf(bytes)).toThrow(ProtobufDecodeError);
  });
  test.each([
    { name: 'input ending inside a length prefix', bytes: Uint8Array.from([...one, 0x80]) },
    { name: 'input ending right after a length prefix', bytes: Uint8Array.from([...one, 0x05]) },
  ])('ends silently: $name', ({ bytes }) => {
    expect(decodeProtobuf(bytes)).toEqual(decodeProtobuf(one));
  });
  test('a missing type is counter (the enum default)', () => {
    // name "a", one metric with counter{value:1}, no type field.
    const msg = Uint8Array.from([0x0e, 0x0a, 0x01, 0x61, 0x22, 0x09, 0x1a, 0x07, 0x09, 0, 0, 0, 0, 0, 0, 0xf0]);
    expect(() => decodeProtobuf(msg)).toThrow(ProtobufDecodeError);
    const ok = Uint8Array.from([0x10, 0x0a, 0x01, 0x61, 0x22, 0x0b, 0x1a, 0x09, 0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
    expect(decodeProtobuf(ok)).toEqual([{ name: 'a', type: 'counter', metrics: [{ labels: [], value: 1 }] }]);
  });
});
