import { describe, expect, test } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../../../src/merge/index.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

// Go's base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "=")), as
// docs/pushgateway-compat.md ("Grouping key") describes it.
describe('decodeBase64Url', () => {
  test.each([
    { name: 'empty', input: '', out: '', errorAt: -1 },
    { name: 'only padding', input: '===', out: '', errorAt: -1 },
    { name: 'no padding', input: 'L3Zhci90bXA', out: '/var/tmp', errorAt: -1 },
    { name: 'padding stripped', input: 'L3Zhci90bXA==', out: '/var/tmp', errorAt: -1 },
    { name: 'trailing bits ignored', input: 'L3Vzch', out: '/usr', errorAt: -1 },
    { name: 'one leftover character', input: 'a', out: '', errorAt: 0 },
    { name: 'one leftover character after a group', input: 'YWJja', out: 'abc', errorAt: 4 },
    { name: '= in the middle', input: 'Y=Q', out: '', errorAt: 1 },
    { name: '+ is not URL-safe', input: 'L3Zhci90bX+', out: '/var/t', errorAt: 10 },
    { name: '/ is not URL-safe', input: 'ab/c', out: '', errorAt: 2 },
    { name: 'partial result is whole groups before the error', input: 'YWJjZA!x', out: 'abc', errorAt: 6 },
    { name: 'LF and CR are skipped', input: 'Y\nQ\r\n', out: 'a', errorAt: -1 },
    { name: '- and _ are digits 62 and 63', input: '-_8', out: '\u00fb\u00ff', errorAt: -1 },
  ])('$name', ({ input, out, errorAt }) => {
    const d = decodeBase64Url(bytes(input));
    expect(d.errorAt).toBe(errorAt);
    if (isLatin1Text(out)) expect(Array.from(d.bytes)).toEqual(Array.from(out, (c) => c.charCodeAt(0)));
    else expect(text(d.bytes)).toBe(out);
  });

  test('non-ASCII input bytes are refused at their offset', () => {
    expect(decodeBase64Url(Uint8Array.of(0x59, 0x51, 0xc3, 0xa9)).errorAt).toBe(2);
  });
});

function isLatin1Text(s: string): boolean {
  return /[\u0080-\u00ff]/.test(s);
}

describe('encodeBase64Url', () => {
  test.each([
    { input: '', out: '' },
    { input: 'a', out: 'YQ' },
    { input: 'ab', out: 'YWI' },
    { input: 'abc', out: 'YWJj' },
    { input: '/var/tmp', out: 'L3Zhci90bXA' },
    { input: '\u00fb\u00ff', out: 'w7vDvw' },
  ])('$input', ({ input, out }) => {
    expect(encodeBase64Url(bytes(input))).toBe(out);
    expect(text(decodeBase64Url(bytes(out)).bytes)).toBe(input);
  });

  test('uses - and _ for 62 and 63', () => {
    expect(encodeBase64Url(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
  });
});
