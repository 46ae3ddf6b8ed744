import { expect, test } from 'vitest';
import { ParseError } from '../../../src/errors/parse-error.js';
import { check, parse, parseAll } from '../../../src/parse/index.js';
import type { ParseOptions } from '../../../src/parse/options.js';

/** parse, parseAll and check set `continueOnError` (check: and `validateOnly`) on a copy of the caller's options, whatever it holds. */

const BAD = 'a 1\nb{ 2\nc 3\n';

test('parse stops at the first error even when the options ask to continue, and leaves them as given', () => {
  const options: ParseOptions = { continueOnError: true, positions: true };
  expect(() => parse(BAD, options)).toThrow(ParseError);
  expect(options).toEqual({ continueOnError: true, positions: true });
});

test('parseAll collects errors even when the options ask to stop, and keeps the other options', () => {
  const options: ParseOptions = { continueOnError: false, positions: true };
  const result = parseAll(BAD, options);
  expect(result.errors).toHaveLength(1);
  expect(result.families.map((f) => f.name)).toEqual(['a', 'c']);
  expect(result.families[0].metrics[0].pos?.line).toBe(1);
  expect(options).toEqual({ continueOnError: false, positions: true });
});

test('OpenMetrics options pass through the copy', () => {
  expect(parse('# TYPE a gauge\na 1\n# EOF\n', { format: 'openmetrics' })[0].type).toBe('gauge');
});

test('check only checks and stops at the first error whatever the options say, and leaves them as given', () => {
  // A JavaScript caller can pass what the type leaves out.
  const options = { continueOnError: true, validateOnly: false, positions: true } as ParseOptions;
  const error = check(BAD, options);
  expect(error).toBeInstanceOf(ParseError);
  expect(error?.pos.line).toBe(2);
  expect(check('a 1\n', options)).toBeUndefined();
  expect(options).toEqual({ continueOnError: true, validateOnly: false, positions: true });
});
