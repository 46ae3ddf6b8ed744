/**
 * Go `%q` quoting, so error messages carry the exact text the reference
 * implementation prints (`"\xff"`, `'\n'`, `'ÿ'`, `"\u2028"`).
 */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const HEX = '0123456789abcdef';

function hex(v: number, width: number): string {
  let s = '';
  for (let i = width - 1; i >= 0; i--) s += HEX[(v >> (i * 4)) & 15];
  return s;
}

/** Appends one code point escaped as Go's `appendEscapedRune` does for the given quote character. */
function escapeRune(cp: number, quote: number): string {
  if (cp === quote || cp === 92) return '\\' + String.fromCharCode(cp);
  const ch = String.fromCodePoint(cp);
  if (PRINTABLE.test(ch)) return ch;
  switch (cp) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
  }
  if (cp < 32 || cp === 0x7f) return '\\x' + hex(cp, 2);
  if (cp < 0x10000) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

/**
 * Decodes one UTF-8 sequence strictly (no overlongs, no surrogates, at most
 * U+10FFFF). Returns the code point and its width, or code point -1 with width 1
 * for an invalid byte.
 */
export function decodeUtf8Rune(bytes: ArrayLike<number>, i: number): [number, number] {
  const b0 = bytes[i];
  if (b0 < 0x80) return [b0, 1];
  const n = bytes.length;
  const cont = (k: number, lo = 0x80, hi = 0xbf): number => {
    if (i + k >= n) return -1;
    const b = bytes[i + k];
    return b >= lo && b <= hi ? b & 0x3f : -1;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(1);
    return c1 < 0 ? [-1, 1] : [((b0 & 0x1f) << 6) | c1, 2];
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const c1 = cont(1, b0 === 0xe0 ? 0xa0 : 0x80, b0 === 0xed ? 0x9f : 0xbf);
    const c2 = c1 < 0 ? -1 : cont(2);
    return c2 < 0 ? [-1, 1] : [((b0 & 0x0f) << 12) | (c1 << 6) | c2, 3];
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const c1 = cont(1, b0 === 0xf0 ? 0x90 : 0x80, b0 === 0xf4 ? 0x8f : 0xbf);
    const c2 = c1 < 0 ? -1 : cont(2);
    const c3 = c2 < 0 ? -1 : cont(3);
    return c3 < 0 ? [-1, 1] : [((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4];
  }
  return [-1, 1];
}

/** Quotes a byte string (each char code 0–255 is one byte) as Go `strconv.Quote`. */
export function goQuoteBytes(bytes: ArrayLike<number>): string {
  let out = '"';
  for (let i = 0; i < bytes.length;) {
    const [cp, width] = decodeUtf8Rune(bytes, i);
    out += cp < 0 ? '\\x' + hex(bytes[i], 2) : escapeRune(cp, 34);
    i += width;
  }
  return out + '"';
}

/** Quotes a JavaScript string as Go `%q` quotes its UTF-8 encoding. */
export function goQuote(s: string): string {
  return goQuoteBytes(new TextEncoder().encode(s));
}

/** Quotes a string whose char codes are bytes (a latin1 view of raw input) as Go `%q`. */
export function goQuoteLatin1(s: string): string {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return goQuoteBytes(bytes);
}

/** Quotes a single byte as Go `%q` quotes a `byte` (as the rune of the same value): `'a'`, `'\n'`, `'ÿ'`. */
export function goQuoteByte(b: number): string {
  return "'" + escapeRune(b, 39) + "'";
}

/** Whether `s` is well-formed UTF-16 (no lone surrogates), i.e. encodable as UTF-8 without loss. */
export function isWellFormedUtf16(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff) return false;
    const d = s.charCodeAt(i + 1);
    if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
    i++;
  }
  return true;
}
