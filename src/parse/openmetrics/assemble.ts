import type { IToken } from 'chevrotain';
import type { OmLineSink } from '../../../grammar/openmetrics/parser.js';
import type { OmFastSink } from '../../../grammar/openmetrics/fast-lines.js';
import type { FastLabelSet } from '../../../grammar/common/fast-labels.js';
import { parseOmNumber } from '../../../grammar/openmetrics/numbers.js';
import type { MetaPayload, OmType, ValuePayload } from '../../../grammar/openmetrics/records.js';
import { tooManyLabels, type PairPayload, type ScanError } from '../../../grammar/common/records.js';
import { goQuote } from '../../model/go-quote.js';
import type { ParseErrorCode } from '../../errors/codes.js';
import { ParseError } from '../../errors/parse-error.js';
import type { Exemplar, Label, Metric, MetricFamily, SourcePos } from '../../model/types.js';
import type { Locator } from '../locate.js';
import { MetricGroups, sameLabelSet } from './groups.js';
import { HeldNames, type NameHolder } from './names.js';
import { isComposite, Point, Role } from './point.js';
import { roleOf, TYPE_SAMPLES, type TypeSamples } from './roles.js';
import { SharedLabels } from '../label-sharing.js';
import {
  bucketOrder,
  duplicateSample,
  exemplarNotAllowed,
  interleavedMetric,
  invalidBound,
  invalidValue,
  missingLabel,
  timestampOrder,
  valueAllowed,
  type RuleBreak,
} from './sample-rules.js';
import { Char } from '../../model/chars.js';

/** The prefix of every OpenMetrics {@link ParseError} message. */
export const OM_ERROR_PREFIX = 'openmetrics parsing error';

/** Options the OpenMetrics assembler enforces, and where it sends errors found after their line. */
export interface OmAssembleOptions {
  positions: boolean;
  maxSeries: number;
  maxLabelsPerSeries: number;
  /**
   * Receives an error found when a point or a family ends (histogram
   * structure, a counter without `_total`), which belongs to an earlier line.
   * Throws to stop, or records it and returns to go on.
   */
  report: (error: ParseError) => void;
}

/** The exemplar label-set limit of OpenMetrics 1.0, in code points of names and values together. */
const EXEMPLAR_MAX_CODE_POINTS = 128;

interface FamilyState {
  /** The OpenMetrics family name (metadata name, or the sample name of a family without metadata). */
  name: string;
  /** Undefined until a TYPE line, or `unknown` once samples came without one. */
  type: OmType | undefined;
  samples: TypeSamples;
  help: string | undefined;
  unit: string | undefined;
  sawHelp: boolean;
  sawType: boolean;
  sawUnit: boolean;
  /** The model family, created at the first sample. */
  model: MetricFamily | undefined;
  /** The label group of the family's first metric, then (from its second) all its groups. */
  firstGroup: Label[] | undefined;
  groups: MetricGroups | undefined;
  /**
   * What {@link HeldNames} keeps of the family for the rest of the document
   * (the suffixes its type reserves): not the family itself, whose groups are
   * dropped when it ends.
   */
  held: NameHolder;
}

/** Code points in a string (a surrogate pair counts once). */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) {
      const p = s.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}

/** The labels of `set` but the one at `skip` (-1: none), from `shared`. */
function labelsExcept(set: FastLabelSet, skip: number, shared: SharedLabels): Label[] {
  // Sized up front: an array grown by push keeps room for more than a dozen labels.
  const labels = new Array<Label>(skip < 0 ? set.count : set.count - 1);
  const { names, values } = set;
  for (let k = 0, i = 0; k < set.count; k++) if (k !== skip) labels[i++] = shared.get(names[k], values[k] as string);
  return labels;
}

/** What {@link compareLabelsExcept} tells of two label sets. */
const enum Likeness {
  /** The same labels in the same order. */
  Same,
  /** Different sets: another count, or another value where all names so far matched (names are unique in a set). */
  Different,
  /** The names differ by place: the sets may still be equal in another order. */
  Unknown,
}

