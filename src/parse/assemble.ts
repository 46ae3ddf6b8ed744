import type { IToken } from 'chevrotain';
import type { LineSink } from '../../grammar/text/parser.js';
import type { FastSink } from '../../grammar/text/fast-lines.js';
import type { FastLabelSet } from '../../grammar/common/fast-labels.js';
import { tooManyLabels, type PairPayload, type ScanError } from '../../grammar/common/records.js';
import type { CommentPayload, TailPayload } from '../../grammar/text/records.js';
import {
  duplicateHelp,
  duplicateLabelName,
  duplicateType,
  invalidLabelName,
  invalidSpecialLabel,
} from '../../grammar/text/messages.js';
import { lookupType } from '../../grammar/text/scan.js';
import { quoteRaw } from '../../grammar/common/scan-context.js';
import { codeError, ParseError } from '../errors/parse-error.js';
import type { ParseErrorCode } from '../errors/codes.js';
import { labelSignature, NameSet } from '../model/labels.js';
import type { Bucket, Label, Metric, MetricFamily, MetricType } from '../model/types.js';
import { parseGoFloat, toUint64, toUint64Exact } from '../model/values.js';
import { sidecarOf } from '../model/exact.js';
import type { Locator } from './locate.js';
import { Char } from '../model/chars.js';
import { SharedLabels } from './label-sharing.js';

/** Options the assembler enforces. */
export interface AssembleOptions {
  positions: boolean;
  maxSeries: number;
  maxLabelsPerSeries: number;
  /**
   * Only check (default false): keep what the errors depend on (family names, types, HELP) and
   * build no metric, so memory grows with the families, not the series. Needs `maxSeries`
   * unlimited, as counting series needs the metrics.
   */
  checkOnly?: boolean;
}

interface FamilyState {
  family: MetricFamily;
  /** Undefined until a TYPE line or the first sample fixes it. */
  type: MetricType | undefined;
  /** Summary/histogram metrics by label signature. */
  bySignature: Map<string, Metric> | undefined;
  /** The labels and metric of the family's previous summary/histogram line (consecutive lines usually share them). */
  lastLabels: Label[] | undefined;
  lastMetric: Metric | undefined;
}

const enum Role {
  Plain,
  SummaryCount,
  SummarySum,
  HistogramCount,
  HistogramSum,
}

function stripSuffix(name: string, suffixes: readonly string[]): string | undefined {
  for (const s of suffixes) if (name.endsWith(s)) return name.slice(0, -s.length);
  return undefined;
}

/** How many `le`/`quantile` values the assembler remembers. */
const MAX_BOUNDS = 1024;

const SUMMARY_SUFFIXES = ['_sum', '_count'] as const;
const HISTOGRAM_SUFFIXES = ['_sum', '_count', '_bucket'] as const;

/**
 * Builds families from the lines the grammar recognizes, with the reference's
 * semantics: HELP/TYPE binding, name resolution of `_sum`/`_count`/`_bucket`,
 * grouping of summary and histogram lines into metrics, and the checks that
 * depend on the family (duplicate labels, `le`/`quantile` values).
 */
export class Assembler implements LineSink, FastSink {
  private readonly families = new Map<string, FamilyState>();
  private seriesCount = 0;
  private role: Role = Role.Plain;
  private lastName = '';
  private lastState: FamilyState | undefined;
  private lastRole: Role = Role.Plain;

  private readonly checkOnly: boolean;
  /** `le`/`quantile` values already read (few and repeated on every metric), bounded. */
  private readonly bounds = new Map<string, number>();
  /** Label objects shared between the metrics of the result. */
  private readonly shared = new SharedLabels();

  constructor(
    private readonly locator: Locator,
    private readonly options: AssembleOptions,
  ) {
    this.checkOnly = options.checkOnly === true;
    if (this.checkOnly && options.maxSeries !== Infinity) codeError('checkOnly with a series limit');
  }

  /** The families with at least one metric, in order of first appearance. */
  result(): MetricFamily[] {
    const out: MetricFamily[] = [];
    for (const state of this.families.values()) if (state.family.metrics.length > 0) out.push(state.family);
    return out;
  }

  /** Throws the error at a chunk offset as a {@link ParseError}. */
  raise(error: ScanError): never {
    throw this.toParseError(error.code, error.msg, error.offset);
  }

  /** Builds a {@link ParseError} for a chunk offset. */
  toParseError(code: ParseErrorCode, msg: string, rel: number): ParseError {
    return new ParseError(code, msg, this.locator.pos(rel), this.locator.excerpt(rel));
  }

