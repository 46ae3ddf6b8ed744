import type { Label, Metric, MetricFamily } from '../model/types.js';
import { formatTextFloat } from '../model/values.js';
import { checkLabel, checkTimestamp, FamilyNameGuard, flat, type FamilyRecord, type LabelText } from './guard.js';
import { repeatedNames } from '../model/labels.js';
import { protoCompactFamily, protoCompactMetric } from '../model/proto-text.js';
import { escapeHelpText, escapeValue, sortFamiliesByName, type FamilyRenderer } from './renderer.js';
import { SerializeError } from './serialize-error.js';
import { StringCollector } from './string-collector.js';
import { protoTypeName } from '../model/proto-types.js';

/** Options of {@link serializeText}. */
export interface TextOptions {
  /** Write families sorted by name (as `promkit fmt` and the Go tools do) instead of in the order given. Default `false`. */
  sortByName?: boolean;
}

const SIMPLE = 1;
const SUMMARY = 2;
const HISTOGRAM = 3;

/**
 * Renders the `{name="value",…` prefix of a label set (no closing brace), or
 * `''` for no labels, after checking the names with {@link checkLabel}.
 */
export function labelPrefix(family: string, labels: readonly Label[], extra: string): string {
  const open = labelsOpen(family, labels, extra);
  return open === '' ? '' : open + '"';
}

/** {@link labelPrefix} without its closing quote, so the caller joins that with what follows. */
function labelsOpen(family: string, labels: readonly Label[], extra: string): string {
  if (labels.length === 0) return '';
  const repeated = repeatedNames(labels);
  const first = checkLabel(family, labels, 0, extra, repeated).first + escapeValue(labels[0].value);
  return labelsAfter(first, family, labels, extra, repeated);
}

/**
 * `s` followed by the labels after the first: two joins per label, the name's
 * text (`",name="`, kept by the guard) and the value.
 */
function labelsAfter(
  s: string,
  family: string,
  labels: readonly Label[],
  extra: string,
  repeated: Set<string> | undefined,
): string {
  for (let i = 1; i < labels.length; i++)
    s += checkLabel(family, labels, i, extra, repeated).next + escapeValue(labels[i].value);
  return s;
}

/** Integer values below this have their line ends written in advance ({@link VALUE_LF}, {@link CLOSE_VALUE_LF}). */
const SMALL_VALUES = 1024;

/** `<v>\n` for the integers 0 to {@link SMALL_VALUES} - 1. */
const VALUE_LF: readonly string[] = Array.from({ length: SMALL_VALUES }, (_, v) => flat(String(v) + '\n'));
/** `"} <v>\n` for the same integers: the end of a labelled line. */
const CLOSE_VALUE_LF: readonly string[] = VALUE_LF.map((end) => flat('"} ' + end));

/**
 * Whether `v` is an integer below {@link SMALL_VALUES} (-0 included, written
 * `0`): most values of real expositions are such counts, and their line ends,
 * written in advance, spare the formatting and two joins per line.
 */
function isSmallValue(v: number): boolean {
  return v >= 0 && v < SMALL_VALUES && (v | 0) === v;
}

/** `<v><end>` for a sample value and its line end. */
function valueEnd(v: number, end: string): string {
  return end === '\n' && isSmallValue(v) ? VALUE_LF[v] : formatTextFloat(v) + end;
}

/** The value and line end of a sample line that has no pre-written end. */
function tail(family: string, v: number, ts: number | undefined, exact: bigint | undefined): string {
  return formatTextFloat(v) + lineEnd(family, ts, exact);
}

/** 2^63: the double nearest to int64 max, written as int64 max. */
const INT64_MAX_DOUBLE = 9223372036854775808;