/** Compares `group` with the labels of `set` without the one at `skip` (-1: none), by place. */
function compareLabelsExcept(group: Label[], set: FastLabelSet, skip: number): Likeness {
  const count = set.count;
  if (group.length !== count - (skip >= 0 ? 1 : 0)) return Likeness.Different;
  const { names, values } = set;
  for (let k = 0, j = 0; k < count; k++) {
    if (k === skip) continue;
    const a = group[j++];
    if (a.name !== names[k]) return Likeness.Unknown;
    if (a.value !== values[k]) return Likeness.Different;
  }
  return Likeness.Same;
}

function indexOfLabel(set: FastLabelSet, name: string): number {
  const names = set.names;
  for (let k = 0; k < set.count; k++) if (names[k] === name) return k;
  return -1;
}

/**
 * A new metric: its labels, its empty summary or histogram (for those types), its timestamp
 * and position when given, and the value of its first sample when that is the metric's value.
 * Made in one literal where it can be, with the properties in the order they would be added
 * one by one (an added property would need a second allocation).
 */
function newMetric(
  labels: Label[],
  type: OmType,
  value: number | undefined,
  timestampMs: number | undefined,
  pos: SourcePos | undefined,
): Metric {
  let metric: Metric;
  if (type === 'summary') metric = { labels, summary: { quantiles: [] } };
  else if (type === 'histogram' || type === 'gaugehistogram') metric = { labels, histogram: { buckets: [] } };
  else if (value !== undefined) {
    if (timestampMs === undefined) return pos === undefined ? { labels, value } : { labels, pos, value };
    return pos === undefined ? { labels, timestampMs, value } : { labels, timestampMs, pos, value };
  } else metric = { labels };
  if (timestampMs !== undefined) metric.timestampMs = timestampMs;
  if (pos !== undefined) metric.pos = pos;
  return metric;
}

/** The model name of a family: `x_total` for a counter and `x_info` for an info family (the series name), else `x`. */
function modelName(name: string, type: OmType): string {
  return type === 'counter' ? name + '_total' : type === 'info' ? name + '_info' : name;
}

/**
 * Builds families from the lines the OpenMetrics grammar (or its fast reader)
 * recognizes, and applies every rule that depends on the family: metadata
 * placement and repetition, UNIT rules, allowed sample names per type, name
 * clashes and family contiguity, metric contiguity and timestamp order, value
 * rules per type, exemplar placement and length, and the structure of
 * histogram, gauge-histogram and summary points.
 *
 * Model mapping: a counter family `x` becomes `x_total` (its series name, as
 * client_model names counters), an info family `x` becomes `x_info`, other
 * families keep their name; the OpenMetrics type is kept. Each MetricPoint is
 * one {@link Metric}: a counter point's `_total` is its value and `_created`
 * its `createdTimestamp`; histogram, gauge-histogram (`_gcount`/`_gsum` as
 * count and sum) and summary points gather their samples; stateset and info
 * samples are one metric each. Timestamps become whole milliseconds.
 */
export class OmAssembler implements OmLineSink, OmFastSink {
  private readonly families: MetricFamily[] = [];
  /** Names reserved by earlier families (their names and the sample names their types allow). */
  private readonly held = new HeldNames();
  private family: FamilyState | undefined;
  private seriesCount = 0;
  /** Whether `# EOF` was read. */
  eofSeen = false;
  private lastName = '';
  private lastRole: Role = Role.Value;
  private invalidSampleName(f: FamilyState, name: string, rel: number): never {
    const allowed = f.samples.suffixes.map((s) => `"${f.name + s}"`).join(' or ');
    this.fail('OM_INVALID_SAMPLE_NAME', `expected ${allowed} for ${f.type} "${f.name}", found "${name}"`, rel);
  }

  /** The bound (`quantile` or `le` value) found by the last {@link specialLabel}. */
  private bound = 0;

  /** The current point (MetricPoint) of the current family: {@link reusedPoint} or none. */
  private point: Point | undefined;
  private readonly reusedPoint = new Point();
  /** Label objects shared between the metrics of the result. */
  private readonly shared = new SharedLabels();
  /**
   * The input while the byte reader hands over its lines: the locator holds no text then
   * (offsets are indices into these bytes), and an error decodes its line first.
   */
  byteInput: Buffer | undefined;
  /** The line number of the last sample line the fast reader handed over. */
  private fastLine = 0;

