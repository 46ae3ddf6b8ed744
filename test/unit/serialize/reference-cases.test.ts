// Every model in cases.json serialized by us and by the reference (expected.json, written by
// gen-expected.mjs through expfmt-oracle -in json): text, OpenMetrics and protobuf, byte for byte,
// or the same refusal (the same message, with the protobuf dump it embeds).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { encodeProtobuf, serializeOpenMetrics, serializeText, SerializeError } from '../../../src/serialize/index.js';
import { readCanonicalJson } from '../../helpers/canonical-json.js';

const here = dirname(fileURLToPath(import.meta.url));
const cases = JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8')) as {
  name: string;
  doc: { families: unknown[] };
}[];
const expected = JSON.parse(readFileSync(join(here, 'expected.json'), 'utf8')) as Record<
  string,
  {
    text: { text?: string; error?: string };
    openmetrics: { text?: string; error?: string };
    proto: { base64?: string; error?: string };
  }
>;

function outcome(fn: () => string): { text?: string; error?: string } {
  try {
    return { text: fn() };
  } catch (e) {
    if (!(e instanceof SerializeError)) throw e;
    return { error: e.message };
  }
}

function want(e: { text?: string; error?: string }): { text?: string; error?: string } {
  return e.error !== undefined ? { error: e.error } : { text: e.text };
}

const table = cases.map((c) => ({ name: c.name, families: readCanonicalJson(c.doc), exp: expected[c.name] }));

/**
 * Where we deliberately write something else, and why. An exemplar without
 * labels is `#  1.0` in expfmt 0.39, which OpenMetrics parsers reject; we
 * write `# {} 1.0`.
 */
const OPENMETRICS_DIVERGENCES: Record<string, (exp: string) => string> = {
  'counter exemplar': (exp) => exp.replace('#  1.0', '# {} 1.0'),
};

describe('serializers against the reference', () => {
  test('every case has an expectation', () => {
    expect(table.filter((c) => c.exp === undefined).map((c) => c.name)).toEqual([]);
  });
  test.each(table)('text: $name', ({ families, exp }) => {
    expect(outcome(() => serializeText(families))).toEqual(want(exp.text));
  });
  test.each(table)('openmetrics: $name', ({ name, families, exp }) => {
    const expectation = want(exp.openmetrics);
    const diverge = OPENMETRICS_DIVERGENCES[name];
    if (diverge) {
      expect(expectation.text).toBeDefined();
      expect(diverge(expectation.text!)).not.toBe(expectation.text);
      expectation.text = diverge(expectation.text!);
    }
    expect(outcome(() => serializeOpenMetrics(families))).toEqual(expectation);
  });
  test.each(table.filter((c) => c.exp.proto.base64 !== undefined))('protobuf: $name', ({ families, exp }) => {
    expect(Buffer.from(encodeProtobuf(families)).toString('base64')).toBe(exp.proto.base64);
  });
});