  /** Finds or creates the family a sample or metadata name belongs to, as the reference does. */
  private resolve(name: string): FamilyState {
    this.role = Role.Plain;
    const exact = this.families.get(name);
    if (exact) return exact;
    // `_sum`, `_count` and `_bucket` all end in m or t.
    const last = name.charCodeAt(name.length - 1);
    if (last === Char.LOWER_M || last === Char.LOWER_T) {
      const summaryBase = stripSuffix(name, SUMMARY_SUFFIXES);
      if (summaryBase !== undefined) {
        const s = this.families.get(summaryBase);
        if (s && s.type === 'summary') {
          this.role = name.endsWith('_count') ? Role.SummaryCount : Role.SummarySum;
          return s;
        }
      }
      const histogramBase = stripSuffix(name, HISTOGRAM_SUFFIXES);
      if (histogramBase !== undefined) {
        const h = this.families.get(histogramBase);
        if (h && h.type === 'histogram') {
          this.role = name.endsWith('_count')
            ? Role.HistogramCount
            : name.endsWith('_sum')
              ? Role.HistogramSum
              : Role.Plain;
          return h;
        }
      }
    }
    const state: FamilyState = {
      family: { name, type: 'untyped', metrics: [] },
      type: undefined,
      bySignature: undefined,
      lastLabels: undefined,
      lastMetric: undefined,
    };
    this.families.set(name, state);
    return state;
  }

  /** Resolves a sample's family and fixes its type at the first sample. */
  private resolveSample(name: string): FamilyState {
    const state = this.lookup(name);
    if (state.type === undefined) state.type = 'untyped';
    return state;
  }

  /**
   * {@link resolve} with the last name remembered: a family's HELP, TYPE and sample lines mostly
   * follow each other, and comparing with the last name is cheaper than hashing a new string.
   * Safe to cache: a name resolves the same way for the whole parse (families are never removed,
   * a family named exactly `name` always wins, and a type once set never changes).
   */
  private lookup(name: string): FamilyState {
    if (name === this.lastName && this.lastState !== undefined) {
      this.role = this.lastRole;
      return this.lastState;
    }
    const state = this.resolve(name);
    this.lastName = name;
    this.lastState = state;
    this.lastRole = this.role;
    return state;
  }

  comment(token: IToken | CommentPayload): void {
    const p = ('payload' in token ? token.payload : token) as CommentPayload;
    if (p.kind === 'ignore') {
      if (p.error) this.raise(p.error);
      return;
    }
    if (p.name === undefined || p.nameOffset === undefined) codeError('a HELP/TYPE comment without a name');
    const state = this.lookup(p.name);
    if (p.textError && p.textOffset === undefined) this.raise(p.textError);
    if (p.text === undefined && p.textError === undefined) return;
    const family = state.family;
    if (p.kind === 'HELP') {
      if (family.help !== undefined) this.raise(duplicateHelp(family.name, p.nameOffset));
      if (p.textError) this.raise(p.textError);
      family.help = p.text;
      if (p.bytes) family.helpBytes = p.bytes;
      return;
    }
    if (state.type !== undefined) this.raise(duplicateType(family.name, p.nameOffset));
    if (p.textError) this.raise(p.textError);
    const type = lookupType(p.text as string) as MetricType | undefined;
    if (type === undefined) {
      this.raise({
        code: 'UNKNOWN_TYPE',
        msg: `unknown metric type ${quoteRaw(p.text as string)}`,
        offset: p.textOffset as number,
      });
    }
    state.type = type;
    family.type = type;
  }

  tooManyLabels(name: IToken | undefined, limit: number): never {
    this.raise(tooManyLabels(limit, name === undefined ? 0 : name.startOffset));
  }

  /**
   * Runs the family-dependent label checks in input order and returns the
   * metric's labels plus the last `le`/`quantile` value (NaN if none).
   */
  private checkLabels(state: FamilyState, pairs: IToken[], labels: Label[]): number {
    const type = state.type;
    const special = type === 'summary' ? 'quantile' : type === 'histogram' ? 'le' : undefined;
    let bound = NaN;
    const names = new NameSet();
    for (let k = 0; k < pairs.length; k++) {
      const token = pairs[k];
      const pair = token.payload as PairPayload;
      if (pair.name === special) {
        const v = parseGoFloat(pair.value);
        if (v === undefined) this.raise(invalidSpecialLabel(special, pair.value, pair.valueOffset));
        bound = v;
        continue;
      }
      if (!names.add(pair.name)) this.raise(duplicateLabelName(state.family.name, token.startOffset));
      labels.push(this.shared.get(pair.name, pair.value));
    }
    return bound;
  }