  constructor(
    private readonly locator: Locator,
    private readonly options: OmAssembleOptions,
  ) {}

  /** The families with at least one metric, in input order. */
  result(): MetricFamily[] {
    return this.families;
  }

  /** Throws the error at a piece offset as a {@link ParseError}. */
  raise(error: ScanError): never {
    throw this.toParseError(error.code, error.msg, error.offset);
  }

  /** Builds a {@link ParseError} for a piece offset. */
  toParseError(code: ParseErrorCode, msg: string, rel: number): ParseError {
    rel = this.toLineText(rel);
    return new ParseError(code, msg, this.locator.pos(rel), this.locator.excerpt(rel), OM_ERROR_PREFIX);
  }

  private fail(code: ParseErrorCode, msg: string, rel: number): never {
    throw this.toParseError(code, msg, rel);
  }

  /** Throws a broken sample rule (see sample-rules.ts) at a piece offset. */
  private reject(broken: RuleBreak, rel: number): never {
    throw this.toParseError(broken.code, broken.msg, rel);
  }

  /**
   * With {@link byteInput} set: points the locator at the decoded line of byte offset `rel`
   * (the line the fast reader handed over last) and returns the offset in that text, which
   * is the offset a later call gets (the bytes are let go). Otherwise returns `rel`.
   */
  private toLineText(rel: number): number {
    const buf = this.byteInput;
    if (buf === undefined) return rel;
    this.byteInput = undefined;
    const start = rel === 0 ? 0 : buf.lastIndexOf(Char.LF, rel - 1) + 1;
    const lf = buf.indexOf(Char.LF, rel);
    const text = buf.toString('latin1', start, lf < 0 ? buf.length : lf + 1);
    this.locator.reset(text, this.locator.base + start, this.fastLine);
    return rel - start;
  }

  /** The error for a line after `# EOF`, at that line's start. */
  textAfterEof(rel: number): ScanError {
    rel = this.toLineText(rel);
    const text = this.locator.text;
    const end = text.indexOf('\n', rel);
    const found = goQuote(text.slice(rel, Math.min(end < 0 ? text.length : end, rel + 40)));
    return {
      code: 'OM_TEXT_AFTER_EOF',
      msg: `expected end of input after "# EOF", found ${rel < text.length ? found : 'end of input'}`,
      offset: rel,
    };
  }

  /** Ends the input: closes the last family and reports a missing `# EOF` at `end`. */
  finish(end: { line: number; column: number; offset: number }): void {
    if (this.eofSeen) return;
    this.finishFamily();
    this.eofSeen = true;
    this.options.report(
      new ParseError(
        'OM_MISSING_EOF',
        'expected "# EOF" at the end of the input, found end of input',
        end,
        undefined,
        OM_ERROR_PREFIX,
      ),
    );
  }

  meta(token: IToken): void {
    this.fastMeta(token.payload as MetaPayload, token.startOffset);
  }

