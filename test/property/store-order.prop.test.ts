// The store keeps only the length of a series' order key (a prefix of its identity key) and
// compares prefixes in place: the result must be the sign of comparing the order keys as strings.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { seriesOrderKey } from '../../src/merge/byte-order.js';
import type { Label, MetricFamily } from '../../src/model/types.js';
import { compareOrder, familyRecord, orderKeyOf } from '../../src/store/records.js';

const SEED = 42;
const value = fc.constantFrom('', 'a', 'ab', 'b', 'host-1', 'host-10', 'é', '\u{1F600}', '\u0000', 'zz');
const labels = fc.array(value, { maxLength: 4 }).map((vs): Label[] => vs.map((v, i) => ({ name: `l${i}`, value: v })));

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

test(`compareOrder equals comparing seriesOrderKey strings (seed ${SEED})`, () => {
  fc.assert(
    fc.property(labels, labels, (a, b) => {
      const family: MetricFamily = {
        name: 'x',
        type: 'gauge',
        metrics: [
          { labels: a, value: 1 },
          { labels: b, value: 2 },
        ],
      };
      const rec = familyRecord(family, 0);
      const ka = seriesOrderKey(a);
      const kb = seriesOrderKey(b);
      expect(orderKeyOf(rec, 0)).toBe(ka);
      expect(sign(compareOrder(rec, 0, rec, 1))).toBe(ka < kb ? -1 : ka > kb ? 1 : 0);
    }),
    { seed: SEED, numRuns: 2000 },
  );
});