  fail(name: IToken | undefined, pairs: IToken[], pendingName: string | undefined, error: ScanError): never {
    if (name === undefined) this.raise(error);
    const state = this.resolveSample(name.image);
    const labels: Label[] = [];
    this.checkLabels(state, pairs, labels);
    const special = state.type === 'summary' ? 'quantile' : state.type === 'histogram' ? 'le' : undefined;
    if (pendingName !== undefined && pendingName !== special) {
      for (const l of labels)
        if (l.name === pendingName) this.raise(duplicateLabelName(state.family.name, error.offset));
    }
    if (error.code === 'INVALID_LABEL_NAME') this.raise(invalidLabelName(state.family.name, error.offset));
    this.raise(error);
  }

  sample(name: IToken, pairs: IToken[], tail: IToken): void {
    const state = this.resolveSample(name.image);
    const role = this.role;
    const labels: Label[] = [];
    const bound = pairs.length === 0 ? NaN : this.checkLabels(state, pairs, labels);
    const t = tail.payload as TailPayload;
    if (t.error) this.raise(t.error);
    const rel = name.startOffset;
    this.store(state, role, labels, labels.length, bound, t.value, t.timestampMs, rel, 0, t.timestampMsExact);
  }

  fastSample(
    name: string,
    set: FastLabelSet,
    value: number,
    timestampMs: number | undefined,
    rel: number,
    line: number,
  ): boolean {
    const state = this.resolveSample(name);
    const role = this.role;
    const type = state.type;
    const special = type === 'summary' ? 'quantile' : type === 'histogram' ? 'le' : undefined;
    let bound = NaN;
    let count = set.count;
    if (special !== undefined) {
      const { names, values } = set;
      for (let k = 0; k < set.count; k++) {
        if (names[k] !== special) continue;
        const v = this.boundOf(values[k] as string);
        if (v === undefined) return false;
        bound = v;
        count--;
      }
      // A bucket or quantile line with the labels of the family's previous line adds to its
      // metric: no label objects are made for it.
      if (this.checkOnly || sameSetLabels(state.lastLabels, set, special, count)) {
        this.store(state, role, undefined, count, bound, value, timestampMs, rel, line);
        return true;
      }
    }
    const labels = this.checkOnly ? [] : withoutLabel(set, special, count, this.shared);
    this.store(state, role, labels, count, bound, value, timestampMs, rel, line);
    return true;
  }

  /** `parseGoFloat` of an `le` or `quantile` value, remembered. */
  private boundOf(value: string): number | undefined {
    let v = this.bounds.get(value);
    if (v === undefined) {
      v = parseGoFloat(value);
      if (v === undefined) return undefined;
      if (this.bounds.size >= MAX_BOUNDS) this.bounds.clear();
      this.bounds.set(value, v);
    }
    return v;
  }

  /**
   * Adds one sample line's data to its family: a new metric, or a part of a summary/histogram
   * metric. `labels` undefined: the labels of the family's previous summary/histogram line (or,
   * when only checking, none); `count` is the number of labels either way.
   */
  private store(
    state: FamilyState,
    role: Role,
    labels: Label[] | undefined,
    count: number,
    bound: number,
    value: number,
    timestampMs: number | undefined,
    rel: number,
    /** The line number when known (fast path), else 0. */
    line: number,
    /** The exact timestamp when `timestampMs` cannot hold it (grammar path only). */
    timestampMsExact?: bigint,
  ): void {
    if (count > this.options.maxLabelsPerSeries) this.raise(tooManyLabels(this.options.maxLabelsPerSeries, rel, count));
    if (this.checkOnly) return;
    const family = state.family;
    let metric: Metric | undefined;
    const type = state.type;
    if (type === 'summary' || type === 'histogram') {
      metric = labels === undefined || sameLabels(state.lastLabels, labels) ? state.lastMetric : undefined;
      if (metric === undefined) {
        labels ??= [];
        const bySignature = (state.bySignature ??= new Map());
        const key = labelSignature(labels);
        metric = bySignature.get(key);
        if (metric === undefined) {
          metric = this.newMetric(labels, rel, line, type);
          bySignature.set(key, metric);
          family.metrics.push(metric);
        }
        state.lastLabels = labels;
        state.lastMetric = metric;
      }
      if (type === 'summary') {
        const summary = (metric.summary ??= { quantiles: [] });
        if (role === Role.SummaryCount) {
          summary.count = toUint64(value);
          if (value < 0 || summary.countExact !== undefined) setExact(summary, 'countExact', value);
        } else if (role === Role.SummarySum) summary.sum = value;
        else if (bound === bound) summary.quantiles.push({ quantile: bound, value });
      } else {
        const histogram = (metric.histogram ??= { buckets: [] });
        if (role === Role.HistogramCount) {
          histogram.count = toUint64(value);
          if (value < 0 || histogram.countExact !== undefined) setExact(histogram, 'countExact', value);
        } else if (role === Role.HistogramSum) histogram.sum = value;
        else if (bound === bound) {
          const bucket: Bucket = { upperBound: bound, cumulativeCount: toUint64(value) };
          if (value < 0) setExact(bucket, 'cumulativeCountExact', value);
          histogram.buckets.push(bucket);
        }
      }
    } else {
      metric = this.newMetric(labels ?? [], rel, line, type, value);
      family.metrics.push(metric);
    }
    if (timestampMs !== undefined) {
      metric.timestampMs = timestampMs;
      // A later line's timestamp replaces an earlier exact one too.
      if (timestampMsExact !== undefined) metric.timestampMsExact = timestampMsExact;
      else if (metric.timestampMsExact !== undefined) delete metric.timestampMsExact;
    }
  }