  fastMeta(p: MetaPayload, rel: number): void {
    if (this.eofSeen) this.raise(this.textAfterEof(rel));
    if (p.error) this.raise(p.error);
    if (p.kind === 'EOF') {
      this.finishFamily();
      this.eofSeen = true;
      return;
    }
    let f = this.family;
    if (f === undefined || f.name !== p.name) f = this.startFamily(p.name, p.nameOffset);
    else if (f.model !== undefined)
      this.fail(
        'OM_METADATA_AFTER_SAMPLES',
        `expected ${p.kind} of "${f.name}" before its samples, found it after them`,
        rel,
      );
    if (p.kind === 'HELP') {
      if (f.sawHelp) this.fail('OM_DUPLICATE_METADATA', `expected one HELP line for "${f.name}", found a second`, rel);
      f.sawHelp = true;
      f.help = p.text === '' ? undefined : p.text;
    } else if (p.kind === 'TYPE') {
      if (f.sawType) this.fail('OM_DUPLICATE_METADATA', `expected one TYPE line for "${f.name}", found a second`, rel);
      const type = p.text as OmType;
      const samples = TYPE_SAMPLES[type];
      const suffix = this.held.heldSuffix(f.name, samples.suffixes, samples.mask);
      if (suffix !== undefined) {
        this.fail(
          'OM_CLASHING_NAME',
          `expected the sample names of ${type} "${f.name}" to be unused, found "${f.name + suffix}" used by an earlier family`,
          p.textOffset,
        );
      }
      if (f.unit !== undefined && (type === 'info' || type === 'stateset')) {
        this.fail('OM_INVALID_UNIT', `expected no UNIT on ${type} "${f.name}", found ${goQuote(f.unit)}`, p.textOffset);
      }
      this.held.reserve(f.held, samples.mask);
      f.sawType = true;
      f.type = type;
      f.samples = samples;
    } else {
      if (f.sawUnit) this.fail('OM_DUPLICATE_METADATA', `expected one UNIT line for "${f.name}", found a second`, rel);
      f.sawUnit = true;
      const unit = p.text;
      if (unit !== '') {
        if (!f.name.endsWith('_' + unit)) {
          this.fail(
            'OM_INVALID_UNIT',
            `expected a unit that ends the family name "${f.name}" after "_", found ${goQuote(unit)}`,
            p.textOffset,
          );
        }
        if (f.type === 'info' || f.type === 'stateset') {
          this.fail(
            'OM_INVALID_UNIT',
            `expected no UNIT on ${f.type} "${f.name}", found ${goQuote(unit)}`,
            p.textOffset,
          );
        }
        f.unit = unit;
      }
    }
  }

  sample(
    name: IToken,
    pairs: IToken[],
    tail: IToken,
    exemplarPairs: IToken[] | undefined,
    exemplarTail: IToken | undefined,
  ): void {
    const names: string[] = [];
    const values: string[] = [];
    for (let k = 0; k < pairs.length; k++) {
      const pair = pairs[k].payload as PairPayload;
      names.push(pair.name);
      values.push(pair.value);
    }
    const t = tail.payload as ValuePayload;
    let exemplar: Exemplar | undefined;
    if (exemplarPairs !== undefined && exemplarTail !== undefined) {
      const exLabels: Label[] = [];
      let length = 0;
      for (let k = 0; k < exemplarPairs.length; k++) {
        const pair = exemplarPairs[k].payload as PairPayload;
        exLabels.push({ name: pair.name, value: pair.value });
        length += codePoints(pair.name) + codePoints(pair.value);
      }
      if (length > EXEMPLAR_MAX_CODE_POINTS) {
        const at = exemplarPairs.length > 0 ? exemplarPairs[0].startOffset : exemplarTail.startOffset;
        this.fail(
          'OM_EXEMPLAR_TOO_LONG',
          `expected exemplar labels of at most ${EXEMPLAR_MAX_CODE_POINTS} code points, found ${length}`,
          at,
        );
      }
      const e = exemplarTail.payload as ValuePayload;
      exemplar = { labels: exLabels, value: e.value };
      if (e.timestamp !== undefined) exemplar.timestamp = e.timestamp;
    }
    this.add(
      name.image,
      { count: names.length, names, values },
      t.value,
      t.timestamp,
      t.timestampMs,
      exemplar,
      name.startOffset,
      0,
    );
  }

  fastSample(
    name: string,
    labels: FastLabelSet,
    value: number,
    timestamp: number | undefined,
    timestampMs: number | undefined,
    rel: number,
    line: number,
  ): void {
    this.fastLine = line;
    this.add(name, labels, value, timestamp, timestampMs, undefined, rel, line);
  }

  /** Closes the current family, if any, and starts one named `name` (refusing a name an earlier family reserved). */
  private startFamily(name: string, rel: number): FamilyState {
    this.finishFamily();
    const f: FamilyState = {
      name,
      type: undefined,
      samples: TYPE_SAMPLES.unknown,
      help: undefined,
      unit: undefined,
      sawHelp: false,
      sawType: false,
      sawUnit: false,
      model: undefined,
      firstGroup: undefined,
      groups: undefined,
      held: { reserved: 0 },
    };
    if (!this.held.addFamily(name, f.held)) {
      this.fail(
        'OM_CLASHING_NAME',
        `expected a family name not used before (families are contiguous), found "${name}" again`,
        rel,
      );
    }
    this.family = f;
    this.lastName = '';
    return f;
  }

