/**
 * Which exposition format a body is in: from its HTTP `Content-Type`, as
 * Prometheus and the Pushgateway choose their parser, or from the bytes
 * themselves when no usable content type is given.
 */

/** The exposition formats: text 0.0.4, OpenMetrics 1.0 text, and varint-delimited protobuf `MetricFamily` records. */
export type ExpositionFormat = 'text' | 'openmetrics' | 'protobuf';

/** What {@link formatFromContentType} found. */
export interface ContentTypeFormat {
  format: ExpositionFormat;
  /** The media type, lower-cased (`text/plain`, `application/openmetrics-text`, `application/vnd.google.protobuf`). */
  mediaType: string;
  /** The `version` parameter when present (`0.0.4`, `1.0.0`). */
  version?: string;
}

/** What {@link detectFormat} decided, and from what. */
export interface DetectedFormat {
  format: ExpositionFormat;
  /** `content-type` when the header named a format, `content` when the body was sniffed. */
  source: 'content-type' | 'content';
  /** The version named by the content type, when it named one. */
  version?: string;
}

/** OpenMetrics text versions this parser reads (1.0.0, and 0.0.1, the pre-release name Prometheus still sends). */
const OPENMETRICS_VERSIONS: ReadonlySet<string> = new Set(['1.0.0', '0.0.1']);

/** Splits `type/subtype; k=v; k="v"` into the lower-cased media type and its parameters (names lower-cased). */
function parseMediaType(contentType: string): { mediaType: string; params: Map<string, string> } {
  const parts = contentType.split(';');
  const mediaType = parts[0].trim().toLowerCase();
  const params = new Map<string, string>();
  for (let i = 1; i < parts.length; i++) {
    const eq = parts[i].indexOf('=');
    if (eq < 0) continue;
    let value = parts[i].slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    params.set(parts[i].slice(0, eq).trim().toLowerCase(), value);
  }
  return { mediaType, params };
}

/**
 * The format an HTTP `Content-Type` names, or `undefined` when it names none
 * this package reads:
 * - `application/vnd.google.protobuf` with `proto=io.prometheus.client.MetricFamily`
 *   and `encoding=delimited` → `protobuf` (the Pushgateway's rule; other
 *   protobuf encodings are not exposition bodies);
 * - `application/openmetrics-text` without a version or with version 1.0.0
 *   (or 0.0.1) → `openmetrics`; another version → `undefined`;
 * - `text/plain` without a version or with version 0.0.4 → `text`; another
 *   version → `undefined`.
 *
 * Parameter names and the media type are case-insensitive; does not throw.
 */
export function formatFromContentType(contentType: string | undefined): ContentTypeFormat | undefined {
  if (contentType === undefined || contentType.trim() === '') return undefined;
  const { mediaType, params } = parseMediaType(contentType);
  const version = params.get('version');
  const withVersion = (format: ExpositionFormat): ContentTypeFormat =>
    version === undefined ? { format, mediaType } : { format, mediaType, version };
  switch (mediaType) {
    case 'application/vnd.google.protobuf':
      return params.get('proto') === 'io.prometheus.client.MetricFamily' && params.get('encoding') === 'delimited'
        ? { format: 'protobuf', mediaType }
        : undefined;
    case 'application/openmetrics-text':
      return version === undefined || OPENMETRICS_VERSIONS.has(version) ? withVersion('openmetrics') : undefined;
    case 'text/plain':
      return version === undefined || version === '0.0.4' ? withVersion('text') : undefined;
    default:
      return undefined;
  }
}

const LF = 10;
const HASH_EOF = '# EOF';

/** Reads a base-128 varint at `i`; returns [value, next index], or [-1, i] if it is cut or longer than 5 bytes. */
function readVarint32(bytes: Uint8Array, i: number): [number, number] {
  let value = 0;
  for (let k = 0; k < 5 && i + k < bytes.length; k++) {
    const b = bytes[i + k];
    value += (b & 0x7f) * 2 ** (7 * k);
    if (b < 0x80) return [value, i + k + 1];
  }
  return [-1, i];
}

/**
 * Whether `bytes` is a sequence of varint-delimited records that starts with a
 * `MetricFamily` name field (tag 0x0a) and ends exactly at the end of the body.
 */
function looksLikeDelimitedProtobuf(bytes: Uint8Array): boolean {
  if (bytes.length < 2) return false;
  let i = 0;
  let first = true;
  while (i < bytes.length) {
    const [length, next] = readVarint32(bytes, i);
    if (length < 0 || next + length > bytes.length) return false;
    if (first && (length === 0 || bytes[next] !== 0x0a)) return false;
    first = false;
    i = next + length;
  }
  return true;
}

/** Whether the last line of the text (one final LF allowed) is exactly `# EOF`. */
function endsWithEof(text: string): boolean {
  let end = text.length;
  if (end > 0 && text.charCodeAt(end - 1) === LF) end--;
  const start = text.lastIndexOf('\n', end - 1) + 1;
  return end - start === HASH_EOF.length && text.startsWith(HASH_EOF, start);
}

/**
 * Sniffs the format of a whole body: `protobuf` when bytes form a chain of
 * delimited `MetricFamily` records ending exactly at the end, `openmetrics`
 * when the last line is `# EOF` (a final LF allowed), `text` otherwise.
 * Does not parse; the chosen parser decides whether the body is valid.
 */
export function formatFromContent(input: string | Uint8Array): ExpositionFormat {
  if (typeof input !== 'string') {
    if (looksLikeDelimitedProtobuf(input)) return 'protobuf';
    const tail = input.subarray(Math.max(0, input.length - 64));
    return endsWithEof(Buffer.from(tail.buffer, tail.byteOffset, tail.byteLength).toString('latin1'))
      ? 'openmetrics'
      : 'text';
  }
  return endsWithEof(input) ? 'openmetrics' : 'text';
}

/** How a reader of text expositions is told their format: `text` 0.0.4, `openmetrics` 1.0, or `auto` by content. */
export type InputFormat = 'text' | 'openmetrics' | 'auto';

/**
 * The one input-format rule of `parse`, `fmt` and `lint`: `auto` is
 * `openmetrics` when the last line is `# EOF` ({@link formatFromContent}),
 * else `text` (a body that looks like protobuf is read as text); `text` and
 * `openmetrics` are taken as given. Pure.
 */
export function inputFormatOf(input: string | Uint8Array, format: InputFormat = 'text'): 'text' | 'openmetrics' {
  if (format !== 'auto') return format;
  return formatFromContent(input) === 'openmetrics' ? 'openmetrics' : 'text';
}

/**
 * Chooses the parser for a body: by its `Content-Type` when that names a
 * format ({@link formatFromContentType}), else by sniffing the body
 * ({@link formatFromContent}). The body is only needed in the second case.
 */
export function detectFormat(contentType: string | undefined, body?: string | Uint8Array): DetectedFormat {
  const byType = formatFromContentType(contentType);
  if (byType !== undefined) {
    return byType.version === undefined
      ? { format: byType.format, source: 'content-type' }
      : { format: byType.format, source: 'content-type', version: byType.version };
  }
  return { format: body === undefined ? 'text' : formatFromContent(body), source: 'content' };
}
