import { isUtf8 } from 'node:buffer';
import protobuf from 'protobufjs';
import type { Bucket, Exemplar, HistogramValue, Label, Metric, MetricFamily } from '../model/types.js';
import { toUint64 } from '../model/values.js';
import { goQuote, goQuoteBytes } from '../model/go-quote.js';
import { isValidLabelName, isValidMetricName } from '../model/names.js';
import { MetricFamilyType } from './metrics-proto.js';
import { SerializeError } from './serialize-error.js';
import { modelType, protoTypeName, protoTypeNumber } from '../model/proto-types.js';
import { joinSeconds, splitSeconds } from './seconds.js';
import { decodeUtf8Lenient, rawHelpBytes, sidecarOf } from '../model/exact.js';

/**
 * Protobuf delimited format (`application/vnd.google.protobuf;
 * proto=io.prometheus.client.MetricFamily; encoding=delimited`): each family
 * is a varint length followed by a proto2 `MetricFamily` message. The wire
 * format is protobufjs's; this file maps messages to and from the model.
 */

/** A protobuf input the decoder refuses. `message` is the reference decoder's text where it has one (`invalid metric name "f-o"`, `unexpected EOF`, `invalid varint32 encountered`). */
export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';
  /** Offset of the length prefix of the offending message in the input. */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

/** The parts of the `long` package's class (protobufjs's 64-bit integers) used here. */
interface Long {
  toNumber(): number;
  toString(): string;
}
type Int64 = number | Long;
// Plain objects in protobufjs's shape (field names as in metrics.proto).
type Obj = Record<string, unknown>;

const LongImpl = protobuf.util.Long as unknown as { fromString(s: string, unsigned: boolean): Long };
const SAFE = Number.MAX_SAFE_INTEGER;

const TWO_63 = 9223372036854775808;
const TWO_64 = 18446744073709551616;

/**
 * A model count as uint64: its exact sidecar when that matches; else as Go's
 * `uint64(float64)` when not a non-negative integer; 2^64 (the double nearest
 * the largest uint64s) is 2^64-1.
 */
function uint64(v: number, exact?: bigint): Int64 {
  if (exact !== undefined && Number(exact) === v) return LongImpl.fromString(exact.toString(), true);
  const u = Number.isInteger(v) && v >= 0 ? v : toUint64(v);
  if (u <= SAFE) return u;
  return LongImpl.fromString(u >= TWO_64 ? '18446744073709551615' : BigInt(u).toString(), true);
}

/**
 * A model integer as int64: its exact sidecar when that matches; else
 * truncated and clamped to the int64 range (2^63, the double nearest int64
 * max, is int64 max).
 */
function int64(v: number, exact?: bigint): Int64 {
  if (v >= -SAFE && v <= SAFE) return Math.trunc(v);
  if (exact !== undefined && Number(exact) === v) return LongImpl.fromString(exact.toString(), false);
  const big = v >= TWO_63 ? 9223372036854775807n : v <= -TWO_63 ? -9223372036854775808n : BigInt(Math.trunc(v));
  return LongImpl.fromString(big.toString(), false);
}

/**
 * A writer that spells NaN as Go's `math.NaN()` (bits 0x7FF8000000000001),
 * which is what the reference writes for every NaN it parsed; JavaScript
 * numbers cannot carry a NaN payload. It also writes a family's raw HELP
 * bytes (`rawHelp`) in place of its decoded text: the name is written before
 * the help and cannot contain U+FFFD, so the first string equal to that text
 * is the help.
 */
class GoWriter extends protobuf.Writer {
  rawHelp: { text: string; bytes: Uint8Array } | undefined;

  override double(value: number): protobuf.Writer {
    if (value !== value) return this.fixed64(GO_NAN as unknown as number);
    return super.double(value);
  }

  override string(value: string): protobuf.Writer {
    const raw = this.rawHelp;
    if (raw === undefined || value !== raw.text) return super.string(value);
    this.rawHelp = undefined;
    return this.bytes(raw.bytes);
  }
}

/** Encodes one family into `w`, with its raw HELP bytes when it has them. */
function encodeFamily(f: MetricFamily, w: GoWriter): void {
  const bytes = rawHelpBytes(f);
  w.rawHelp = bytes === undefined ? undefined : { text: f.help as string, bytes };
  MetricFamilyType.encodeDelimited(familyOut(f), w);
  w.rawHelp = undefined;
}

const GO_NAN = { low: 1, high: 0x7ff80000, unsigned: true };

