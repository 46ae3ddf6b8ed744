import type { Exemplar, Label, Metric, MetricFamily, MetricType } from './types.js';
import { protoTypeName } from './proto-types.js';
import { formatGoFloat } from './values.js';
import { Char } from './chars.js';

/**
 * The `%s` of a client_model message as Go error messages embed it
 * (client_golang's consistency errors, expfmt's refusals to write): the
 * golang/protobuf 1.3 compact text format (the version the Pushgateway 1.5.1
 * and the oracle are built with). Every field is followed by one space,
 * nested messages use `<…>`, strings escape bytes (printable ASCII stays,
 * `\n \r \t \" \\`, everything else `\ooo` octal), floats print as Go
 * `%v` (`1e+06`, `0.5`) with `inf`, `-inf`, `nan`.
 */

/** A string field as golang/protobuf 1.3 writes it: byte-wise, octal escapes for non-printable bytes and all non-ASCII. */
function protoTextString(s: string): string {
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === Char.QUOTE || c === Char.BACKSLASH) {
      plain = false;
      break;
    }
  }
  if (plain) return '"' + s + '"';
  const bytes = new TextEncoder().encode(s);
  let out = '"';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === Char.LF) out += '\\n';
    else if (c === Char.CR) out += '\\r';
    else if (c === Char.TAB) out += '\\t';
    else if (c === Char.QUOTE) out += '\\"';
    else if (c === Char.BACKSLASH) out += '\\\\';
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += '\\' + c.toString(8).padStart(3, '0');
  }
  return out + '"';
}

/** A double as Go's `fmt.Fprint` writes it inside the text format (`inf`, `-inf`, `nan` for the specials). */
function protoTextFloat(v: number): string {
  if (v !== v) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return formatGoFloat(v);
}

/** An integer field (uint64 count, int64 timestamp) held in a double, in decimal; fractions are truncated as on the wire. */
function protoTextInteger(v: number): string {
  const t = Math.trunc(v);
  return Number.isSafeInteger(t) ? String(t) : Number.isFinite(t) ? BigInt(t).toString() : String(t);
}

function labelPairs(labels: readonly Label[]): string {
  let s = '';
  for (const l of labels) s += `label:<name:${protoTextString(l.name)} value:${protoTextString(l.value)} > `;
  return s;
}

function exemplarText(e: Exemplar): string {
  let s = `exemplar:<${labelPairs(e.labels)}value:${protoTextFloat(e.value)} `;
  if (e.timestamp !== undefined) {
    // google.protobuf.Timestamp is proto3: zero fields are not written.
    const seconds = Math.floor(e.timestamp);
    const nanos = Math.round((e.timestamp - seconds) * 1e9);
    s += 'timestamp:<';
    if (seconds !== 0) s += `seconds:${seconds} `;
    if (nanos !== 0) s += `nanos:${nanos} `;
    s += '> ';
  }
  return s + '> ';
}

/** The `dto.Metric` field that carries a plain value of a family of type `kind`. */
function valueField(kind: MetricType): 'counter' | 'gauge' | 'untyped' {
  return kind === 'counter' ? 'counter' : kind === 'gauge' ? 'gauge' : 'untyped';
}

/**
 * Renders `metric` as golang/protobuf 1.3's `CompactTextString` of the
 * `dto.Metric` it stands for, with the trailing space Go leaves
 * (`label:<name:"job" value:"a" > gauge:<value:2 > `). `kind` is the type of
 * the family the metric was pushed in: it decides whether a plain `value` is
 * a `counter`, `gauge` or `untyped` field. Field order is client_model's:
 * label, gauge, counter, summary, untyped, histogram, timestamp_ms (client_model
 * 0.3, which has no native-histogram exemplars: those are not written).
 */