  private finishFamily(): void {
    if (this.family === undefined) return;
    this.finishPoint();
    this.family = undefined;
    this.lastName = '';
  }

  /** One sample line: resolves its family and role, checks it, and adds it to the current point or a new one. */
  private add(
    name: string,
    /** The sample's labels, valid during the call only. */
    labels: FastLabelSet,
    value: number,
    timestamp: number | undefined,
    timestampMs: number | undefined,
    exemplar: Exemplar | undefined,
    rel: number,
    /** The line number when the caller knows it (fast reader), else 0. */
    line: number,
  ): void {
    if (this.eofSeen) this.raise(this.textAfterEof(rel));
    const f = this.resolveFamily(name, rel);
    const role = this.lastRole;
    const type: OmType = (f.type ??= 'unknown');
    // The label that is a value (quantile, le) or names a state, left out of the metric's identity.
    let special = -1;
    let bound = 0;
    if (role === Role.Quantile || role === Role.Bucket || type === 'stateset') {
      special = this.specialLabel(f, role, name, labels, rel);
      bound = this.bound;
    }
    if (!valueAllowed(type, role, value)) this.reject(invalidValue(type, f.name, role, value), rel);
    if (exemplar !== undefined && role !== Role.Total && role !== Role.Bucket)
      this.reject(exemplarNotAllowed(type, name), rel);
    // Which point the sample belongs to. Consecutive lines of one metric
    // usually repeat its labels in the same order: compare those by place,
    // making no label objects.
    let point = this.point;
    let group: Label[] | undefined;
    if (point !== undefined) {
      const likeness = compareLabelsExcept(point.groupLabels, labels, special);
      if (likeness !== Likeness.Same) {
        group = labelsExcept(labels, special, this.shared);
        if (likeness === Likeness.Different || !sameLabelSet(point.groupLabels, group)) point = undefined;
      }
    }
    if (point !== undefined && this.fitsPoint(point, f, role, name, value, bound, timestamp, rel)) {
      point.add(role, value, bound, exemplar);
      return;
    }
    group ??= labelsExcept(labels, special, this.shared);
    if (point === undefined && !this.isNewGroup(f, group)) this.reject(interleavedMetric(f.name, name), rel);
    this.finishPoint();
    const metricLabels = special < 0 || isComposite(type) ? group : labelsExcept(labels, -1, this.shared);
    point = this.startPoint(f, type, metricLabels, group, role, value, timestamp, timestampMs, rel, line);
    point.add(role, value, bound, exemplar);
  }

  /** Whether `group` is a metric `f` did not have yet (and adds it); the first needs no groups. */
  private isNewGroup(f: FamilyState, group: Label[]): boolean {
    if (f.firstGroup === undefined) {
      f.firstGroup = group;
      return true;
    }
    if (f.groups === undefined) {
      f.groups = new MetricGroups();
      f.groups.add(f.firstGroup);
    }
    return f.groups.add(group);
  }

  /** The family of sample `name`: the current one, or a new one it starts; its role there becomes {@link lastRole}. */
  private resolveFamily(name: string, rel: number): FamilyState {
    let f = this.family;
    let role: Role | undefined;
    if (f !== undefined) {
      if (name === this.lastName) role = this.lastRole;
      else role = roleOf(f.samples, name, f.name);
    }
    if (f === undefined || role === undefined) {
      if (f !== undefined && name === f.name) this.invalidSampleName(f, name, rel);
      f = this.startFamily(name, rel);
      role = Role.Value;
    }
    this.lastName = name;
    this.lastRole = role;
    return f;
  }

