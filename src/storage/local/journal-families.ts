import type { Label, Metric, MetricFamily } from '../../model/types.js';
import { rawHelpBytes } from '../../model/exact.js';
import { protoTypeNumber } from '../../model/proto-types.js';
import { encodeProtobufFamily } from '../../serialize/index.js';

/**
 * The families of a journal record as a protobuf delimited stream, the same
 * bytes as `encodeProtobuf` gives, written directly for the families pushes
 * usually hold: counters, gauges, untyped, summaries and classic histograms
 * whose metrics have labels and values only (no timestamp, exemplar, created
 * time, unit, exact-integer or raw-HELP sidecar, native buckets). Any other
 * family goes through `encodeProtobufFamily`. Writing the common ones
 * directly costs a fraction of building protobufjs messages for them, and
 * every acknowledged push is journaled.
 */

// Field tags (field number << 3 | wire type); every field number is below 16, so one byte each.
const VARINT = 0;
const I64 = 1;
const LEN = 2;
const tag = (field: number, wire: number): number => (field << 3) | wire;

/** The `Metric` field of each scalar type's value message (counter, gauge, untyped). */
const VALUE_FIELD = [3, 2, -1, 5];
const TYPE_SUMMARY = 2;
const TYPE_HISTOGRAM = 4;

/** Go's `math.NaN()` as little-endian bytes (what the reference writes for every NaN). */
const GO_NAN = [0x01, 0, 0, 0, 0, 0, 0xf8, 0x7f];

function varintSize(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** Bytes of a length-delimited field holding `len` bytes. */
const lenFieldSize = (len: number): number => 1 + varintSize(len) + len;

/** UTF-8 length of `s`, counted directly for short ASCII strings. */
function utf8Size(s: string): number {
  const n = s.length;
  if (n > 64) return Buffer.byteLength(s, 'utf8');
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) > 0x7f) return Buffer.byteLength(s, 'utf8');
  return n;
}

/** Whether `v` is written as a varint of its value (uint64 without an exact sidecar). */
const isCount = (v: number | undefined): boolean => v === undefined || (Number.isSafeInteger(v) && v >= 0);

/** Whether a metric of a family of proto type `type` has only what this file writes. */
function plainMetric(m: Metric, type: number): boolean {
  if (
    m.timestampMs !== undefined ||
    m.exemplar !== undefined ||
    m.createdTimestamp !== undefined ||
    m.valueType !== undefined
  )
    return false;
  const s = m.summary;
  if (s !== undefined && (type !== TYPE_SUMMARY || s.countExact !== undefined || !isCount(s.count))) return false;
  const h = m.histogram;
  if (h !== undefined) {
    if (type !== TYPE_HISTOGRAM || h.native !== undefined || h.countFloat !== undefined) return false;
    if (h.countExact !== undefined || !isCount(h.count)) return false;
    for (const b of h.buckets)
      if (
        b.exemplar !== undefined ||
        b.cumulativeCountFloat !== undefined ||
        b.cumulativeCountExact !== undefined ||
        !isCount(b.cumulativeCount)
      )
        return false;
  }
  return true;
}

/** The proto type number of a family this file writes itself, else `undefined`. */
function plainType(f: MetricFamily): number | undefined {
  const type = protoTypeNumber(f.type);
  if (type === undefined || type > TYPE_HISTOGRAM || f.unit !== undefined || rawHelpBytes(f) !== undefined)
    return undefined;
  for (const m of f.metrics) if (!plainMetric(m, type)) return undefined;
  return type;
}

/**
 * Sizes of the nested messages of the families being written, in the
 * order the writer meets them (each message before its children): filled
 * by the sizing pass, read by the writing pass.
 */
class Sizes {
  readonly list: number[] = [];
  at = 0;

  /** Reserves a slot for a message whose size is known once its children are sized. */
  reserve(): number {
    this.list.push(0);
    return this.list.length - 1;
  }

  set(slot: number, size: number): number {
    this.list[slot] = size;
    return size;
  }

  next(): number {
    return this.list[this.at++];
  }
}

function labelSize(l: Label): number {
  return lenFieldSize(utf8Size(l.name)) + lenFieldSize(utf8Size(l.value));
}

function metricSize(m: Metric, type: number, sizes: Sizes): number {
  const slot = sizes.reserve();
  let n = 0;
  // A label's size is computed again when it is written: cheaper than a slot per label.
  for (const l of m.labels) n += lenFieldSize(labelSize(l));
  if (type === TYPE_SUMMARY) {
    const s = m.summary;
    if (s) {
      let sn = s.count === undefined ? 0 : 1 + varintSize(s.count);
      if (s.sum !== undefined) sn += 9;
      sn += s.quantiles.length * lenFieldSize(18);
      n += lenFieldSize(sizes.set(sizes.reserve(), sn));
    }
  } else if (type === TYPE_HISTOGRAM) {
    const h = m.histogram;
    if (h) {
      const hslot = sizes.reserve();
      let hn = h.count === undefined ? 0 : 1 + varintSize(h.count);
      if (h.sum !== undefined) hn += 9;
      for (const b of h.buckets) hn += lenFieldSize(sizes.set(sizes.reserve(), 1 + varintSize(b.cumulativeCount) + 9));
      n += lenFieldSize(sizes.set(hslot, hn));
    }
  } else if (m.value !== undefined) n += lenFieldSize(9);
  return sizes.set(slot, n);
}