function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : (v as Long).toNumber();
}

/** The exact sidecar of a decoded 64-bit integer: set only when its double is not exact. */
function exactOf(v: unknown): bigint | undefined {
  if (typeof v === 'number' || Number.isSafeInteger((v as Long).toNumber())) return undefined;
  return sidecarOf(BigInt((v as Long).toString()));
}

/** Decoded sint64 deltas, and all of them exact when a double cannot hold one. */
function deltasIn(values: unknown[]): { numbers: number[]; exact?: bigint[] } {
  const numbers = values.map(toNumber);
  if (numbers.every(Number.isSafeInteger)) return { numbers };
  const exact = values.map((v) => (typeof v === 'number' ? BigInt(v) : BigInt((v as Long).toString())));
  return exact.some((e) => sidecarOf(e) !== undefined) ? { numbers, exact } : { numbers };
}

/** Deltas to write: the exact ones when they still match the numbers. */
function deltasOut(numbers: number[], exact: bigint[] | undefined): Int64[] {
  const ok = exact !== undefined && exact.length === numbers.length;
  return numbers.map((v, i) => int64(v, ok ? exact[i] : undefined));
}

/** A `google.protobuf.Timestamp` (proto3: zero fields are not written). */
function timestampOut(t: number): Obj {
  const { seconds, nanos } = splitSeconds(t);
  const o: Obj = {};
  if (seconds !== 0) o.seconds = int64(seconds);
  if (nanos !== 0) o.nanos = nanos;
  return o;
}

function timestampIn(t: Obj): number {
  const seconds = has(t, 'seconds') ? t.seconds : 0;
  const nanos = has(t, 'nanos') ? (t.nanos as number) : 0;
  return joinSeconds(typeof seconds === 'number' ? seconds : BigInt((seconds as Long).toString()), nanos);
}

function labelsOut(labels: readonly Label[]): Obj[] {
  const out: Obj[] = new Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = { name: labels[i].name, value: labels[i].value };
  return out;
}

function exemplarOut(e: Exemplar): Obj {
  const o: Obj = { label: labelsOut(e.labels), value: e.value };
  if (e.timestamp !== undefined) o.timestamp = timestampOut(e.timestamp);
  return o;
}

function histogramOut(h: HistogramValue, created: number | undefined): Obj {
  const o: Obj = {};
  if (h.count !== undefined) o.sample_count = uint64(h.count, h.countExact);
  if (h.countFloat !== undefined) o.sample_count_float = h.countFloat;
  if (h.sum !== undefined) o.sample_sum = h.sum;
  o.bucket = h.buckets.map((b) => {
    const bo: Obj = { cumulative_count: uint64(b.cumulativeCount, b.cumulativeCountExact), upper_bound: b.upperBound };
    if (b.cumulativeCountFloat !== undefined) bo.cumulative_count_float = b.cumulativeCountFloat;
    if (b.exemplar) bo.exemplar = exemplarOut(b.exemplar);
    return bo;
  });
  if (created !== undefined) o.created_timestamp = timestampOut(created);
  const n = h.native;
  if (n) {
    if (n.schema !== undefined) o.schema = n.schema;
    if (n.zeroThreshold !== undefined) o.zero_threshold = n.zeroThreshold;
    if (n.zeroCount !== undefined) o.zero_count = uint64(n.zeroCount, n.zeroCountExact);
    if (n.zeroCountFloat !== undefined) o.zero_count_float = n.zeroCountFloat;
    o.negative_span = n.negativeSpans.map((s) => ({ offset: s.offset, length: s.length }));
    o.negative_delta = deltasOut(n.negativeDeltas, n.negativeDeltasExact);
    o.negative_count = n.negativeCounts;
    o.positive_span = n.positiveSpans.map((s) => ({ offset: s.offset, length: s.length }));
    o.positive_delta = deltasOut(n.positiveDeltas, n.positiveDeltasExact);
    o.positive_count = n.positiveCounts;
    if (n.exemplars) o.exemplars = n.exemplars.map(exemplarOut);
  }
  return o;
}