  /**
   * The index of the label that is not part of the metric's identity (a
   * summary's `quantile`, a bucket's `le`, a stateset's state), -1 for none;
   * checks it and sets {@link bound}. {@link add} calls it only for quantile,
   * bucket and stateset samples: the other samples have none.
   */
  private specialLabel(f: FamilyState, role: Role, name: string, labels: FastLabelSet, rel: number): number {
    this.bound = 0;
    if (role === Role.Quantile) {
      const i = indexOfLabel(labels, 'quantile');
      if (i < 0) this.reject(missingLabel(role, f.name, name), rel);
      const text = labels.values[i] as string;
      const q = parseOmNumber(text, 0, text.length);
      if (q === undefined || !(q >= 0 && q <= 1)) this.reject(invalidBound(role, text), rel);
      this.bound = q;
      return i;
    }
    if (role === Role.Bucket) {
      const i = indexOfLabel(labels, 'le');
      if (i < 0) this.reject(missingLabel(role, f.name, name), rel);
      const text = labels.values[i] as string;
      const le = parseOmNumber(text, 0, text.length);
      if (le === undefined || le !== le || (le === Infinity && text !== '+Inf'))
        this.reject(invalidBound(role, text), rel);
      this.bound = le;
      return i;
    }
    if (f.type !== 'stateset') return -1;
    const i = indexOfLabel(labels, f.name);
    if (i < 0) this.reject(missingLabel(role, f.name, name), rel);
    return i;
  }

  /**
   * Whether a sample of the current point's metric goes into that point
   * (false: it starts the metric's next point). Checks timestamp order,
   * repeated samples of composite points and bucket order.
   */
  private fitsPoint(
    point: Point,
    f: FamilyState,
    role: Role,
    name: string,
    value: number,
    bound: number,
    timestamp: number | undefined,
    rel: number,
  ): boolean {
    const pointTs = point.timestamp;
    if (
      (timestamp === undefined) !== (pointTs === undefined) ||
      (timestamp !== undefined && pointTs !== undefined && timestamp < pointTs)
    )
      this.reject(timestampOrder(f.name, timestamp, pointTs), rel);
    if (timestamp !== pointTs) return false;
    if (!point.fits(role)) {
      if (isComposite(point.type)) this.reject(duplicateSample(f.name, name), rel);
      return false;
    }
    if (role === Role.Bucket && point.buckets > 0 && (!(bound > point.lastLe) || value < point.lastCount))
      this.reject(bucketOrder(point.lastLe, bound, point.lastCount, value), rel);
    return true;
  }

  private startPoint(
    f: FamilyState,
    type: OmType,
    labels: Label[],
    groupLabels: Label[],
    role: Role,
    value: number,
    timestamp: number | undefined,
    timestampMs: number | undefined,
    rel: number,
    line: number,
  ): Point {
    if (labels.length > this.options.maxLabelsPerSeries || ++this.seriesCount > this.options.maxSeries)
      this.overLimit(labels.length, rel);
    const model = f.model ?? this.startModel(f, type);
    const lineNo = line > 0 ? line : this.locator.lineOf(rel);
    const offset = this.locator.base + rel;
    const pos = this.options.positions ? { line: lineNo, column: 1, offset } : undefined;
    const first = role === Role.Value || role === Role.Total ? value : undefined;
    const metric = newMetric(labels, type, first, timestampMs, pos);
    const point = this.reusedPoint.start(f.name, type, metric, groupLabels, timestamp, lineNo, offset);
    model.metrics.push(metric);
    this.point = point;
    return point;
  }

  /** The model family of `f`, made at its first metric and added to the result. */
  private startModel(f: FamilyState, type: OmType): MetricFamily {
    const model: MetricFamily =
      f.help === undefined
        ? { name: modelName(f.name, type), type, metrics: [] }
        : { name: modelName(f.name, type), help: f.help, type, metrics: [] };
    if (f.unit !== undefined) model.unit = f.unit;
    f.model = model;
    this.families.push(model);
    return model;
  }

  /** Throws for a metric of `labelCount` labels that is over a limit: labels per series, or series (counted). */
  private overLimit(labelCount: number, rel: number): never {
    const { maxLabelsPerSeries, maxSeries } = this.options;
    if (labelCount > maxLabelsPerSeries) this.raise(tooManyLabels(maxLabelsPerSeries, rel, labelCount));
    this.fail('TOO_MANY_SERIES', `more than ${maxSeries} series`, rel);
  }

  /** Closes the current point: the checks that need all of its samples, reported at its first line. */
  private finishPoint(): void {
    const point = this.point;
    if (point === undefined) return;
    this.point = undefined;
    const error = point.check();
    if (error !== undefined) {
      this.options.report(
        new ParseError(
          error.code,
          error.msg,
          { line: point.line, column: 1, offset: point.offset },
          undefined,
          OM_ERROR_PREFIX,
        ),
      );
    }
  }
}