/** The ` <ms>\n` or `\n` that ends every line of a metric (`exact`: the timestamp's sidecar). */
function lineEnd(family: string, ts: number | undefined, exact: bigint | undefined): string {
  if (ts === undefined) return '\n';
  checkTimestamp(family, ts);
  if (ts >= -Number.MAX_SAFE_INTEGER && ts <= Number.MAX_SAFE_INTEGER) return ' ' + String(ts) + '\n';
  if (exact !== undefined && Number(exact) === ts) return ' ' + exact.toString() + '\n';
  return ' ' + (ts >= INT64_MAX_DOUBLE ? '9223372036854775807' : BigInt(ts).toString()) + '\n';
}

/**
 * The `# HELP` (when `help` is set) and `# TYPE` lines of a family, kept on
 * the guard's record of its name: expositions repeat the same families on
 * every scrape, and comparing the HELP text and type is cheaper than escaping
 * and joining the lines again. The record is rewritten when they change.
 */
function familyHead(
  rec: FamilyRecord,
  name: string,
  help: string | undefined,
  type: MetricFamily['type'],
  typeLine: string,
): string {
  if (rec.head !== '' && rec.help === help && rec.type === type) return rec.head;
  const t = '# TYPE ' + name + typeLine;
  // Flattened once here rather than on every output that repeats it.
  const head = flat(help === undefined ? t : '# HELP ' + name + ' ' + (escapeHelpText(help) + '\n') + t);
  rec.help = help;
  rec.type = type;
  rec.head = head;
  rec.bare = flat(name + ' ');
  return head;
}

/**
 * The 0.0.4 text writer: `expfmt.MetricFamilyToText` (prometheus/common
 * 0.39) byte for byte, plus the refusals of {@link FamilyNameGuard} and
 * `guard.ts` that keep the output parseable.
 */
export class TextRenderer implements FamilyRenderer {
  readonly helpEscapesQuotes = false;
  private name = '';
  private type: MetricFamily['type'] = 'untyped';
  private kind = SIMPLE;
  private bucketName = '';
  private sumName = '';
  private countName = '';
  /** `name ` for samples without labels. */
  private bare = '';
  /** The current family's bucket bounds or quantiles seen so far, and their `<bound>"} ` texts. */
  private bounds: number[] = [];
  private boundTexts: string[] = [];
  private readonly guard = new FamilyNameGuard();
  /**
   * The labels of the current family's last labelled metric, whose names
   * were checked, and the texts of those names: a family's series nearly always repeat the same names,
   * and the same names pass the same checks, so they are checked once.
   */
  private prev: readonly Label[] | undefined;
  private texts: LabelText[] = [];
  /** The current family's record: it keeps `name{label="` for the first of {@link texts}. */
  private rec: FamilyRecord | undefined;

  begin(f: MetricFamily): string {
    const name = f.name;
    if (f.metrics.length === 0) throw new SerializeError(`MetricFamily has no metrics: ${protoCompactFamily(f)}`, name);
    if (name === '') throw new SerializeError(`MetricFamily has no name: ${protoCompactFamily(f)}`, name);
    let typeLine: string;
    switch (f.type) {
      case 'counter':
        typeLine = ' counter\n';
        this.kind = SIMPLE;
        break;
      case 'gauge':
        typeLine = ' gauge\n';
        this.kind = SIMPLE;
        break;
      case 'untyped':
      case 'unknown':
        typeLine = ' untyped\n';
        this.kind = SIMPLE;
        break;
      case 'summary':
        typeLine = ' summary\n';
        this.kind = SUMMARY;
        break;
      case 'histogram':
        typeLine = ' histogram\n';
        this.kind = HISTOGRAM;
        break;
      default:
        throw new SerializeError(`unknown metric type ${protoTypeName(f.type)}`, name);
    }
    const rec = this.guard.add(f);
    const head = familyHead(rec, name, f.help, f.type, typeLine);
    this.name = name;
    this.type = f.type;
    // The checks depend on the family (its name, and `le` or `quantile`): names are checked again in the next one.
    this.prev = undefined;
    this.rec = rec;
    if (this.kind === SIMPLE) this.bare = rec.bare;
    else {
      this.bounds = [];
      this.boundTexts = [];
      // The guard keeps these names (flat) for every summary and histogram: no joins per output.
      const [sum, count, bucket] = rec.suffixed as readonly string[];
      this.sumName = sum;
      this.countName = count;
      this.bucketName = bucket;
    }
    return head;
  }

