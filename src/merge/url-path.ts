import { goQuoteBytes } from '../model/go-quote.js';
import { Char } from '../model/chars.js';

/**
 * URL path handling as Go's `net/url` and `net/http` do it for the
 * Pushgateway: percent-decoding to bytes (`+` stays `+`), `ServeMux` path
 * cleaning, and the escaping Go applies when it writes a path into a
 * `Location` header.
 */

const PERCENT = 37;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Encodes a string as UTF-8 bytes; a `Uint8Array` is returned as is. */
export function toBytes(input: string | Uint8Array): Uint8Array {
  return typeof input === 'string' ? new TextEncoder().encode(input) : input;
}

/**
 * Percent-decodes a URL path to bytes as Go's `url.PathUnescape` does (`+`
 * is kept). Returns the bytes, or the message of Go's `url.EscapeError`
 * (`invalid URL escape "%zz"`) for a malformed escape. Does not mutate `input`.
 */
export function percentDecode(input: Uint8Array): Uint8Array | string {
  if (input.indexOf(PERCENT) < 0) return input;
  const out = new Uint8Array(input.length);
  let n = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c !== PERCENT) {
      out[n++] = c;
      continue;
    }
    const hi = i + 1 < input.length ? hexValue(input[i + 1]) : -1;
    const lo = i + 2 < input.length ? hexValue(input[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return `invalid URL escape ${goQuoteBytes(input.subarray(i, Math.min(i + 3, input.length)))}`;
    }
    out[n++] = (hi << 4) | lo;
    i += 2;
  }
  return out.subarray(0, n);
}

/** Whether Go's `shouldEscape(c, encodePath)` is false: unreserved characters and `$&+,/:;=@`. */
function pathSafe(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 45 ||
    c === 95 ||
    c === 46 ||
    c === 126 || // - _ . ~
    c === 36 ||
    c === 38 ||
    c === 43 ||
    c === 44 ||
    c === 47 ||
    c === 58 ||
    c === 59 ||
    c === 61 ||
    c === 64 // $ & + , / : ; = @
  );
}

const HEX_UPPER = '0123456789ABCDEF';

/** Escapes path bytes as Go's `url.URL.EscapedPath` does for a path without a raw form (`%XX`, upper-case hex). */
export function escapePath(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    s += pathSafe(c) ? String.fromCharCode(c) : '%' + HEX_UPPER[c >> 4] + HEX_UPPER[c & 15];
  }
  return s;
}

/**
 * Go's `path.Clean` on bytes: collapses `//`, removes `.` segments and
 * resolves `..` lexically; the result of a rooted path stays rooted.
 */
function cleanBytes(p: Uint8Array): Uint8Array {
  const n = p.length;
  if (n === 0) return Uint8Array.of(Char.DOT);
  const rooted = p[0] === Char.SLASH;
  const out: number[] = [];
  let r = 0;
  let dotdot = 0;
  if (rooted) {
    out.push(Char.SLASH);
    r = 1;
    dotdot = 1;
  }
  while (r < n) {
    if (p[r] === Char.SLASH) {
      r++;
    } else if (p[r] === Char.DOT && (r + 1 === n || p[r + 1] === Char.SLASH)) {
      r++;
    } else if (p[r] === Char.DOT && p[r + 1] === Char.DOT && (r + 2 === n || p[r + 2] === Char.SLASH)) {
      r += 2;
      if (out.length > dotdot) {
        let w = out.length - 1;
        while (w > dotdot && out[w] !== Char.SLASH) w--;
        out.length = w;
      } else if (!rooted) {
        if (out.length > 0) out.push(Char.SLASH);
        out.push(Char.DOT, Char.DOT);
        dotdot = out.length;
      }
    } else {
      if ((rooted && out.length !== 1) || (!rooted && out.length !== 0)) out.push(Char.SLASH);
      for (; r < n && p[r] !== Char.SLASH; r++) out.push(p[r]);
    }
  }
  if (out.length === 0) out.push(Char.DOT);
  return Uint8Array.from(out);
}

/**
 * Go `net/http`'s `cleanPath`: {@link cleanBytes} on a path that is made
 * rooted, with a trailing slash kept. `ServeMux` redirects (301) any request
 * whose decoded path differs from this.
 */
export function cleanPath(p: Uint8Array): Uint8Array {
  if (p.length === 0) return Uint8Array.of(Char.SLASH);
  let rooted = p;
  if (p[0] !== Char.SLASH) {
    rooted = new Uint8Array(p.length + 1);
    rooted[0] = Char.SLASH;
    rooted.set(p, 1);
  }
  const np = cleanBytes(rooted);
  if (rooted[rooted.length - 1] === Char.SLASH && !(np.length === 1 && np[0] === Char.SLASH)) {
    const withSlash = new Uint8Array(np.length + 1);
    withSlash.set(np);
    withSlash[np.length] = Char.SLASH;
    return withSlash;
  }
  return np;
}

/** Whether two byte arrays are equal. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
