import { describe, expect, test } from 'vitest';
import { unitCandidates } from '../../../../src/validate/rules/non-base-unit.js';
import { ruleTables } from '../rule-tables.js';

const H = (name: string): string => `# HELP ${name} x\n${name} 1\n`;

ruleTables(
  'NON_BASE_UNIT',
  [
    { name: 'base unit', input: H('request_duration_seconds') },
    { name: 'bytes', input: H('disk_bytes_total') },
    { name: 'unit word only as a part of a word', input: H('thermometers') },
    { name: 'kelvin is a base unit', input: H('color_kelvin') },
    { name: 'upper case is not matched (case-sensitive split)', input: H('duration_MILLISECONDS') },
    { name: 'no unit', input: H('queue_length') },
  ],
  [
    {
      name: 'milliseconds',
      input: H('request_duration_milliseconds'),
      expected: [{ line: 2, message: 'use base unit "seconds" instead of "milliseconds"' }],
    },
    {
      name: 'kilobytes',
      input: H('disk_kilobytes_total'),
      expected: [{ message: 'use base unit "bytes" instead of "kilobytes"' }],
    },
    { name: 'hours', input: H('uptime_hours'), expected: [{ message: 'use base unit "seconds" instead of "hours"' }] },
    { name: 'bits', input: H('link_bits_total'), expected: [{ message: 'use base unit "bytes" instead of "bits"' }] },
    {
      name: 'fahrenheit',
      input: H('room_fahrenheit'),
      expected: [{ message: 'use base unit "celsius" instead of "fahrenheit"' }],
    },
    {
      name: 'prefixed word wins over the plain unit of the same key',
      input: H('x_seconds_milliseconds'),
      expected: [{ message: 'use base unit "seconds" instead of "milliseconds"' }],
    },
    {
      name: 'prefixed base unit kelvins',
      input: H('x_kelvins'),
      expected: [{ message: 'use base unit "kelvin" instead of "kelvins"' }],
    },
    {
      name: 'kibibytes',
      input: H('mem_kibibytes'),
      expected: [{ message: 'use base unit "bytes" instead of "kibibytes"' }],
    },
  ],
);

describe('unitCandidates', () => {
  test.each([
    { name: 'x_seconds', expected: [{ unit: 'seconds', base: 'seconds' }] },
    {
      name: 'x_bytes_hours',
      expected: [
        { unit: 'bytes', base: 'bytes' },
        { unit: 'hours', base: 'seconds' },
      ],
    },
    {
      name: 'x_megabits_minutes',
      expected: [
        { unit: 'minutes', base: 'seconds' },
        { unit: 'megabits', base: 'bytes' },
      ],
    },
    { name: 'plain', expected: [] },
  ])('$name', ({ name, expected }) => {
    expect(unitCandidates(name)).toEqual(expected);
  });
});
