import type { Exemplar, Metric, MetricFamily } from '../model/types.js';
import { formatGoFloat, toUint64 } from '../model/values.js';
import { checkFamilyName, checkLabels, checkTimestamp } from './guard.js';
import { metricProtoText, familyProtoText } from './proto-text.js';
import { escapeValue, sortFamiliesByName, type FamilyRenderer } from './renderer.js';
import { SerializeError } from './serialize-error.js';
import { protoTypeName } from './types-map.js';
import { labelPrefix, renderAll } from './text.js';
import { goUnixSeconds } from './seconds.js';

/** Options of {@link serializeOpenMetrics}. */
export interface OpenMetricsOptions {
  /** Write families sorted by name instead of in the order given. Default `false`. */
  sortByName?: boolean;
}

const SIMPLE = 1;
const SUMMARY = 2;
const HISTOGRAM = 3;

/** A float as `writeOpenMetricsFloat` spells it: Go `%g`, plus `.0` when that has neither `.` nor `e`. */
export function formatOpenMetricsFloat(v: number): string {
  if (v === 0) return '0.0';
  const s = formatGoFloat(v);
  if (v !== v || v === Infinity || v === -Infinity) return s;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 /* . */ || c === 101 /* e */) return s;
  }
  return s + '.0';
}

const TWO_64 = 18446744073709551616;

/**
 * A uint64 count as `writeUint` spells it. Model counts are doubles:
 * non-integral or negative ones are converted as Go's `uint64(float64)`, and
 * 2^64 (the double nearest to the largest uint64 values) is written as 2^64-1.
 */
function formatCount(v: number): string {
  const u = Number.isInteger(v) && v >= 0 ? v : toUint64(v);
  if (u <= Number.MAX_SAFE_INTEGER) return String(u);
  return u >= TWO_64 ? '18446744073709551615' : BigInt(u).toString();
}

function exemplarText(family: string, e: Exemplar): string {
  const lp = labelPrefix(family, e.labels, '');
  let s = ' # ' + (lp === '' ? '{} ' : lp + '} ') + formatOpenMetricsFloat(e.value);
  if (e.timestamp !== undefined) s += ' ' + formatOpenMetricsFloat(goUnixSeconds(e.timestamp));
  return s;
}

/**
 * The OpenMetrics 1.0 writer: `expfmt.MetricFamilyToOpenMetrics` (0.39) byte
 * for byte: counters named `x_total` get `# TYPE x counter`, other counters
 * and untyped/unknown families `unknown`; floats always carry `.0` or an
 * exponent; counts are integers; timestamps are seconds; counter and bucket
 * exemplars are written; HELP escapes `"` too. Like the reference it writes
 * no `# UNIT` and no `_created` lines, and a family without metrics gets its
 * metadata only. One deliberate difference: an exemplar without labels is
 * written `# {} 1.0`, where expfmt 0.39 writes `#  1.0`, which OpenMetrics
 * parsers reject.
 */
export class OpenMetricsRenderer implements FamilyRenderer {
  private name = '';
  private type: MetricFamily['type'] = 'untyped';
  private kind = SIMPLE;

  begin(f: MetricFamily): string {
    const name = f.name;
    if (name === '') throw new SerializeError(`MetricFamily has no name: ${familyProtoText(f)}`, name);
    const isTotal = f.type === 'counter' && name.endsWith('_total');
    const shortName = isTotal ? name.slice(0, -6) : name;
    let typeLine: string;
    switch (f.type) {
      case 'counter': typeLine = isTotal ? ' counter\n' : ' unknown\n'; this.kind = SIMPLE; break;
      case 'gauge': typeLine = ' gauge\n'; this.kind = SIMPLE; break;
      case 'untyped':
      case 'unknown': typeLine = ' unknown\n'; this.kind = SIMPLE; break;
      case 'summary': typeLine = ' summary\n'; this.kind = SUMMARY; break;
      case 'histogram': typeLine = ' histogram\n'; this.kind = HISTOGRAM; break;
      default: throw new SerializeError(`unknown metric type ${protoTypeName(f.type)}`, name);
    }
    checkFamilyName(name);
    this.name = name;
    this.type = f.type;
    const head = f.help === undefined ? '' : '# HELP ' + shortName + ' ' + escapeValue(f.help) + '\n';
    return head + '# TYPE ' + shortName + typeLine;
  }