  metric(m: Metric): string {
    // Each line is written as few pieces: the short tail (value, timestamp,
    // newline) is joined first, and bucket and quantile bounds are formatted
    // once per family, since every series of a family repeats them. The
    // output string is then a tree of few, long leaves, which is cheaper to
    // build and to flatten than one leaf per token.
    const name = this.name;
    const kind = this.kind;
    if (kind === SIMPLE) {
      const v = m.value;
      if (v === undefined) throw this.missing(m);
      const ts = m.timestampMs;
      const labels = m.labels;
      const small = ts === undefined && isSmallValue(v);
      if (labels.length === 0) return this.bare + (small ? VALUE_LF[v] : tail(name, v, ts, m.timestampMsExact));
      // Checked first: a family's first labelled metric sets the record's line start.
      const texts = this.checkNames(labels, '');
      const start = joinLabels((this.rec as FamilyRecord).open, texts, labels);
      return start + (small ? CLOSE_VALUE_LF[v] : '"} ' + tail(name, v, ts, m.timestampMsExact));
    }
    if (kind === SUMMARY) {
      const s = m.summary;
      if (s === undefined) throw this.missing(m);
      const lp = this.labelsOpen(m.labels, 'quantile');
      const end = lineEnd(name, m.timestampMs, m.timestampMsExact);
      const open = lp === '' ? name + '{quantile="' : name + lp + '",quantile="';
      const plain = lp === '' ? ' ' : lp + '"} ';
      // Every line of the metric repeats `open`: one flat copy is one piece to copy per line, not one per label.
      open.charCodeAt(0);
      let out = '';
      const qs = s.quantiles;
      for (let i = 0; i < qs.length; i++) out += open + (this.bound(i, qs[i].quantile) + valueEnd(qs[i].value, end));
      return (
        out +
        (this.sumName + plain + valueEnd(s.sum ?? 0, end)) +
        (this.countName + plain + valueEnd(s.count ?? 0, end))
      );
    }
    const h = m.histogram;
    if (h === undefined) throw this.missing(m);
    const lp = this.labelsOpen(m.labels, 'le');
    const end = lineEnd(name, m.timestampMs, m.timestampMsExact);
    const open = lp === '' ? this.bucketName + '{le="' : this.bucketName + lp + '",le="';
    const plain = lp === '' ? ' ' : lp + '"} ';
    open.charCodeAt(0);
    let out = '';
    let infSeen = false;
    const bs = h.buckets;
    for (let i = 0; i < bs.length; i++) {
      const ub = bs[i].upperBound;
      if (ub === Infinity) infSeen = true;
      out += open + (this.bound(i, ub) + valueEnd(bs[i].cumulativeCount, end));
    }
    const countEnd = valueEnd(h.count ?? 0, end);
    if (!infSeen) out += open + ('+Inf"} ' + countEnd);
    return out + (this.sumName + plain + valueEnd(h.sum ?? 0, end)) + (this.countName + plain + countEnd);
  }

  /**
   * The {@link LabelText}s of `labels` after {@link checkLabel} passed them,
   * or those of the last checked set when the names are the same (the same
   * names pass the same checks within a family).
   */
  private checkNames(labels: readonly Label[], extra: string): LabelText[] {
    const n = labels.length;
    const prev = this.prev;
    if (prev !== undefined && prev.length === n) {
      let i = 0;
      while (i < n && labels[i].name === prev[i].name) i++;
      if (i === n) return this.texts;
    }
    const repeated = repeatedNames(labels);
    const texts: LabelText[] = [];
    for (let i = 0; i < n; i++) texts.push(checkLabel(this.name, labels, i, extra, repeated));
    // Kept only once all names passed.
    this.prev = labels;
    this.texts = texts;
    // Kept on the family's record, flat: the outputs that repeat the family reuse it as one piece.
    const rec = this.rec as FamilyRecord;
    if (texts[0] !== rec.openFor) {
      rec.openFor = texts[0];
      rec.open = flat(this.name + texts[0].first);
    }
    return texts;
  }

