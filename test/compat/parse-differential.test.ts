import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { documentArb, PARSE_SEED } from '../helpers/generators.js';
import { findOracle, OracleBatch } from '../helpers/oracle.js';
import { oracleOutcome, ourOutcome } from '../helpers/compare.js';

/**
 * Differential test against the reference parser (expfmt 0.39 via the oracle):
 * 10,000 generated documents, half valid-shaped and half garbled, must give the
 * same families or the same error text and line, with both engines.
 */
const oraclePath = findOracle();
const SIZE = 5000;

describe.skipIf(oraclePath === undefined && !process.env.CI)(
  `differential parse against expfmt 0.39 (seed ${PARSE_SEED})`,
  () => {
    const oracle = oraclePath === undefined ? undefined : new OracleBatch([], oraclePath);
    afterAll(() => oracle?.close());

    test.each([
      ['generated documents', false, PARSE_SEED],
      ['generated near-valid garbage', true, PARSE_SEED + 7],
    ])('%s', async (_name, garble, seed) => {
      if (oracle === undefined) throw new Error('the oracle is required in CI: bash scripts/build-oracle.sh');
      console.log(`fast-check seed ${seed}, ${SIZE} inputs`);
      const inputs = fc.sample(documentArb(garble), { seed, numRuns: SIZE });
      const replies = await Promise.all(inputs.map((input) => oracle.run(input)));
      const mismatches: string[] = [];
      let rejected = 0;
      inputs.forEach((input, k) => {
        const want = oracleOutcome(replies[k]);
        if ((want as { error?: string }).error !== undefined) rejected++;
        for (const engine of ['auto', 'grammar'] as const) {
          const got = ourOutcome(input, { engine });
          if (JSON.stringify(got) !== JSON.stringify(want)) {
            mismatches.push(
              `${engine} ${JSON.stringify(Buffer.from(input).toString('latin1'))}\n want ${JSON.stringify(want)}\n got  ${JSON.stringify(got)}`,
            );
          }
        }
      });
      console.log(`${inputs.length} inputs, ${rejected} rejected by the reference, ${mismatches.length} mismatches`);
      expect(mismatches.slice(0, 5)).toEqual([]);
      if (garble) expect(rejected).toBeGreaterThan(SIZE / 4);
    });
  },
);