  metric(m: Metric): string {
    const name = this.name;
    let ts = '';
    if (m.timestampMs !== undefined) {
      checkTimestamp(name, m.timestampMs);
      ts = ' ' + formatOpenMetricsFloat(m.timestampMs / 1000);
    }
    const end = ts + '\n';
    if (this.kind === SIMPLE) {
      if (m.value === undefined) throw this.missing(m);
      const lp = labelPrefix(name, m.labels, '');
      const ex = this.type === 'counter' && m.exemplar ? exemplarText(name, m.exemplar) : '';
      return name + (lp === '' ? ' ' : lp + '} ') + formatOpenMetricsFloat(m.value) + ts + ex + '\n';
    }
    if (this.kind === SUMMARY) {
      const s = m.summary;
      if (s === undefined) throw this.missing(m);
      const lp = labelPrefix(name, m.labels, 'quantile');
      const open = lp === '' ? name + '{quantile="' : name + lp + ',quantile="';
      const plain = lp === '' ? ' ' : lp + '} ';
      let out = '';
      for (const q of s.quantiles) out += open + formatOpenMetricsFloat(q.quantile) + '"} ' + formatOpenMetricsFloat(q.value) + end;
      return out + name + '_sum' + plain + formatOpenMetricsFloat(s.sum ?? 0) + end + name + '_count' + plain + formatCount(s.count ?? 0) + end;
    }
    const h = m.histogram;
    if (h === undefined) throw this.missing(m);
    const lp = labelPrefix(name, m.labels, 'le');
    const open = lp === '' ? name + '_bucket{le="' : name + '_bucket' + lp + ',le="';
    const plain = lp === '' ? ' ' : lp + '} ';
    let out = '';
    let infSeen = false;
    for (const b of h.buckets) {
      if (b.upperBound === Infinity) infSeen = true;
      out += open + formatOpenMetricsFloat(b.upperBound) + '"} ' + formatCount(b.cumulativeCount) + ts +
        (b.exemplar ? exemplarText(name, b.exemplar) : '') + '\n';
    }
    const count = formatCount(h.count ?? 0);
    if (!infSeen) out += open + '+Inf"} ' + count + end;
    return out + name + '_sum' + plain + formatOpenMetricsFloat(h.sum ?? 0) + end + name + '_count' + plain + count + end;
  }

  finish(): string {
    return '# EOF\n';
  }

  private missing(m: Metric): SerializeError {
    const t = this.type === 'unknown' ? 'untyped' : this.type;
    return new SerializeError(`expected ${t} in metric ${this.name} ${metricProtoText(m, this.type)}`, this.name);
  }
}

/**
 * Serializes families as OpenMetrics 1.0 text followed by `# EOF\n`,
 * byte-identical to Go `expfmt.MetricFamilyToOpenMetrics` + `FinalizeOpenMetrics`
 * (prometheus/common 0.39); see {@link OpenMetricsRenderer} for the rules.
 * Families in the order given (or by name with `sortByName`); does not
 * mutate its input. Throws a {@link SerializeError} for what the reference
 * refuses (gauge histograms, `info`, `stateset`, a metric without the value
 * field of its family's type) and for names, label sets and timestamps the
 * text parsers would reject (see {@link serializeText}).
 */
export function serializeOpenMetrics(families: readonly MetricFamily[], options: OpenMetricsOptions = {}): string {
  return renderAll(options.sortByName ? sortFamiliesByName(families) : families, new OpenMetricsRenderer());
}
