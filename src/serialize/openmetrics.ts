import type { Exemplar, Metric, MetricFamily } from '../model/types.js';
import { formatGoFloat, toUint64 } from '../model/values.js';
import { checkFamilyName, checkTimestamp } from './guard.js';
import { protoCompactFamily, protoCompactMetric } from '../model/proto-text.js';
import { escapeValue, sortFamiliesByName, type FamilyRenderer } from './renderer.js';
import { SerializeError } from './serialize-error.js';
import { protoTypeName } from '../model/proto-types.js';
import { labelPrefix, renderAll } from './text.js';
import { goUnixSeconds } from './seconds.js';
import { exactInteger } from '../model/exact.js';

/** Options of {@link serializeOpenMetrics}. */
export interface OpenMetricsOptions {
  /** Write families sorted by name instead of in the order given. Default `false`. */
  sortByName?: boolean;
  /**
   * Write a `# UNIT` line after `# TYPE` for a family with a non-empty `unit`
   * (not for `info`/`stateset`, which OpenMetrics gives no unit). The unit
   * is written as given: OpenMetrics readers want it to end the family
   * name after `_`. Default `false` (expfmt 0.39 writes no UNIT).
   */
  unit?: boolean;
  /**
   * Write a `<name>_created` sample after the samples of a counter (named
   * `x_total`), summary or histogram metric that has a `createdTimestamp`,
   * with the metric's timestamp when it has one. Default `false` (expfmt
   * 0.39 writes no `_created`).
   */
  created?: boolean;
  /**
   * Write the OpenMetrics-only types instead of refusing them:
   * `gaugehistogram` (and `gauge_histogram`) with `_bucket`, `_gcount`,
   * `_gsum`; `info` (the family name must end with `_info`, the metadata
   * names it without); `stateset` (one sample per metric, the state label is
   * one of its labels). Exemplars go on a gauge histogram's buckets.
   * Default `false` (expfmt 0.39 refuses them).
   */
  openMetricsTypes?: boolean;
  /**
   * Leave out a summary's or histogram's `_count` and `_sum` (`_gcount`,
   * `_gsum`) when the model does not set them, as OpenMetrics allows,
   * instead of writing 0 as expfmt does. Default `false`.
   */
  omitUnset?: boolean;
  /**
   * Write timestamps so that they read back exactly: a sample's milliseconds
   * as an exact decimal number of seconds (`1700000000.123`), an exemplar's
   * seconds as the model holds them (shortest round-trip float). expfmt
   * writes `float64(ms)/1000` and `float64(UnixNano)/1e9`, which move large
   * or fractional timestamps by an ulp or more. Default `false`.
   */
  exactTimestamps?: boolean;
}

/** Every option of {@link serializeOpenMetrics} that writes model data expfmt 0.39 leaves out. */
export const OPENMETRICS_FULL: Readonly<OpenMetricsOptions> = Object.freeze({
  unit: true,
  created: true,
  openMetricsTypes: true,
  omitUnset: true,
  exactTimestamps: true,
});

const SIMPLE = 1;
const SUMMARY = 2;
const HISTOGRAM = 3;
const GAUGE_HISTOGRAM = 4;

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
 * A uint64 count as `writeUint` spells it: its exact sidecar when that
 * matches; else non-integral or negative doubles are converted as Go's
 * `uint64(float64)`, and 2^64 (the double nearest to the largest uint64
 * values) is written as 2^64-1.
 */
function formatCount(v: number, exact?: bigint): string {
  if (exact !== undefined && Number(exact) === v) return exact.toString();
  const u = Number.isInteger(v) && v >= 0 ? v : toUint64(v);
  if (u <= Number.MAX_SAFE_INTEGER) return String(u);
  return u >= TWO_64 ? '18446744073709551615' : BigInt(u).toString();
}

