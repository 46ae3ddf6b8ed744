import { describe, expect, test } from 'vitest';
import { conformanceFixtures, ownFixtures, readExpected, type FixtureCase } from './helpers/fixtures.js';
import { oracleOutcome, ourOutcome } from './helpers/compare.js';

/**
 * Every fixture must come out exactly as the reference parser (expfmt 0.39)
 * says: the same families, or the same error text and line. Both engines are
 * checked: the default (fast reader + grammar) and the grammar alone.
 */
function expectedOf(c: FixtureCase): unknown {
  const file = readExpected(c.expected, c.accepted ? '.json' : '.err.json');
  if (file === undefined) throw new Error(`no expected file for ${c.name}`);
  return oracleOutcome(JSON.parse(file.toString('utf8')));
}

const own = ownFixtures();
const conformance = conformanceFixtures();

describe.each([
  ['auto', {}],
  ['grammar', { engine: 'grammar' as const }],
])('engine %s', (_engine, options) => {
  test('the corpus is large enough to mean something', () => {
    expect(own.length).toBeGreaterThanOrEqual(200);
    expect(conformance.length).toBeGreaterThanOrEqual(40);
  });

  test.each(own.map((c) => [c.name, c] as const))('fixture %s', (_name, c) => {
    expect(ourOutcome(c.input, options)).toEqual(expectedOf(c));
  });

  test.each(conformance.map((c) => [c.name, c] as const))('conformance %s', (_name, c) => {
    expect(ourOutcome(c.input, options)).toEqual(expectedOf(c));
  });
});
