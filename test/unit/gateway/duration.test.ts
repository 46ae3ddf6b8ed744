// Go's time.ParseDuration / Duration.String, from fixtures/gateway/durations.json
// (written by scripts/gen-gateway-fixtures.durations.go).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatGoDuration, parseGoDuration } from '../../../src/gateway/config/duration.js';

const rows = JSON.parse(readFileSync(new URL('../../../fixtures/gateway/durations.json', import.meta.url), 'utf8')) as {
  input: string;
  ok: boolean;
  ms?: number;
  text?: string;
}[];

describe('Go durations', () => {
  test.each(rows)('parse $input', ({ input, ok, ms }) => {
    const got = parseGoDuration(input);
    if (!ok) expect(got).toBeUndefined();
    else expect(got).toBeCloseTo(ms ?? 0, 9);
  });
  test.each(rows.filter((r) => r.ok))('format $input as $text', ({ ms, text }) => {
    expect(formatGoDuration(ms ?? 0)).toBe(text);
  });
});