function familySize(f: MetricFamily, type: number, sizes: Sizes): number {
  const slot = sizes.reserve();
  let n = lenFieldSize(utf8Size(f.name)) + 1 + varintSize(type);
  if (f.help !== undefined) n += lenFieldSize(utf8Size(f.help));
  for (const m of f.metrics) n += lenFieldSize(metricSize(m, type, sizes));
  return sizes.set(slot, n);
}

/** Writes into one preallocated buffer. */
class Out {
  off = 0;
  constructor(readonly buf: Buffer) {}

  byte(b: number): void {
    this.buf[this.off++] = b;
  }

  varint(v: number): void {
    while (v >= 128) {
      this.buf[this.off++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    this.buf[this.off++] = v;
  }

  double(field: number, v: number): void {
    this.byte(tag(field, I64));
    if (v !== v) for (const b of GO_NAN) this.byte(b);
    else {
      this.buf.writeDoubleLE(v, this.off);
      this.off += 8;
    }
  }

  string(field: number, s: string): void {
    this.byte(tag(field, LEN));
    const n = s.length;
    let ascii = n <= 64;
    for (let i = 0; ascii && i < n; i++) if (s.charCodeAt(i) > 0x7f) ascii = false;
    if (ascii) {
      this.varint(n);
      for (let i = 0; i < n; i++) this.buf[this.off++] = s.charCodeAt(i);
    } else {
      this.varint(Buffer.byteLength(s, 'utf8'));
      this.off += this.buf.write(s, this.off, 'utf8');
    }
  }

  message(field: number, size: number): void {
    this.byte(tag(field, LEN));
    this.varint(size);
  }
}

/** Fields 1 (`sample_count`) and 2 (`sample_sum`) of a summary or histogram. */
function writeCountAndSum(o: Out, v: { count?: number; sum?: number }): void {
  if (v.count !== undefined) {
    o.byte(tag(1, VARINT));
    o.varint(v.count);
  }
  if (v.sum !== undefined) o.double(2, v.sum);
}

function writeMetric(o: Out, m: Metric, type: number, sizes: Sizes): void {
  for (const l of m.labels) {
    o.message(1, labelSize(l));
    o.string(1, l.name);
    o.string(2, l.value);
  }
  if (type === TYPE_SUMMARY) {
    const s = m.summary;
    if (!s) return;
    o.message(4, sizes.next());
    writeCountAndSum(o, s);
    for (const q of s.quantiles) {
      o.message(3, 18);
      o.double(1, q.quantile);
      o.double(2, q.value);
    }
  } else if (type === TYPE_HISTOGRAM) {
    const h = m.histogram;
    if (!h) return;
    o.message(7, sizes.next());
    writeCountAndSum(o, h);
    for (const b of h.buckets) {
      o.message(3, sizes.next());
      o.byte(tag(1, VARINT));
      o.varint(b.cumulativeCount);
      o.double(2, b.upperBound);
    }
  } else if (m.value !== undefined) {
    o.message(VALUE_FIELD[type], 9);
    o.double(1, m.value);
  }
}

function writeFamily(o: Out, f: MetricFamily, type: number, sizes: Sizes): void {
  o.varint(sizes.next());
  o.string(1, f.name);
  if (f.help !== undefined) o.string(2, f.help);
  o.byte(tag(3, VARINT));
  o.varint(type);
  for (const m of f.metrics) {
    o.message(4, sizes.next());
    writeMetric(o, m, type, sizes);
  }
}

/**
 * Encodes families as a protobuf delimited stream, byte for byte what
 * `encodeProtobuf` writes. Throws what it throws (a family the protobuf
 * format cannot carry).
 */
export function encodeJournalFamilies(families: readonly MetricFamily[]): Uint8Array {
  const types = families.map(plainType);
  const sizes = new Sizes();
  const other: (Uint8Array | undefined)[] = new Array(families.length);
  let total = 0;
  for (let i = 0; i < families.length; i++) {
    const type = types[i];
    if (type === undefined) {
      const bytes = encodeProtobufFamily(families[i]);
      other[i] = bytes;
      total += bytes.length;
    } else {
      const n = familySize(families[i], type, sizes);
      total += varintSize(n) + n;
    }
  }
  const o = new Out(Buffer.allocUnsafe(total));
  for (let i = 0; i < families.length; i++) {
    const type = types[i];
    const bytes = other[i];
    if (bytes !== undefined) {
      o.buf.set(bytes, o.off);
      o.off += bytes.length;
    } else writeFamily(o, families[i], type!, sizes);
  }
  if (o.off !== total) throw new Error(`journal record: wrote ${o.off} bytes of ${total}`);
  return o.buf;
}