  /** `{name="value",…` of a label set (no closing quote), or `''` for no labels, after checking the names. */
  private labelsOpen(labels: readonly Label[], extra: string): string {
    if (labels.length === 0) return '';
    const texts = this.checkNames(labels, extra);
    return joinLabels(texts[0].first, texts, labels);
  }

  /** `<bound>"} ` for the `i`th bucket or quantile of the current family, formatted once per family and bound. */
  private bound(i: number, v: number): string {
    // Series fill the list from 0 up, so `i` is at most its length. Object.is:
    // 0 and -0 are written alike, but NaN must match NaN.
    if (i < this.bounds.length && Object.is(this.bounds[i], v)) return this.boundTexts[i];
    const text = formatTextFloat(v) + '"} ';
    this.bounds[i] = v;
    this.boundTexts[i] = text;
    return text;
  }

  finish(): string {
    return '';
  }

  private missing(m: Metric): SerializeError {
    const t = this.type === 'unknown' ? 'untyped' : this.type;
    return new SerializeError(`expected ${t} in metric ${this.name} ${protoCompactMetric(m, this.type)}`, this.name);
  }
}

/** `start` (which ends with the first label's `="`) followed by the escaped values of `labels` and the texts of the names after the first. */
function joinLabels(start: string, texts: readonly LabelText[], labels: readonly Label[]): string {
  let s = start + escapeValue(labels[0].value);
  for (let i = 1; i < labels.length; i++) s += texts[i].next + escapeValue(labels[i].value);
  return s;
}

/** Runs a renderer over whole families into one string. */
export function renderAll(families: readonly MetricFamily[], r: FamilyRenderer): string {
  const out = new StringCollector();
  for (let i = 0; i < families.length; i++) {
    const f = families[i];
    out.add(r.begin(f));
    const ms = f.metrics;
    for (let j = 0; j < ms.length; j++) out.add(r.metric(ms[j]));
  }
  out.add(r.finish());
  return out.finish();
}

/**
 * Serializes families as Prometheus text format 0.0.4, byte-identical to Go
 * `expfmt.MetricFamilyToText` (prometheus/common 0.39) applied to each family:
 * HELP (if set, even empty) and TYPE lines, labels in stored order with
 * `le`/`quantile` appended, summaries' `_sum`/`_count` always written (0 when
 * unset), histograms' `+Inf` bucket added when no bucket is infinite, floats
 * as Go `%g` with `-0` written `0`, timestamps in milliseconds.
 *
 * Families are written in the order given (or by name with `sortByName`);
 * metrics in stored order. Does not mutate its input.
 *
 * Contract: the serializer trusts its input and does not validate it (that is
 * the linter's job), but it never writes bytes that the text parser would
 * reject or read back as a different model. It throws a {@link SerializeError}
 * for what the reference refuses (no metrics, a metric without the value
 * field of its family's type, gauge histograms, `info`/`stateset`) and for what
 * would not re-parse: invalid metric or label names, `__name__`, duplicate
 * label names, an `le`/`quantile` label on a histogram/summary, a fractional
 * or out-of-range timestamp, two families of one name, and `x_sum`/`x_count`
 * (`x_bucket`) families next to a summary (histogram) `x`. `unknown` families
 * are written as `untyped`. Input is small enough for one string; use
 * {@link serializeIter} for large outputs. A string cannot hold HELP bytes
 * that are not UTF-8 (`MetricFamily.helpBytes`): they are written as `help`
 * (U+FFFD for each invalid byte); the byte outputs ({@link serializeIter},
 * {@link serializeToBytes}) write the bytes themselves.
 */
export function serializeText(families: readonly MetricFamily[], options: TextOptions = {}): string {
  return renderAll(options.sortByName ? sortFamiliesByName(families) : families, new TextRenderer());
}
