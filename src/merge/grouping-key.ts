import type { Label } from '../model/types.js';
import { isValidLabelName } from '../model/names.js';
import { goQuoteBytes, isWellFormedUtf16 } from '../model/go-quote.js';
import { decodeBase64Url, encodeBase64Url } from './base64url.js';
import { compareLabelNames } from './byte-order.js';
import { bytesEqual, cleanPath, escapePath, percentDecode, toBytes } from './url-path.js';
import { Char } from '../model/chars.js';

/**
 * Grouping keys: the push path `/metrics/job/<job>{/<label>/<value>}` ⇄ a
 * label set, with the Pushgateway's decoding rules and error texts
 * (docs/pushgateway-compat.md, "Grouping key"), and a collision-free string key per label set.
 */

/** Why a push path was refused. The `message` texts are the Pushgateway's. */
export type GroupingErrorCode =
  /** A `%` not followed by two hex digits: Go's HTTP server answers `400 Bad Request` before any handler runs. */
  | 'INVALID_URL_ESCAPE'
  /** `job@base64/<x>` with `<x>` not URL-safe base64. */
  | 'INVALID_BASE64_JOB'
  /** The label part has an odd number of segments. */
  | 'ODD_COMPONENTS'
  /** A label name is not `[a-zA-Z_][a-zA-Z0-9_]*` or starts with `__`. */
  | 'IMPROPER_LABEL_NAME'
  /** `<name>@base64/<x>` with `<x>` not URL-safe base64. */
  | 'INVALID_BASE64_LABEL'
  /** The job name decodes to the empty string. */
  | 'JOB_REQUIRED'
  /** A decoded value is not valid UTF-8 (the Pushgateway stores it and breaks; see {@link parsePushPath}). */
  | 'INVALID_UTF8';

/** The outcome of {@link parsePushPath}. */
export type PushPathResult =
  /** A grouping: the labels sorted by name, `job` included. */
  | { kind: 'grouping'; grouping: Label[] }
  /**
   * A request error: HTTP 400 with `message` as the body (plus a newline,
   * except for `INVALID_URL_ESCAPE`, whose body is Go's bare `400 Bad Request`).
   * `detail` says more where the reference's text says little.
   */
  | { kind: 'error'; status: 400; code: GroupingErrorCode; message: string; detail?: string }
  /** The router redirects: 301 for path cleaning (and for GET), 307 otherwise. `location` is escaped. */
  | { kind: 'redirect'; status: 301 | 307; location: string }
  /** Not a push path at all (the router answers 404 unless another route matches). */
  | { kind: 'not-found'; status: 404 };

/** Thrown by {@link parseGroupingPath}: carries what {@link parsePushPath} returned. */
export class GroupingPathError extends Error {
  override readonly name = 'GroupingPathError';
  /** HTTP status the Pushgateway answers with. */
  readonly status: number;
  /** A {@link GroupingErrorCode}, or `REDIRECT` / `NOT_FOUND`. */
  readonly code: GroupingErrorCode | 'REDIRECT' | 'NOT_FOUND';
  /** The redirect target, for `REDIRECT`. */
  readonly location?: string;

  constructor(result: Exclude<PushPathResult, { kind: 'grouping' }>) {
    super(
      result.kind === 'error'
        ? result.message
        : result.kind === 'redirect'
          ? `redirect (${result.status}) to ${result.location}`
          : '404 page not found',
    );
    this.status = result.status;
    this.code = result.kind === 'error' ? result.code : result.kind === 'redirect' ? 'REDIRECT' : 'NOT_FOUND';
    if (result.kind === 'redirect') this.location = result.location;
  }
}

const QUESTION = 63;
const BASE64_SUFFIX = '@base64';
const JOB = 'job';
const PREFIX = '/metrics/job/';
const PREFIX_B64 = '/metrics/job@base64/';

const latin1 = new TextDecoder('latin1');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly; `undefined` when the bytes are not valid UTF-8. */
function utf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Whether `bytes` starts with the ASCII string `prefix`, optionally ignoring ASCII case. */
function startsWith(bytes: Uint8Array, prefix: string, ignoreCase: boolean): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    let c = bytes[i];
    if (ignoreCase && c >= 65 && c <= 90) c += 32;
    if (c !== prefix.charCodeAt(i)) return false;
  }
  return true;
}

/** Splits bytes on `/`. */
function splitSlash(bytes: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === Char.SLASH) {
      parts.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  parts.push(bytes.subarray(start));
  return parts;
}

function fail(code: GroupingErrorCode, message: string, detail?: string): PushPathResult {
  return detail === undefined
    ? { kind: 'error', status: 400, code, message }
    : { kind: 'error', status: 400, code, message, detail };
}

