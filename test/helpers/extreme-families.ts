import type { MetricFamily } from '../../src/model/types.js';

/** A model whose integers need their exact sidecars (the numbers are the nearest doubles). */
export function extremeFamilies(): MetricFamily[] {
  return [
    {
      name: 'h',
      help: 'x\ufffd',
      helpBytes: Uint8Array.from([0x78, 0xff]),
      type: 'histogram',
      metrics: [
        {
          labels: [],
          timestampMs: 2 ** 63,
          timestampMsExact: 9223372036854775807n,
          histogram: {
            count: 2 ** 64,
            countExact: 18446744073709551615n,
            sum: 1,
            buckets: [{ upperBound: 1, cumulativeCount: 2 ** 60, cumulativeCountExact: 1152921504606846977n }],
            native: {
              schema: 3,
              zeroCount: 2 ** 63,
              zeroCountExact: 9223372036854775809n,
              negativeSpans: [{ offset: 0, length: 2 }],
              negativeDeltas: [2 ** 62, -1],
              negativeDeltasExact: [4611686018427387905n, -1n],
              negativeCounts: [],
              positiveSpans: [],
              positiveDeltas: [-(2 ** 63)],
              positiveCounts: [],
            },
          },
        },
      ],
    },
    {
      name: 's',
      type: 'summary',
      metrics: [
        {
          labels: [],
          timestampMs: -(2 ** 63),
          summary: { count: 2 ** 53, countExact: 9007199254740993n, quantiles: [] },
        },
      ],
    },
  ];
}
