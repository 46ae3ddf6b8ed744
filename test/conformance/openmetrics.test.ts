import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ParseError } from '../../src/errors/parse-error.js';
import { parse } from '../../src/parse/index.js';
import { VENDOR } from '../helpers/fixtures.js';

/**
 * The official OpenMetrics 1.0 parser suite (prometheus/OpenMetrics
 * tests/testdata/parsers, 211 cases): each case must be accepted or rejected
 * as its test.json says. The suite gives no model and no error text, so a
 * rejection only has to be a ParseError; both engines and both input kinds
 * (bytes, as a server reads them, and the decoded string) are run.
 */
const SUITE = join(VENDOR, 'conformance', 'openmetrics', 'tests', 'testdata', 'parsers');

interface SuiteCase {
  name: string;
  input: Buffer;
  shouldParse: boolean;
}

const cases: SuiteCase[] = readdirSync(SUITE)
  .sort()
  .map((name) => {
    const spec = JSON.parse(readFileSync(join(SUITE, name, 'test.json'), 'utf8')) as {
      file: string;
      shouldParse: boolean;
    };
    return { name, input: readFileSync(join(SUITE, name, spec.file)), shouldParse: spec.shouldParse };
  });

function verdict(input: string | Uint8Array, engine: 'auto' | 'grammar'): string {
  try {
    parse(input, { format: 'openmetrics', engine });
    return 'accepted';
  } catch (e) {
    if (e instanceof ParseError) return 'rejected';
    throw e;
  }
}

describe('OpenMetrics parser suite', () => {
  test('has all 211 cases, 44 valid', () => {
    expect(cases.length).toBe(211);
    expect(cases.filter((c) => c.shouldParse).length).toBe(44);
  });

  describe.each(['auto', 'grammar'] as const)('engine %s', (engine) => {
    test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const expected = c.shouldParse ? 'accepted' : 'rejected';
      expect(verdict(c.input, engine)).toBe(expected);
      expect(verdict(c.input.toString('utf8'), engine)).toBe(expected);
    });
  });
});
