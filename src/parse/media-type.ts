/**
 * Go's `mime.ParseMediaType`, as far as the choice of a body's format depends
 * on it (Prometheus and the Pushgateway both read `Content-Type` with it): a
 * malformed header or a duplicate parameter is an error (the Pushgateway then
 * reads the body as text; {@link formatFromContentType} names no format).
 */

const TSPECIALS = '()<>@,;:\\"/[]?=';

function isTokenChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return code > 32 && code < 127 && !TSPECIALS.includes(c);
}

function isToken(s: string): boolean {
  if (s === '') return false;
  for (const c of s) if (!isTokenChar(c)) return false;
  return true;
}

/** A parsed media type: lower-case type and parameter names, values as given (quoted strings unquoted). */
export interface MediaType {
  type: string;
  params: Map<string, string>;
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return i;
}

/** Parses a `Content-Type` value; `undefined` where Go returns an error. Pure. */
export function parseMediaType(value: string | undefined): MediaType | undefined {
  if (value === undefined) return undefined;
  const semi = value.indexOf(';');
  const base = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  const slash = base.indexOf('/');
  if (slash < 0 ? !isToken(base) : !isToken(base.slice(0, slash)) || !isToken(base.slice(slash + 1))) return undefined;
  const params = new Map<string, string>();
  let i = semi < 0 ? value.length : semi;
  while (i < value.length) {
    if (value.slice(i).trim() === ';') break;
    if (value[i] !== ';') return undefined;
    i = skipSpace(value, i + 1);
    let j = i;
    while (j < value.length && isTokenChar(value[j])) j++;
    const name = value.slice(i, j).toLowerCase();
    if (name === '' || value[j] !== '=') return undefined;
    j++;
    let v: string;
    if (value[j] === '"') {
      let out = '';
      j++;
      for (;;) {
        if (j >= value.length) return undefined;
        const c = value[j];
        if (c === '"') {
          j++;
          break;
        }
        if (c === '\\' && j + 1 < value.length) {
          out += value[j + 1];
          j += 2;
          continue;
        }
        out += c;
        j++;
      }
      v = out;
    } else {
      const start = j;
      while (j < value.length && isTokenChar(value[j])) j++;
      v = value.slice(start, j);
      if (v === '') return undefined;
    }
    if (params.has(name)) return undefined;
    params.set(name, v);
    i = skipSpace(value, j);
  }
  return { type: base, params };
}

/**
 * Whether a push body is protobuf-delimited: media type
 * `application/vnd.google.protobuf` with `proto=io.prometheus.client.MetricFamily`
 * and `encoding=delimited` (any parameter order). Everything else is text 0.0.4.
 */
export function isProtobufBody(contentType: string | undefined): boolean {
  const mt = parseMediaType(contentType);
  return (
    mt !== undefined &&
    mt.type === 'application/vnd.google.protobuf' &&
    mt.params.get('encoding') === 'delimited' &&
    mt.params.get('proto') === 'io.prometheus.client.MetricFamily'
  );
}
