import { describe, expect, test } from 'vitest';
import type { Diagnostic, MetricFamily } from '../../../src/model/types.js';
import { getRule, lint, type LintOptions } from '../../../src/validate/index.js';

/** A case on which a rule must stay silent. */
export interface ValidCase {
  name: string;
  /** Text, or families as another input format (protobuf) would give them. */
  input: string | MetricFamily[];
  options?: LintOptions;
}

/** A case on which a rule must report exactly `expected`, in order. */
export interface InvalidCase {
  name: string;
  input: string | MetricFamily[];
  options?: LintOptions;
  /** Line, column (when checked) and message (exact string, or a prefix as a RegExp). */
  expected: Array<{ line?: number; column?: number; message: string | RegExp; family?: string }>;
}

/** The diagnostics of one code that `lint` gives for `input`. */
export function findings(
  code: string,
  input: string | Uint8Array | MetricFamily[],
  options: LintOptions = {},
): Diagnostic[] {
  return lint(input, options).filter((d) => d.code === code);
}

/** The valid and the invalid table of one rule. */
export function ruleTables(code: string, valid: ValidCase[], invalid: InvalidCase[]): void {
  describe(code, () => {
    test('is registered', () => {
      expect(getRule(code)?.id).toBe(code);
    });
    test.each(valid)('valid: $name', ({ input, options }) => {
      expect(findings(code, input, options)).toEqual([]);
    });
    test.each(invalid)('invalid: $name', ({ input, options, expected }) => {
      const got = findings(code, input, options);
      expect(got.map((d) => d.message)).toHaveLength(expected.length);
      got.forEach((d, i) => {
        const e = expected[i];
        expect(d.severity).toBe(getRule(code)?.severity);
        if (typeof e.message === 'string') expect(d.message).toBe(e.message);
        else expect(d.message).toMatch(e.message);
        if (e.line !== undefined) expect(d.pos?.line).toBe(e.line);
        if (e.column !== undefined) expect(d.pos?.column).toBe(e.column);
        if (e.family !== undefined) expect(d.family).toBe(e.family);
      });
    });
  });
}
