import { Char } from '../model/chars.js';
/**
 * URL-safe base64 (RFC 4648 §5) as the Pushgateway decodes grouping values:
 * all trailing `=` are stripped, then Go's `base64.RawURLEncoding` decodes the
 * rest (no padding, non-zero trailing bits accepted, CR and LF skipped).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INVALID = 0xff;

const DECODE = new Uint8Array(256).fill(INVALID);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** The outcome of {@link decodeBase64Url}. */
export interface Base64Decoded {
  /** The bytes decoded before the error, or all of them. */
  bytes: Uint8Array;
  /** Offset of the offending input byte (Go's `illegal base64 data at input byte N`), or `-1` when the input is valid. */
  errorAt: number;
}

/**
 * Decodes `input` exactly as the Pushgateway's `decodeBase64` does
 * (`base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))`), including
 * the partial result Go returns next to an error: whole 4-character groups
 * before the failing group. Does not mutate `input`.
 */
export function decodeBase64Url(input: Uint8Array): Base64Decoded {
  let end = input.length;
  while (end > 0 && input[end - 1] === Char.EQUALS) end--;
  const out = new Uint8Array(Math.floor((end * 6) / 8) + 3);
  let n = 0;
  let si = 0;
  const quad = [0, 0, 0, 0];
  while (si < end) {
    let j = 0;
    let len = 4;
    for (; j < 4;) {
      if (si === end) {
        if (j === 0) return { bytes: out.subarray(0, n), errorAt: -1 };
        if (j === 1) return { bytes: out.subarray(0, n), errorAt: si - j };
        len = j;
        break;
      }
      const c = input[si++];
      const v = DECODE[c];
      if (v !== INVALID) {
        quad[j++] = v;
        continue;
      }
      if (c === Char.LF || c === Char.CR) continue;
      return { bytes: out.subarray(0, n), errorAt: si - 1 };
    }
    const bits = (quad[0] << 18) | (quad[1] << 12) | ((len > 2 ? quad[2] : 0) << 6) | (len > 3 ? quad[3] : 0);
    out[n++] = (bits >>> 16) & 0xff;
    if (len > 2) out[n++] = (bits >>> 8) & 0xff;
    if (len > 3) out[n++] = bits & 0xff;
  }
  return { bytes: out.subarray(0, n), errorAt: -1 };
}

/** Encodes bytes as URL-safe base64 without padding. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += ALPHABET[v >>> 18] + ALPHABET[(v >>> 12) & 63] + ALPHABET[(v >>> 6) & 63] + ALPHABET[v & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const v = bytes[i] << 16;
    s += ALPHABET[v >>> 18] + ALPHABET[(v >>> 12) & 63];
  } else if (rest === 2) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    s += ALPHABET[v >>> 18] + ALPHABET[(v >>> 12) & 63] + ALPHABET[(v >>> 6) & 63];
  }
  return s;
}
