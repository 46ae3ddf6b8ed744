import type { Exemplar, HistogramValue, Label, Metric, MetricFamily, SummaryValue } from '../model/types.js';
import { formatGoFloat } from '../model/values.js';
import { compareLabels } from '../model/labels.js';
import { exactInteger, rawHelpBytes } from '../model/exact.js';
import { decodeUtf8Rune } from '../model/go-quote.js';

/**
 * The canonical JSON of `expfmt-oracle` (tools/expfmt-oracle): families sorted
 * by name, labels sorted by name then value, floats as Go `%g` strings,
 * integers as decimal strings, unset fields as `null`, keys in a fixed order,
 * and the oracle's string escaping. Scripts compare our output with the
 * reference's byte for byte.
 */

type Json = null | string | number | boolean | Json[] | JsonObject | Verbatim;
/** JSON text written as it is. */
class Verbatim {
  constructor(readonly text: string) {}
}
/** An object whose keys are written in insertion order. */
interface JsonObject {
  [key: string]: Json;
}

const HEX = '0123456789abcdef';

/** Writes a JSON string as the oracle does: `\" \\ \n \r \t`, other controls and DEL as `\u00XX`, U+2028/9 escaped. */
function writeString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c === 34) esc = '\\"';
    else if (c === 92) esc = '\\\\';
    else if (c === 10) esc = '\\n';
    else if (c === 13) esc = '\\r';
    else if (c === 9) esc = '\\t';
    else if (c < 0x20 || c === 0x7f) esc = '\\u00' + HEX[c >> 4] + HEX[c & 15];
    else if (c === 0x2028 || c === 0x2029) esc = '\\u' + c.toString(16);
    else if (c >= 0xd800 && c <= 0xdfff) {
      const pair = c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) {
        i++;
        continue;
      }
      esc = '\\ufffd';
    }
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/** Serializes a JSON value compactly with insertion-ordered keys. */
function writeJson(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return writeString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return '[' + v.map(writeJson).join(',') + ']';
  if (v instanceof Verbatim) return v.text;
  return (
    '{' +
    Object.entries(v)
      .map(([k, e]) => writeString(k) + ':' + writeJson(e))
      .join(',') +
    '}'
  );
}

function optFloat(v: number | undefined): Json {
  return v === undefined ? null : formatGoFloat(v);
}

function optInt(v: number | undefined, exact?: bigint): Json {
  return v === undefined ? null : exactInteger(v, exact).toString();
}

/** A JSON string of raw bytes as the oracle writes one: each invalid UTF-8 byte is `\ufffd`. */
function bytesString(bytes: Uint8Array): Verbatim {
  let out = '"';
  for (let i = 0; i < bytes.length;) {
    const [cp, width] = decodeUtf8Rune(bytes, i);
    out += cp < 0 ? '\\ufffd' : writeString(String.fromCodePoint(cp)).slice(1, -1);
    i += width;
  }
  return new Verbatim(out + '"');
}

/** `help`, and `help_base64` when the HELP bytes are not UTF-8, as the oracle writes them. */
function helpJson(f: MetricFamily, o: JsonObject): void {
  const bytes = rawHelpBytes(f);
  if (bytes === undefined) {
    o.help = f.help ?? null;
    return;
  }
  o.help = bytesString(bytes);
  o.help_base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
}

function labelsJson(labels: readonly Label[]): Json[] {
  return labels
    .slice()
    .sort(compareLabels)
    .map((l) => [l.name, l.value]);
}

function exemplarJson(e: Exemplar): Json {
  let timestamp: Json = null;
  if (e.timestamp !== undefined) {
    const seconds = Math.floor(e.timestamp);
    timestamp = { seconds: String(seconds), nanos: Math.round((e.timestamp - seconds) * 1e9) };
  }
  return { labels: labelsJson(e.labels), value: optFloat(e.value), timestamp };
}

function summaryJson(s: SummaryValue | undefined): Json {
  if (s === undefined) return null;
  return {
    sample_count: optInt(s.count, s.countExact),
    sample_sum: optFloat(s.sum),
    quantiles: s.quantiles.map((q) => ({ quantile: optFloat(q.quantile), value: optFloat(q.value) })),
  };
}

function histogramJson(h: HistogramValue | undefined): Json {
  if (h === undefined) return null;
  return {
    sample_count: optInt(h.count, h.countExact),
    sample_sum: optFloat(h.sum),
    buckets: h.buckets.map((b) => {
      const o: JsonObject = {
        upper_bound: optFloat(b.upperBound),
        cumulative_count: optInt(b.cumulativeCount, b.cumulativeCountExact),
      };
      if (b.exemplar) o.exemplar = exemplarJson(b.exemplar);
      return o;
    }),
  };
}

function metricJson(family: MetricFamily, m: Metric): Json {
  const o: JsonObject = { labels: labelsJson(m.labels), timestamp_ms: optInt(m.timestampMs, m.timestampMsExact) };
  switch (family.type) {
    case 'summary':
      o.summary = summaryJson(m.summary);
      break;
    case 'histogram':
    case 'gauge_histogram':
    case 'gaugehistogram':
      o.histogram = histogramJson(m.histogram);
      break;
    default:
      o.value = optFloat(m.value);
  }
  if (m.exemplar) o.exemplar = exemplarJson(m.exemplar);
  return o;
}

/** The canonical JSON object of a list of families (sorted by name; the input is not mutated). */
export function canonicalFamilies(families: readonly MetricFamily[]): Json {
  const sorted = families.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    families: sorted.map((f) => {
      const o: JsonObject = { name: f.name };
      helpJson(f, o);
      o.type = f.type;
      o.metrics = f.metrics.map((m) => metricJson(f, m));
      return o;
    }),
  };
}

/** The canonical JSON text of a list of families, as `expfmt-oracle -out json` prints it (without the final LF). */
export function canonicalJson(families: readonly MetricFamily[]): string {
  return writeJson(canonicalFamilies(families));
}

/** The oracle's error object for a parse error: `{"error","stage","line","msg"}` plus our `column` and `code`. */
export function canonicalError(e: {
  message: string;
  line: number;
  msg: string;
  column: number;
  code: string;
}): string {
  return writeJson({ error: e.message, stage: 'parse', line: e.line, msg: e.msg, column: e.column, code: e.code });
}