/**
 * Parses a push/delete path the way the Pushgateway 1.5.1 does, router included.
 *
 * `path` is the request path after any route prefix, still percent-encoded
 * (`/metrics/job/x/a%2Fb`); a query string is ignored (but kept in redirects). A string is taken as
 * UTF-8 text; pass the raw bytes as a `Uint8Array` when you have them.
 * `method` only chooses the redirect status (301 for GET, 307 otherwise).
 *
 * Order of checks (the first failure wins): percent-decoding, `ServeMux`
 * path cleaning (301), the router (`/metrics/job/` → 307 to `/metrics/job`,
 * wrong case of `metrics`/`job`/`job@base64` with a job segment → 307,
 * anything else → not-found), base64 of `job@base64`, the
 * label pairs one by one (odd count, improper name, base64), the empty job.
 * A later duplicate label wins; a `job` pair in the label part is overwritten
 * by the job segment; `<name>/` at the end gives `name=""`.
 *
 * One deliberate difference: a value (or job) that decodes to bytes that are
 * not UTF-8 is refused here with `INVALID_UTF8`. The Pushgateway accepts it,
 * fails the push during its consistency check, and keeps a group that makes
 * every later scrape and push fail (docs/gateway.md, deliberate differences).
 *
 * Never throws; see {@link parseGroupingPath} for a throwing variant.
 */
export function parsePushPath(path: string | Uint8Array, method = 'PUT'): PushPathResult {
  let raw = toBytes(path);
  let query = '';
  const q = raw.indexOf(QUESTION);
  if (q >= 0) {
    query = latin1.decode(raw.subarray(q));
    raw = raw.subarray(0, q);
  }
  const decoded = percentDecode(raw);
  if (typeof decoded === 'string') return fail('INVALID_URL_ESCAPE', '400 Bad Request', decoded);

  const redirectStatus = method === 'GET' ? 301 : 307;
  const cleaned = cleanPath(decoded);
  if (!bytesEqual(cleaned, decoded)) {
    return { kind: 'redirect', status: 301, location: escapePath(cleaned) + query };
  }

  let base64Job: boolean;
  let prefixLength: number;
  if (startsWith(decoded, PREFIX, false)) {
    base64Job = false;
    prefixLength = PREFIX.length;
  } else if (startsWith(decoded, PREFIX_B64, false)) {
    base64Job = true;
    prefixLength = PREFIX_B64.length;
  } else {
    // httprouter's case-insensitive lookup (static parts only, job segment required).
    const fixed = startsWith(decoded, PREFIX, true) ? PREFIX : startsWith(decoded, PREFIX_B64, true) ? PREFIX_B64 : '';
    if (fixed === '' || decoded.length === fixed.length) return { kind: 'not-found', status: 404 };
    return {
      kind: 'redirect',
      status: redirectStatus,
      location: fixed + escapePath(decoded.subarray(fixed.length)) + query,
    };
  }
  const rest = decoded.subarray(prefixLength);
  if (rest.length === 0) {
    // httprouter's trailing-slash redirect exists for `/metrics/job/` only (observed:
    // `/metrics/job@base64/` is a plain 404).
    if (base64Job) return { kind: 'not-found', status: 404 };
    return { kind: 'redirect', status: redirectStatus, location: PREFIX.slice(0, -1) + query };
  }
  const slash = rest.indexOf(Char.SLASH);
  const jobSegment = slash < 0 ? rest : rest.subarray(0, slash);
  const labelPart = slash < 0 ? new Uint8Array(0) : rest.subarray(slash);

  // 1. The job name.
  let job = jobSegment;
  if (base64Job) {
    const d = decodeBase64Url(jobSegment);
    if (d.errorAt >= 0) {
      // The reference quotes the partially decoded value here (a shadowed variable).
      return fail(
        'INVALID_BASE64_JOB',
        `invalid base64 encoding in job name ${goQuoteBytes(d.bytes)}: illegal base64 data at input byte ${d.errorAt}`,
      );
    }
    job = d.bytes;
  }

  // 2. The label pairs.
  const pairs = new Map<string, Uint8Array>();
  if (labelPart.length > 1) {
    const components = splitSlash(labelPart.subarray(1));
    if (components.length % 2 !== 0) {
      return fail('ODD_COMPONENTS', `odd number of components in label string ${goQuoteBytes(labelPart)}`);
    }
    for (let i = 0; i < components.length; i += 2) {
      const nameBytes = components[i];
      const valueBytes = components[i + 1];
      const rawName = latin1.decode(nameBytes);
      const isBase64 = rawName.endsWith(BASE64_SUFFIX);
      const trimmed = isBase64 ? rawName.slice(0, -BASE64_SUFFIX.length) : rawName;
      if (!isValidLabelName(trimmed) || trimmed.startsWith('__')) {
        const trimmedBytes = isBase64 ? nameBytes.subarray(0, nameBytes.length - BASE64_SUFFIX.length) : nameBytes;
        return fail('IMPROPER_LABEL_NAME', `improper label name ${goQuoteBytes(trimmedBytes)}`);
      }
      if (!isBase64) {
        pairs.set(trimmed, valueBytes);
        continue;
      }
      const d = decodeBase64Url(valueBytes);
      if (d.errorAt >= 0) {
        return fail(
          'INVALID_BASE64_LABEL',
          `invalid base64 encoding for label ${trimmed}=${goQuoteBytes(valueBytes)}: illegal base64 data at input byte ${d.errorAt}`,
        );
      }
      pairs.set(trimmed, d.bytes);
    }
  }

  // 3. The empty job.
  if (job.length === 0) return fail('JOB_REQUIRED', 'job name is required');
  pairs.set(JOB, job);

  const grouping: Label[] = [];
  for (const [name, bytes] of pairs) {
    const value = utf8(bytes);
    if (value === undefined) {
      return fail('INVALID_UTF8', `grouping label ${name} has a value that is not valid UTF-8: ${goQuoteBytes(bytes)}`);
    }
    grouping.push({ name, value });
  }
  grouping.sort(compareLabelNames);
  return { kind: 'grouping', grouping };
}