export function protoCompactMetric(metric: Metric, kind: MetricType): string {
  let s = labelPairs(metric.labels);
  const field = valueField(kind);
  let simple = '';
  if (metric.value !== undefined || (field === 'counter' && metric.exemplar)) {
    simple = `${field}:<`;
    if (metric.value !== undefined) simple += `value:${protoTextFloat(metric.value)} `;
    if (field === 'counter' && metric.exemplar) simple += exemplarText(metric.exemplar);
    simple += '> ';
  }
  if (field === 'gauge') s += simple;
  if (field === 'counter') s += simple;
  const sm = metric.summary;
  if (sm) {
    s += 'summary:<';
    if (sm.count !== undefined) s += `sample_count:${protoTextInteger(sm.count)} `;
    if (sm.sum !== undefined) s += `sample_sum:${protoTextFloat(sm.sum)} `;
    for (const q of sm.quantiles)
      s += `quantile:<quantile:${protoTextFloat(q.quantile)} value:${protoTextFloat(q.value)} > `;
    s += '> ';
  }
  if (field === 'untyped') s += simple;
  const h = metric.histogram;
  if (h) {
    s += 'histogram:<';
    if (h.count !== undefined) s += `sample_count:${protoTextInteger(h.count)} `;
    if (h.countFloat !== undefined) s += `sample_count_float:${protoTextFloat(h.countFloat)} `;
    if (h.sum !== undefined) s += `sample_sum:${protoTextFloat(h.sum)} `;
    for (const b of h.buckets) {
      s += `bucket:<cumulative_count:${protoTextInteger(b.cumulativeCount)} `;
      if (b.cumulativeCountFloat !== undefined)
        s += `cumulative_count_float:${protoTextFloat(b.cumulativeCountFloat)} `;
      s += `upper_bound:${protoTextFloat(b.upperBound)} `;
      if (b.exemplar) s += exemplarText(b.exemplar);
      s += '> ';
    }
    const n = h.native;
    if (n) {
      if (n.schema !== undefined) s += `schema:${n.schema} `;
      if (n.zeroThreshold !== undefined) s += `zero_threshold:${protoTextFloat(n.zeroThreshold)} `;
      if (n.zeroCount !== undefined) s += `zero_count:${protoTextInteger(n.zeroCount)} `;
      if (n.zeroCountFloat !== undefined) s += `zero_count_float:${protoTextFloat(n.zeroCountFloat)} `;
      for (const sp of n.negativeSpans) s += `negative_span:<offset:${sp.offset} length:${sp.length} > `;
      for (const d of n.negativeDeltas) s += `negative_delta:${protoTextInteger(d)} `;
      for (const c of n.negativeCounts) s += `negative_count:${protoTextFloat(c)} `;
      for (const sp of n.positiveSpans) s += `positive_span:<offset:${sp.offset} length:${sp.length} > `;
      for (const d of n.positiveDeltas) s += `positive_delta:${protoTextInteger(d)} `;
      for (const c of n.positiveCounts) s += `positive_count:${protoTextFloat(c)} `;
    }
    s += '> ';
  }
  if (metric.timestampMs !== undefined) s += `timestamp_ms:${protoTextInteger(metric.timestampMs)} `;
  return s;
}

/**
 * Renders `family` as golang/protobuf 1.3's `CompactTextString` of the
 * `dto.MetricFamily` it stands for (`name:"x" help:"h" type:GAUGE metric:<…> `):
 * the embedded `%s` of expfmt's refusals to write a family.
 */
export function protoCompactFamily(family: MetricFamily): string {
  let s = `name:${protoTextString(family.name)} `;
  if (family.help !== undefined) s += `help:${protoTextString(family.help)} `;
  s += `type:${protoTypeName(family.type)} `;
  for (const m of family.metrics) s += `metric:<${protoCompactMetric(m, m.valueType ?? family.type)}> `;
  return s;
}

/**
 * The multi-line form of a compact text (golang/protobuf 1.3's
 * `MarshalTextString`): one field per line, `name: value`, nested messages
 * as `name: <` … `>` indented by two spaces. The compact text's tokens are
 * separated by spaces outside quoted strings.
 */
export function protoTextLines(compact: string): string {
  let out = '';
  let indent = '';
  let i = 0;
  const n = compact.length;
  while (i < n) {
    if (compact[i] === ' ') {
      i++;
      continue;
    }
    if (compact[i] === '>') {
      indent = indent.slice(2);
      out += indent + '>\n';
      i++;
      continue;
    }
    const colon = compact.indexOf(':', i);
    const name = compact.slice(i, colon);
    i = colon + 1;
    if (compact[i] === '<') {
      out += `${indent}${name}: <\n`;
      indent += '  ';
      i++;
      continue;
    }
    let j = i;
    if (compact[j] === '"') {
      for (j++; compact[j] !== '"'; j++) if (compact[j] === '\\') j++;
      j++;
    } else while (j < n && compact[j] !== ' ') j++;
    out += `${indent}${name}: ${compact.slice(i, j)}\n`;
    i = j;
  }
  return out;
}