/** Integer milliseconds (within ±2^63) as an exact decimal number of seconds: `1500` → `1.5`, `-1` → `-0.001`, `5000` → `5.0`. */
function exactSeconds(ms: number, exact: bigint | undefined): string {
  const neg = ms < 0;
  const big = Number.isSafeInteger(ms) ? 0n : exactInteger(ms, exact);
  const digits = (Number.isSafeInteger(ms) ? String(Math.abs(ms)) : (neg ? -big : big).toString()).padStart(4, '0');
  const whole = digits.slice(0, -3);
  let frac = digits.slice(-3);
  while (frac.length > 1 && frac.charCodeAt(frac.length - 1) === 48 /* 0 */) frac = frac.slice(0, -1);
  return (neg ? '-' : '') + whole + '.' + frac;
}

function exemplarText(family: string, e: Exemplar, exact: boolean | undefined): string {
  const lp = labelPrefix(family, e.labels, '');
  let s = ' # ' + (lp === '' ? '{} ' : lp + '} ') + formatOpenMetricsFloat(e.value);
  if (e.timestamp !== undefined) s += ' ' + formatOpenMetricsFloat(exact ? e.timestamp : goUnixSeconds(e.timestamp));
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
  readonly helpEscapesQuotes = true;
  private name = '';
  private type: MetricFamily['type'] = 'untyped';
  private kind = SIMPLE;
  /** The `_created` sample name of the current family, `''` when none is written. */
  private createdName = '';
  private readonly options: OpenMetricsOptions;

  /** @param options what to write beyond expfmt 0.39's output (see {@link OpenMetricsOptions}); not retained beyond reading. */
  constructor(options: OpenMetricsOptions = {}) {
    this.options = {
      unit: options.unit === true,
      created: options.created === true,
      openMetricsTypes: options.openMetricsTypes === true,
      omitUnset: options.omitUnset === true,
      exactTimestamps: options.exactTimestamps === true,
    };
  }

  begin(f: MetricFamily): string {
    const name = f.name;
    if (name === '') throw new SerializeError(`MetricFamily has no name: ${protoCompactFamily(f)}`, name);
    const isTotal = f.type === 'counter' && name.endsWith('_total');
    let shortName = isTotal ? name.slice(0, -6) : name;
    const extended = this.options.openMetricsTypes === true;
    let typeLine: string;
    let created = false;
    switch (f.type) {
      case 'counter':
        typeLine = isTotal ? ' counter\n' : ' unknown\n';
        this.kind = SIMPLE;
        created = isTotal;
        break;
      case 'gauge':
        typeLine = ' gauge\n';
        this.kind = SIMPLE;
        break;
      case 'untyped':
      case 'unknown':
        typeLine = ' unknown\n';
        this.kind = SIMPLE;
        break;
      case 'summary':
        typeLine = ' summary\n';
        this.kind = SUMMARY;
        created = true;
        break;
      case 'histogram':
        typeLine = ' histogram\n';
        this.kind = HISTOGRAM;
        created = true;
        break;
      case 'gauge_histogram':
      case 'gaugehistogram':
        if (!extended) throw new SerializeError(`unknown metric type ${protoTypeName(f.type)}`, name);
        typeLine = ' gaugehistogram\n';
        this.kind = GAUGE_HISTOGRAM;
        break;
      case 'info':
        if (!extended) throw new SerializeError(`unknown metric type ${protoTypeName(f.type)}`, name);
        if (!name.endsWith('_info') || name.length === 5)
          throw new SerializeError(`info family ${JSON.stringify(name)} does not end with "_info"`, name);
        shortName = name.slice(0, -5);
        typeLine = ' info\n';
        this.kind = SIMPLE;
        break;
      case 'stateset':
        if (!extended) throw new SerializeError(`unknown metric type ${protoTypeName(f.type)}`, name);
        typeLine = ' stateset\n';
        this.kind = SIMPLE;
        break;
      default:
        throw new SerializeError(`unknown metric type ${protoTypeName(f.type)}`, name);
    }
    checkFamilyName(name);
    this.name = name;
    this.type = f.type;
    this.createdName = created && this.options.created ? shortName + '_created' : '';
    const head = f.help === undefined ? '' : '# HELP ' + shortName + ' ' + escapeValue(f.help) + '\n';
    let out = head + '# TYPE ' + shortName + typeLine;
    if (this.options.unit && f.unit !== undefined && f.unit !== '' && f.type !== 'info' && f.type !== 'stateset')
      out += '# UNIT ' + shortName + ' ' + f.unit + '\n';
    return out;
  }

  /** The `_created` line of a metric, or `''`. */
  private createdLine(m: Metric, lp: string | undefined, end: string): string {
    if (this.createdName === '' || m.createdTimestamp === undefined) return '';
    const prefix = lp ?? labelPrefix(this.name, m.labels, '');
    return this.createdName + (prefix === '' ? ' ' : prefix + '} ') + formatOpenMetricsFloat(m.createdTimestamp) + end;
  }

  metric(m: Metric): string {
    const name = this.name;
    let ts = '';
    if (m.timestampMs !== undefined) {
      checkTimestamp(name, m.timestampMs);
      ts =
        ' ' +
        (this.options.exactTimestamps
          ? exactSeconds(m.timestampMs, m.timestampMsExact)
          : formatOpenMetricsFloat(m.timestampMs / 1000));
    }
    const end = ts + '\n';
    if (this.kind === SIMPLE) {
      if (m.value === undefined) throw this.missing(m);
      const lp = labelPrefix(name, m.labels, '');
      const ex =
        this.type === 'counter' && m.exemplar ? exemplarText(name, m.exemplar, this.options.exactTimestamps) : '';
      return (
        name +
        (lp === '' ? ' ' : lp + '} ') +
        formatOpenMetricsFloat(m.value) +
        ts +
        ex +
        '\n' +
        this.createdLine(m, lp, end)
      );
    }
    if (this.kind === SUMMARY) {
      const s = m.summary;
      if (s === undefined) throw this.missing(m);
      const lp = labelPrefix(name, m.labels, 'quantile');
      const open = lp === '' ? name + '{quantile="' : name + lp + ',quantile="';
      const plain = lp === '' ? ' ' : lp + '} ';
      let out = '';
      for (const q of s.quantiles)
        out += open + formatOpenMetricsFloat(q.quantile) + '"} ' + formatOpenMetricsFloat(q.value) + end;
      const omit = this.options.omitUnset;
      if (!omit || s.sum !== undefined) out += name + '_sum' + plain + formatOpenMetricsFloat(s.sum ?? 0) + end;
      if (!omit || s.count !== undefined)
        out += name + '_count' + plain + formatCount(s.count ?? 0, s.countExact) + end;
      return out + this.createdLine(m, undefined, end);
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
      out +=
        open +
        formatOpenMetricsFloat(b.upperBound) +
        '"} ' +
        formatCount(b.cumulativeCount, b.cumulativeCountExact) +
        ts +
        (b.exemplar ? exemplarText(name, b.exemplar, this.options.exactTimestamps) : '') +
        '\n';
    }
    const count = formatCount(h.count ?? 0, h.countExact);
    if (!infSeen) out += open + '+Inf"} ' + count + end;
    const gauge = this.kind === GAUGE_HISTOGRAM;
    const omit = this.options.omitUnset;
    if (!omit || h.sum !== undefined)
      out += name + (gauge ? '_gsum' : '_sum') + plain + formatOpenMetricsFloat(h.sum ?? 0) + end;
    if (!omit || h.count !== undefined) out += name + (gauge ? '_gcount' : '_count') + plain + count + end;
    return gauge ? out : out + this.createdLine(m, undefined, end);
  }

  finish(): string {
    return '# EOF\n';
  }

  private missing(m: Metric): SerializeError {
    const t = this.type === 'unknown' ? 'untyped' : this.type;
    return new SerializeError(`expected ${t} in metric ${this.name} ${protoCompactMetric(m, this.type)}`, this.name);
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
 *
 * With `unit`, `created`, `openMetricsTypes`, `omitUnset` and `exactTimestamps` ({@link OPENMETRICS_FULL})
 * it also writes what the model carries and expfmt 0.39 leaves out: `# UNIT`,
 * `_created` samples, gauge histograms, `info` and `stateset` families, so
 * that a model read by the OpenMetrics parser is written back whole.
 * Without them the output is the reference's, byte for byte.
 */
export function serializeOpenMetrics(families: readonly MetricFamily[], options: OpenMetricsOptions = {}): string {
  return renderAll(options.sortByName ? sortFamiliesByName(families) : families, new OpenMetricsRenderer(options));
}
