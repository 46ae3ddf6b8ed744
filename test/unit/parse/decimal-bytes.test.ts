// The in-place conversion of plain decimals takes 16-digit integers below 2^53 and leaves the rest.
import { describe, expect, test } from 'vitest';
import { plainDecimalBytes, plainDecimalText } from '../../../grammar/common/decimal-bytes.js';
import { parse } from '../../../src/parse/index.js';

/** Spellings around 2^53 = 9007199254740992 as an integer of digits, and 16- and 17-digit values. */
const NEAR_TWO_53 = [
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '9007199254740995',
  '9007199254740993e-2',
  '9007199254740995e-1',
  '-9007199254740993e-3',
  '900719925474099.3',
  '0.9007199254740993',
  '61017892.25358516',
  '4994324.683211743',
  '12345678901234567',
  '1234567890123456.7e-22',
  '00000000000000000001.5',
];

describe('plain decimals of more than 15 digits', () => {
  test('convert in place below 2^53 and are left to the full parser from 2^53 on', () => {
    expect(plainDecimalText('9007199254740991', 0, 16)).toBe(9007199254740991);
    expect(plainDecimalText('61017892.25358516', 0, 17)).toBe(61017892.25358516);
    expect(plainDecimalText('9007199254740992', 0, 16)).toBeUndefined();
    expect(plainDecimalText('9007199254740993', 0, 16)).toBeUndefined();
    expect(plainDecimalText('12345678901234567', 0, 17)).toBeUndefined();
  });

  test('bytes and text give what Number gives, or nothing', () => {
    for (const spelled of NEAR_TWO_53) {
      const fromBytes = plainDecimalBytes(Buffer.from(spelled), 0, spelled.length);
      const fromText = plainDecimalText(spelled, 0, spelled.length);
      expect(fromBytes).toBe(fromText);
      if (fromText !== undefined) expect(Object.is(fromText, Number(spelled))).toBe(true);
    }
  });

  test('every reader parses them to the value Number gives', () => {
    for (const spelled of NEAR_TWO_53) {
      for (const input of [`a ${spelled}\n`, Buffer.from(`a ${spelled}\n`)]) {
        const [family] = parse(input);
        expect(Object.is(family.metrics[0].value, Number(spelled))).toBe(true);
      }
      const [om] = parse(`# TYPE a gauge\na ${spelled}\n# EOF\n`, { format: 'openmetrics' });
      expect(Object.is(om.metrics[0].value, Number(spelled))).toBe(true);
    }
  });
});