function metricOut(m: Metric, type: number): Obj {
  const o: Obj = { label: labelsOut(m.labels) };
  const valueField =
    m.valueType ?? (type === 0 ? 'counter' : type === 1 ? 'gauge' : type === 3 ? 'untyped' : undefined);
  if (valueField !== undefined && m.value !== undefined) o[valueField] = { value: m.value };
  if (m.exemplar) ((o.counter ??= {}) as Obj).exemplar = exemplarOut(m.exemplar);
  if (type === 0 && m.createdTimestamp !== undefined)
    ((o.counter ??= {}) as Obj).created_timestamp = timestampOut(m.createdTimestamp);
  const s = m.summary;
  if (s) {
    const so: Obj = {};
    if (s.count !== undefined) so.sample_count = uint64(s.count, s.countExact);
    if (s.sum !== undefined) so.sample_sum = s.sum;
    so.quantile = s.quantiles.map((q) => ({ quantile: q.quantile, value: q.value }));
    if (type === 2 && m.createdTimestamp !== undefined) so.created_timestamp = timestampOut(m.createdTimestamp);
    o.summary = so;
  }
  if (m.histogram) o.histogram = histogramOut(m.histogram, type === 4 || type === 5 ? m.createdTimestamp : undefined);
  if (m.timestampMs !== undefined) o.timestamp_ms = int64(m.timestampMs, m.timestampMsExact);
  return o;
}

function familyOut(f: MetricFamily): Obj {
  const type = protoTypeNumber(f.type);
  if (type === undefined) throw new SerializeError(`unknown metric type ${protoTypeName(f.type)}`, f.name);
  const o: Obj = { name: f.name };
  if (f.help !== undefined) o.help = f.help;
  o.type = type;
  o.metric = f.metrics.map((m) => metricOut(m, type));
  if (f.unit !== undefined) o.unit = f.unit;
  return o;
}

/**
 * Encodes one family as a length-delimited `MetricFamily` message. Value
 * fields follow the family type (`counter`/`gauge`/`untyped`; `unknown` is
 * `UNTYPED`), a metric's exemplar goes to `Counter.exemplar`, `createdTimestamp`
 * to the counter/summary/histogram's `created_timestamp`, native-histogram
 * fields are written back as read. Unset optional fields are not written.
 * NaN is written with the bits of Go's `math.NaN()`, as the reference writes
 * every NaN it parsed. Throws a {@link SerializeError} for `info`/`stateset`
 * families (no enum value).
 */
export function encodeProtobufFamily(f: MetricFamily): Uint8Array {
  const w = new GoWriter();
  encodeFamily(f, w);
  return w.finish();
}

/**
 * Encodes families as a protobuf delimited stream, in the order given,
 * byte-identical to the reference (`pbutil.WriteDelimited` of each family, as
 * `expfmt-oracle -out proto` writes it) for models it can express. Does not
 * mutate its input; returns a new buffer. See {@link encodeProtobufFamily}.
 */
export function encodeProtobuf(families: readonly MetricFamily[]): Uint8Array {
  const w = new GoWriter();
  for (const f of families) encodeFamily(f, w);
  return w.finish();
}

/** A reader that remembers the raw bytes of strings that are not valid UTF-8 (they decode with U+FFFD). */
class CheckingReader extends protobuf.Reader {
  bad: Map<string, Uint8Array> | undefined;

  override string(): string {
    const bytes = this.bytes();
    const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
    if (!isUtf8(bytes)) (this.bad ??= new Map()).set(s, bytes.slice());
    return s;
  }
}