  /**
   * A new metric of a family of `type`: with its `value` (a plain type), or its empty summary
   * or histogram. Made whole in one literal: properties added later would need a second allocation.
   */
  private newMetric(labels: Label[], rel: number, line: number, type: MetricType | undefined, value = 0): Metric {
    if (++this.seriesCount > this.options.maxSeries) {
      this.raise({ code: 'TOO_MANY_SERIES', msg: `more than ${this.options.maxSeries} series`, offset: rel });
    }
    if (this.options.positions) {
      const pos = line > 0 ? { line, column: 1, offset: this.locator.base + rel } : this.locator.pos(rel);
      if (type === 'summary') return { labels, pos, summary: { quantiles: [] } };
      if (type === 'histogram') return { labels, pos, histogram: { buckets: [] } };
      return type === 'gauge_histogram' ? { labels, pos } : { labels, pos, value };
    }
    if (type === 'summary') return { labels, summary: { quantiles: [] } };
    if (type === 'histogram') return { labels, histogram: { buckets: [] } };
    return type === 'gauge_histogram' ? { labels } : { labels, value };
  }
}

/**
 * Sets or clears the exact uint64 sidecar of a count read from the float `value`
 * (a negative value wraps to an integer a double cannot hold).
 */
function setExact<K extends 'countExact' | 'cumulativeCountExact'>(
  target: { [k in K]?: bigint },
  key: K,
  value: number,
): void {
  const exact = sidecarOf(toUint64Exact(value));
  if (exact === undefined) delete target[key];
  else target[key] = exact;
}

/**
 * Labels in a set beyond which its labels are new objects rather than shared: such a set is
 * rare, its pairs seldom recur, and looking each up would only push the common ones out.
 */
const SHARED_SET_MAX = 1024;

/** The labels of `set` but those named `skip` (of which there are `count`), from `shared` (see {@link SHARED_SET_MAX}). */
function withoutLabel(set: FastLabelSet, skip: string | undefined, count: number, shared: SharedLabels): Label[] {
  // Sized up front: an array grown by push keeps room for more than a dozen labels.
  const labels = new Array<Label>(count);
  const { names, values } = set;
  let i = 0;
  if (count > SHARED_SET_MAX) {
    for (let k = 0; k < set.count; k++)
      if (names[k] !== skip) labels[i++] = { name: names[k], value: values[k] as string };
  } else {
    for (let k = 0; k < set.count; k++) if (names[k] !== skip) labels[i++] = shared.get(names[k], values[k] as string);
  }
  return labels;
}

/** Whether `set` without the labels named `skip` (leaving `count`) equals `last` in order. */
function sameSetLabels(last: Label[] | undefined, set: FastLabelSet, skip: string, count: number): boolean {
  if (last === undefined || last.length !== count) return false;
  const { names, values } = set;
  let i = 0;
  for (let k = 0; k < set.count; k++) {
    const name = names[k];
    if (name === skip) continue;
    const l = last[i++];
    if (l.name !== name || l.value !== values[k]) return false;
  }
  return true;
}

/** Whether two label lists are equal in order (names and values). */
function sameLabels(a: Label[] | undefined, b: Label[]): boolean {
  if (a === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].name !== b[i].name || a[i].value !== b[i].value) return false;
  return true;
}
