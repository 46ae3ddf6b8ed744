import { isUtf8 } from 'node:buffer';
import { goQuote, goQuoteLatin1 } from '../../src/model/go-quote.js';
import { decodeUtf8Lenient } from '../../src/model/exact.js';

/**
 * How the text given to the lexer maps to bytes. Byte input is lexed as a
 * latin1 string (one char per byte, so offsets are byte offsets and invalid
 * UTF-8 can be detected); string input is lexed as it is.
 */
export interface TextEncodingMode {
  /** True when each char code of the text is one input byte. */
  bytes: boolean;
  /** True in byte mode when every byte of the input is known to be ASCII: no text needs decoding. */
  ascii: boolean;
}

/** The mode of the chunk being lexed. Set with {@link setScanMode} before each tokenize call. */
export const scanContext: TextEncodingMode = { bytes: false, ascii: false };

/**
 * Sets {@link scanContext} for the text about to be scanned. Both fields are
 * set each time, so that no scan sees an `ascii` left by another input.
 */
export function setScanMode(bytes: boolean, ascii = false): void {
  scanContext.bytes = bytes;
  scanContext.ascii = bytes && ascii;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Turns a latin1 byte string into its bytes. */
function latin1Bytes(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

/** A char of byte input that is not ASCII. */
const NON_ASCII_BYTE = /[\x80-\xff]/;

/**
 * Whether the text of a line, read whole, is its value as it stands: it has
 * no `\\` (so no escape), and in byte mode no byte >= 0x80 (so nothing to
 * decode). Lets the scanners take most HELP texts with two native searches
 * instead of a char loop.
 */
export function isPlainText(s: string): boolean {
  return s.indexOf('\\') < 0 && !(scanContext.bytes && !scanContext.ascii && NON_ASCII_BYTE.test(s));
}

/**
 * Decodes label-value text that contains a char >= 0x80. Returns `undefined`
 * when the bytes are not valid UTF-8 (byte mode only).
 */
export function decodeStrict(s: string): string | undefined {
  if (!scanContext.bytes) return s;
  try {
    return strictUtf8.decode(latin1Bytes(s));
  } catch {
    return undefined;
  }
}

/**
 * Decodes HELP text that contains a char >= 0x80. The reference does not check
 * HELP; each byte that is not part of a valid UTF-8 sequence becomes one U+FFFD,
 * as Go's decoder reports it. In byte mode, `bytes` is set when the text was
 * not valid UTF-8 (the model keeps those bytes).
 */
export function decodeLenient(s: string): { text: string; bytes?: Uint8Array } {
  if (!scanContext.bytes) return { text: s };
  const bytes = latin1Bytes(s);
  return isUtf8(bytes) ? { text: bytes.toString('utf8') } : { text: decodeUtf8Lenient(bytes), bytes: bytes };
}

/** Go `%q` of raw text in the current mode. */
export function quoteRaw(s: string): string {
  return scanContext.bytes ? goQuoteLatin1(s) : goQuote(s);
}

/**
 * The byte Go's `%c` prints after `\` in an escape error: the char itself in
 * byte mode, the first UTF-8 byte of the char in string mode.
 */
export function escapeByteChar(text: string, i: number): string {
  const c = text.charCodeAt(i);
  if (scanContext.bytes || c < 0x80) return String.fromCharCode(c);
  return String.fromCharCode(Buffer.from(String.fromCodePoint(text.codePointAt(i) ?? c), 'utf8')[0]);
}

/** The first byte of the char at `i`, as Go sees it (for `found '<byte>'` messages). */
export function firstByte(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (scanContext.bytes || c < 0x80) return c;
  return Buffer.from(String.fromCodePoint(text.codePointAt(i) ?? c), 'utf8')[0];
}