/**
 * Like {@link parsePushPath}, but returns the grouping labels (sorted by
 * name) and throws a {@link GroupingPathError} for every other outcome.
 */
export function parseGroupingPath(path: string | Uint8Array, method = 'PUT'): Label[] {
  const r = parsePushPath(path, method);
  if (r.kind === 'grouping') return r.grouping;
  throw new GroupingPathError(r);
}

const UNRESERVED_EXTRA = "-._~!$&'()*+,;=:@";

/** Percent-encodes a value for one path segment: unreserved characters and `!$&'()*+,;=:@` stay, the rest is `%XX` of UTF-8. */
function encodeSegment(value: string): string {
  let s = '';
  const bytes = new TextEncoder().encode(value);
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    const ch = String.fromCharCode(c);
    if (
      (c >= 97 && c <= 122) ||
      (c >= 65 && c <= 90) ||
      (c >= 48 && c <= 57) ||
      (c < 128 && UNRESERVED_EXTRA.includes(ch))
    ) {
      s += ch;
    } else {
      s += '%' + (c < 16 ? '0' : '') + c.toString(16).toUpperCase();
    }
  }
  return s;
}

/** Whether a value cannot travel as a plain path segment: empty, contains `/`, or is `.`/`..` (path cleaning would eat it). */
function needsBase64(value: string): boolean {
  return value === '' || value.includes('/') || value === '.' || value === '..';
}

/** `/<name>/<value>` or `/<name>@base64/<b64>` (`=` for the empty value). */
function pathPair(name: string, value: string): string {
  if (!needsBase64(value)) return `/${name}/${encodeSegment(value)}`;
  const b64 = value === '' ? '=' : encodeBase64Url(new TextEncoder().encode(value));
  return `/${name}${BASE64_SUFFIX}/${b64}`;
}

/**
 * The push path a client should use for a grouping:
 * `/metrics/job/<job>` followed by the other labels sorted by name. Values
 * that cannot be a plain segment (empty, containing `/`, `.` or `..`) use
 * `@base64` (`=` for the empty value), everything else is percent-encoded
 * (a space is `%20`, never `+`). {@link parsePushPath} of the result gives
 * back the same labels.
 *
 * Throws a `TypeError` when there is no non-empty `job`, a name is invalid,
 * reserved (`__` prefix) or repeated, or a value is not well-formed UTF-16.
 * Does not mutate its input.
 */
export function groupingPath(grouping: readonly Label[]): string {
  let job: string | undefined;
  const seen = new Set<string>();
  const others: Label[] = [];
  for (const l of grouping) {
    if (!isValidLabelName(l.name) || l.name.startsWith('__'))
      throw new TypeError(`improper label name ${JSON.stringify(l.name)}`);
    if (seen.has(l.name)) throw new TypeError(`duplicate label name ${JSON.stringify(l.name)}`);
    if (!isWellFormedUtf16(l.value)) throw new TypeError(`label ${l.name} has a value that is not well-formed UTF-16`);
    seen.add(l.name);
    if (l.name === JOB) job = l.value;
    else others.push(l);
  }
  if (!job) throw new TypeError('job name is required');
  others.sort(compareLabelNames);
  let path = needsBase64(job)
    ? `/metrics/job${BASE64_SUFFIX}/${encodeBase64Url(new TextEncoder().encode(job))}`
    : `/metrics/job/${encodeSegment(job)}`;
  for (const l of others) path += pathPair(l.name, l.value);
  return path;
}

/**
 * A collision-free key for a grouping (or any label set): the labels sorted
 * by name (then value), each name and value written as `<length>:<text>`.
 * Because every string carries its length, no character of a name or value
 * can be mistaken for a separator: two label sets get the same key exactly
 * when they are equal as sets, whatever their order. Does not mutate its input.
 */
export function groupKey(labels: readonly Label[]): string {
  const sorted = labels.length > 1 ? labels.slice().sort(compareByNameThenValue) : labels;
  let key = '';
  for (const l of sorted) key += `${l.name.length}:${l.name}${l.value.length}:${l.value}`;
  return key;
}

function compareByNameThenValue(a: Label, b: Label): number {
  return compareLabelNames(a, b) || (a.value === b.value ? 0 : a.value < b.value ? -1 : 1);
}