function has(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function arr(o: Obj, k: string): Obj[] {
  return has(o, k) ? (o[k] as Obj[]) : [];
}

function labelsIn(o: Obj): Label[] {
  return arr(o, 'label').map((l) => ({
    name: has(l, 'name') ? (l.name as string) : '',
    value: has(l, 'value') ? (l.value as string) : '',
  }));
}

function exemplarIn(o: Obj): Exemplar {
  const e: Exemplar = { labels: labelsIn(o), value: has(o, 'value') ? (o.value as number) : 0 };
  if (has(o, 'timestamp')) e.timestamp = timestampIn(o.timestamp as Obj);
  return e;
}

function histogramIn(o: Obj): HistogramValue {
  const h: HistogramValue = { buckets: [] };
  if (has(o, 'sample_count')) {
    h.count = toNumber(o.sample_count);
    const exact = exactOf(o.sample_count);
    if (exact !== undefined) h.countExact = exact;
  }
  if (has(o, 'sample_count_float')) h.countFloat = o.sample_count_float as number;
  if (has(o, 'sample_sum')) h.sum = o.sample_sum as number;
  for (const b of arr(o, 'bucket')) {
    const bucket: Bucket = {
      upperBound: has(b, 'upper_bound') ? (b.upper_bound as number) : 0,
      cumulativeCount: has(b, 'cumulative_count') ? toNumber(b.cumulative_count) : 0,
    };
    const exact = has(b, 'cumulative_count') ? exactOf(b.cumulative_count) : undefined;
    if (exact !== undefined) bucket.cumulativeCountExact = exact;
    if (has(b, 'cumulative_count_float')) bucket.cumulativeCountFloat = b.cumulative_count_float as number;
    if (has(b, 'exemplar')) bucket.exemplar = exemplarIn(b.exemplar as Obj);
    h.buckets.push(bucket);
  }
  // protobufjs gives every repeated field an own (empty) array: native fields count when set or non-empty.
  const scalarKeys = ['schema', 'zero_threshold', 'zero_count', 'zero_count_float'];
  const repeatedKeys = [
    'negative_span',
    'negative_delta',
    'negative_count',
    'positive_span',
    'positive_delta',
    'positive_count',
    'exemplars',
  ];
  if (scalarKeys.some((k) => has(o, k)) || repeatedKeys.some((k) => arr(o, k).length > 0)) {
    const spans = (k: string) =>
      arr(o, k).map((s) => ({
        offset: has(s, 'offset') ? (s.offset as number) : 0,
        length: has(s, 'length') ? (s.length as number) : 0,
      }));
    const negative = deltasIn(arr(o, 'negative_delta'));
    const positive = deltasIn(arr(o, 'positive_delta'));
    const n: NonNullable<HistogramValue['native']> = {
      negativeSpans: spans('negative_span'),
      negativeDeltas: negative.numbers,
      negativeCounts: has(o, 'negative_count') ? (o.negative_count as number[]).slice() : [],
      positiveSpans: spans('positive_span'),
      positiveDeltas: positive.numbers,
      positiveCounts: has(o, 'positive_count') ? (o.positive_count as number[]).slice() : [],
    };
    if (negative.exact) n.negativeDeltasExact = negative.exact;
    if (positive.exact) n.positiveDeltasExact = positive.exact;
    if (has(o, 'schema')) n.schema = o.schema as number;
    if (has(o, 'zero_threshold')) n.zeroThreshold = o.zero_threshold as number;
    if (has(o, 'zero_count')) {
      n.zeroCount = toNumber(o.zero_count);
      const exact = exactOf(o.zero_count);
      if (exact !== undefined) n.zeroCountExact = exact;
    }
    if (has(o, 'zero_count_float')) n.zeroCountFloat = o.zero_count_float as number;
    if (arr(o, 'exemplars').length > 0) n.exemplars = arr(o, 'exemplars').map(exemplarIn);
    h.native = n;
  }
  return h;
}

const VALUE_FIELDS = ['gauge', 'counter', 'untyped'] as const;

function metricIn(o: Obj, type: MetricFamily['type'], asPushed: boolean): Metric {
  const m: Metric = { labels: labelsIn(o) };
  if (has(o, 'timestamp_ms')) {
    m.timestampMs = toNumber(o.timestamp_ms);
    const exact = exactOf(o.timestamp_ms);
    if (exact !== undefined) m.timestampMsExact = exact;
  }
  const field =
    type === 'counter' ? 'counter' : type === 'gauge' ? 'gauge' : type === 'untyped' ? 'untyped' : undefined;
  if (field !== undefined && has(o, field) && has(o[field] as Obj, 'value'))
    m.value = (o[field] as Obj).value as number;
  else if (asPushed) {
    // The first value field present (in field order), remembered so that the check can name it.
    const other = VALUE_FIELDS.find((k) => has(o, k) && has(o[k] as Obj, 'value'));
    if (other !== undefined) {
      m.value = (o[other] as Obj).value as number;
      m.valueType = other;
    }
  }
  let created: Obj | undefined;
  if (has(o, 'counter')) {
    const c = o.counter as Obj;
    if (has(c, 'exemplar')) m.exemplar = exemplarIn(c.exemplar as Obj);
    if (has(c, 'created_timestamp')) created = c.created_timestamp as Obj;
  }
  if (has(o, 'summary')) {
    const s = o.summary as Obj;
    m.summary = {
      quantiles: arr(s, 'quantile').map((q) => ({
        quantile: has(q, 'quantile') ? (q.quantile as number) : 0,
        value: has(q, 'value') ? (q.value as number) : 0,
      })),
    };
    if (has(s, 'sample_count')) {
      m.summary.count = toNumber(s.sample_count);
      const exact = exactOf(s.sample_count);
      if (exact !== undefined) m.summary.countExact = exact;
    }
    if (has(s, 'sample_sum')) m.summary.sum = s.sample_sum as number;
    if (has(s, 'created_timestamp')) created = s.created_timestamp as Obj;
  }
  if (has(o, 'histogram')) {
    const h = o.histogram as Obj;
    m.histogram = histogramIn(h);
    if (has(h, 'created_timestamp')) created = h.created_timestamp as Obj;
  }
  if (created) m.createdTimestamp = timestampIn(created);
  return m;
}

function quoted(s: string, bad: Map<string, Uint8Array> | undefined): string {
  const raw = bad?.get(s);
  return raw ? goQuoteBytes(raw) : goQuote(s);
}

/** Options of {@link decodeProtobuf}. */
export interface DecodeProtobufOptions {
  /**
   * Read a push as the Pushgateway reads it (no checks beyond the family
   * name and UTF-8), leaving the rest to its consistency check: label names
   * are not checked, and a metric whose value sits in the field of another
   * type keeps it, with `valueType` naming that field. Default `false`.
   */
  asPushed?: boolean;
}

/**
 * Decodes a protobuf delimited stream into families, in stream order (a name
 * may repeat; nothing is merged), as the reference decoder
 * (`expfmt.NewDecoder(r, FmtProtoDelim)`, 0.39) reads it: a missing type is
 * `counter` (the proto default); the metric value is taken from the field
 * that matches the family type (value fields of other types are dropped);
 * native-histogram fields are kept in `histogram.native`. Like the reference,
 * it refuses a family with an invalid or empty name, a label value that is
 * not UTF-8 or an invalid label name, and a length prefix longer than 5
 * bytes; a body shorter than its length is `unexpected EOF`. Also like the
 * reference, input that ends inside a length prefix, or right after one,
 * ends the stream silently. Throws {@link ProtobufDecodeError}. See
 * {@link DecodeProtobufOptions.asPushed} for the gateway's reading.
 */
export function decodeProtobuf(bytes: Uint8Array, options: DecodeProtobufOptions = {}): MetricFamily[] {
  const asPushed = options.asPushed === true;
  const out: MetricFamily[] = [];
  const n = bytes.length;
  let pos = 0;
  while (pos < n) {
    const start = pos;
    let len = 0;
    let shift = 0;
    let done = false;
    for (let k = 0; k < 5 && pos < n; k++) {
      const b = bytes[pos++];
      len += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) {
        done = true;
        break;
      }
    }
    if (!done) {
      if (pos - start >= 5) throw new ProtobufDecodeError('invalid varint32 encountered', start);
      break; // The input ended inside the length prefix.
    }
    if (len > 0 && pos === n) break;
    if (n - pos < len) throw new ProtobufDecodeError('unexpected EOF', start);
    const reader = new CheckingReader(bytes.subarray(pos, pos + len));
    let msg: Obj;
    try {
      msg = MetricFamilyType.decode(reader) as unknown as Obj;
    } catch (e) {
      throw new ProtobufDecodeError(`proto: ${(e as Error).message}`, start);
    }
    pos += len;
    const bad = reader.bad;
    const name = has(msg, 'name') ? (msg.name as string) : '';
    if (!isValidMetricName(name) || bad?.has(name))
      throw new ProtobufDecodeError(`invalid metric name ${quoted(name, bad)}`, start);
    const typeNumber = has(msg, 'type') ? (msg.type as number) : 0;
    const type = modelType(typeNumber);
    if (type === undefined)
      throw new ProtobufDecodeError(`unknown metric type ${typeNumber} in family "${name}"`, start);
    const family: MetricFamily = { name, type, metrics: [] };
    if (has(msg, 'help')) {
      // HELP is not checked for UTF-8 (as by the reference): keep its bytes.
      const raw = bad?.get(msg.help as string);
      family.help = raw ? decodeUtf8Lenient(raw) : (msg.help as string);
      if (raw) family.helpBytes = raw;
    }
    if (has(msg, 'unit')) family.unit = msg.unit as string;
    for (const mo of arr(msg, 'metric')) {
      const m = metricIn(mo, type, asPushed);
      for (const l of m.labels) {
        if (bad?.has(l.value)) throw new ProtobufDecodeError(`invalid label value ${quoted(l.value, bad)}`, start);
        if (!asPushed && !isValidLabelName(l.name))
          throw new ProtobufDecodeError(`invalid label name ${quoted(l.name, bad)}`, start);
      }
      family.metrics.push(m);
    }
    out.push(family);
  }
  return out;
}
