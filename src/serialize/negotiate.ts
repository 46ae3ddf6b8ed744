import {
  OPENMETRICS_0_CONTENT_TYPE,
  PROTOBUF_CONTENT_TYPE,
  TEXT_CONTENT_TYPE,
  type SerializeFormat,
} from './content-types.js';

/** The protobuf media type with its `proto` parameter, before `; encoding=…`. */
const PROTOBUF_TYPE = 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily';

/** Options of {@link negotiate}. */
export interface NegotiateOptions {
  /** Also offer OpenMetrics, as `expfmt.NegotiateIncludingOpenMetrics` does. Default `false` (plain `expfmt.Negotiate`). */
  openMetrics?: boolean;
  /**
   * Also offer the protobuf `text` and `compact-text` encodings (golang/protobuf's
   * text format of each family), as `expfmt.Negotiate` does; answered with
   * `format` `protobuf-text` or `protobuf-compact-text`, for a caller that
   * writes them. Default `false`: skipped as if not offered.
   */
  protoText?: boolean;
}

/** The outcome of {@link negotiate}: a format and the exact `Content-Type` to answer with. */
export interface Negotiated {
  /** The format; the protobuf text encodings only with {@link NegotiateOptions.protoText}. */
  format: SerializeFormat | 'protobuf-text' | 'protobuf-compact-text';
  contentType: string;
}

interface Clause {
  type: string;
  subType: string;
  q: number;
  params: Map<string, string>;
}

/** Trims spaces only (Go `strings.Trim(s, " ")`). */
function trimSpaces(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) === 32) a++;
  while (b > a && s.charCodeAt(b - 1) === 32) b--;
  return s.slice(a, b);
}

/** Go `strconv.ParseFloat(s, 32)` as goautoneg uses it: syntax errors give 0, the result is rounded to float32. */
function parseQ(s: string): number {
  if (!/^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i.test(s)) return 0;
  const lower = s.toLowerCase();
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return s.startsWith('-') ? -Infinity : Infinity;
  if (lower === 'nan') return NaN;
  return Math.fround(+s);
}

/** goautoneg's `ParseAccept`: clauses sorted by its (non-strict) order with Go's insertion sort, which is what `sort.Sort` runs for up to 12 clauses. */
function parseAccept(header: string): Clause[] {
  const out: Clause[] = [];
  for (const rawPart of header.split(',')) {
    const part = trimSpaces(rawPart);
    const mrp = part.split(';');
    const sp = mrp[0].split('/');
    const type = trimSpaces(sp[0]);
    let subType: string;
    if (sp.length === 1 && type === '*') subType = '*';
    else if (sp.length === 2) subType = trimSpaces(sp[1]);
    else continue;
    const clause: Clause = { type, subType, q: 1, params: new Map() };
    for (const param of mrp.slice(1)) {
      const eq = param.indexOf('=');
      if (eq < 0) continue;
      const token = trimSpaces(param.slice(0, eq));
      if (token === 'q') clause.q = parseQ(param.slice(eq + 1));
      else clause.params.set(token, trimSpaces(param.slice(eq + 1)));
    }
    out.push(clause);
  }
  const less = (a: Clause, b: Clause): boolean =>
    a.q > b.q || (a.type !== '*' && b.type === '*') || (a.subType !== '*' && b.subType === '*');
  for (let i = 1; i < out.length; i++) {
    for (let j = i; j > 0 && less(out[j], out[j - 1]); j--) {
      const t = out[j];
      out[j] = out[j - 1];
      out[j - 1] = t;
    }
  }
  return out;
}

/**
 * Picks the output format for an HTTP `Accept` header as Go
 * `expfmt.Negotiate` (prometheus/common 0.39) does: clauses in goautoneg's
 * order (by `q`, concrete types before wildcards, ties in header order), the
 * first clause that names protobuf with `proto=io.prometheus.client.MetricFamily;
 * encoding=delimited` or `text/plain` (version absent or `0.0.4`) wins;
 * otherwise text. With `openMetrics`, `application/openmetrics-text` is
 * offered too, as `NegotiateIncludingOpenMetrics` (0.39) does: only with the
 * version absent or `0.0.1`, answered as `version=0.0.1` (0.39 does not know
 * `1.0.0`; the bytes written are the same). Differences: the protobuf `text` and `compact-text` encodings
 * are skipped as if not offered unless `protoText` is set; above 12 clauses
 * Go's `sort.Sort` switches to pdqsort, while this always sorts by insertion.
 * Pure; never throws.
 */
export function negotiate(accept: string | undefined, options: NegotiateOptions = {}): Negotiated {
  for (const c of parseAccept(accept ?? '')) {
    const ver = c.params.get('version') ?? '';
    if (
      c.type + '/' + c.subType === 'application/vnd.google.protobuf' &&
      c.params.get('proto') === 'io.prometheus.client.MetricFamily'
    ) {
      const encoding = c.params.get('encoding');
      if (encoding === 'delimited') return { format: 'protobuf', contentType: PROTOBUF_CONTENT_TYPE };
      if (options.protoText && (encoding === 'text' || encoding === 'compact-text'))
        return {
          format: encoding === 'text' ? 'protobuf-text' : 'protobuf-compact-text',
          contentType: `${PROTOBUF_TYPE}; encoding=${encoding}`,
        };
    }
    if (c.type === 'text' && c.subType === 'plain' && (ver === '0.0.4' || ver === ''))
      return { format: 'text', contentType: TEXT_CONTENT_TYPE };
    if (
      options.openMetrics &&
      c.type + '/' + c.subType === 'application/openmetrics-text' &&
      (ver === '0.0.1' || ver === '')
    ) {
      return { format: 'openmetrics', contentType: OPENMETRICS_0_CONTENT_TYPE };
    }
  }
  return { format: 'text', contentType: TEXT_CONTENT_TYPE };
}
