import type { Label, MetricFamily } from '../model/types.js';
import { isValidLabelName, METRIC_NAME_LABEL } from '../model/names.js';
import { SerializeError } from './serialize-error.js';
import { Char } from '../model/chars.js';

/**
 * The checks that keep the text serializers from writing bytes the parser
 * would reject. They are not validation (that is the linter's job): they
 * only refuse what cannot be written faithfully: names outside the legacy
 * charset, reserved or duplicate label names, fractional timestamps, and
 * family names that the 0.0.4 parser would fold into another family.
 */

const INT64_LIMIT = 9223372036854775808;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * The text written around a legal label name: `{name="` when it opens a label
 * set, `",name="` when it follows another label's value.
 */
export interface LabelText {
  readonly first: string;
  readonly next: string;
}

/**
 * Label names already found legal, with their {@link LabelText}, shared by
 * all calls: expositions repeat the same names on every series and every
 * scrape, and one lookup is cheaper than a scan plus the joins of the name.
 * Cleared when it reaches {@link MAX_KNOWN} entries.
 */
const knownLabelNames = new Map<string, LabelText>();
const MAX_KNOWN = 100_000;
/** Label sets larger than this are not added to {@link knownLabelNames}. */
const CACHED_SET_MAX = 1024;

/** Throws unless `name` is a legal metric name. */
export function checkFamilyName(name: string): void {
  if (!METRIC_NAME.test(name)) throw new SerializeError(`invalid metric name "${name}"`, name);
}

/**
 * The {@link LabelText} of a label name, after checking it is legal and not
 * `__name__`; kept in {@link knownLabelNames} when `cache` is set.
 */
function labelText(family: string, name: string, cache: boolean): LabelText {
  const known = cache ? knownLabelNames.get(name) : undefined;
  if (known !== undefined) return known;
  if (!isValidLabelName(name)) throw new SerializeError(`invalid label name "${name}" in metric "${family}"`, family);
  if (name === METRIC_NAME_LABEL)
    throw new SerializeError(`label name "${METRIC_NAME_LABEL}" is reserved in metric "${family}"`, family);
  const text = { first: '{' + name + '="', next: '",' + name + '="' };
  if (!cache) return text;
  // Flattened once here rather than in every output that uses them.
  text.first.charCodeAt(0);
  text.next.charCodeAt(0);
  if (knownLabelNames.size >= MAX_KNOWN) knownLabelNames.clear();
  knownLabelNames.set(name, text);
  return text;
}

/**
 * Checks the name of `labels[i]` and returns its {@link LabelText}. Throws
 * unless the name is legal, not `__name__`, not the `extra` name (`le` of a
 * histogram, `quantile` of a summary) the serializer appends itself, and not
 * repeated (`repeated`: `repeatedNames(labels)`, see `src/model/labels.ts`).
 */
export function checkLabel(
  family: string,
  labels: readonly Label[],
  i: number,
  extra: string,
  repeated: Set<string> | undefined,
): LabelText {
  const name = labels[i].name;
  // A huge set is checked name by name: caching its names would cost more than checking them.
  const text = labelText(family, name, labels.length <= CACHED_SET_MAX);
  if (name === extra)
    throw new SerializeError(
      `label name "${extra}" is reserved for the samples of ${extra === 'le' ? 'histogram' : 'summary'} "${family}"`,
      family,
    );
  // The first name that occurs again is refused, as a pairwise scan finds it.
  if (repeated === undefined ? occursAfter(labels, i) : repeated.has(name))
    throw new SerializeError(`duplicate label name "${name}" in metric "${family}"`, family);
  return text;
}

/** Whether the name of `labels[i]` occurs again after `i` (for small sets). */
function occursAfter(labels: readonly Label[], i: number): boolean {
  const name = labels[i].name;
  for (let j = i + 1; j < labels.length; j++) if (labels[j].name === name) return true;
  return false;
}

/** Throws unless `ts` is an integral number of milliseconds inside the int64 range (2^63, the double nearest int64 max, counts as inside). */
export function checkTimestamp(family: string, ts: number): void {
  if (!Number.isInteger(ts) || ts > INT64_LIMIT || ts < -INT64_LIMIT) {
    throw new SerializeError(`timestamp ${ts} of metric "${family}" is not an int64 number of milliseconds`, family);
  }
}

const SUFFIXES = ['_sum', '_count', '_bucket'] as const;

const SUMMARY = 1;
const HISTOGRAM = 2;
const OTHER = 3;

/**
 * What is kept per family name: the output (generation, 0 for none yet) that
 * last wrote it and that family's kind, plus the text writer's HELP and TYPE lines for it
 * (one lookup serves both; see `text.ts`).
 */
export interface FamilyRecord {
  gen: number;
  kind: number;
  /** The HELP text and type that {@link FamilyRecord.head} was written for. */
  help: string | undefined;
  type: MetricFamily['type'] | undefined;
  /** The family's `# HELP` and `# TYPE` lines, or `''` before the first. */
  head: string;
  /** `name ` (the start of a sample line without labels), set with `head`. */
  bare: string;
  /** `name{label="` for the label name text `openFor` (the text writer's start of a labelled line), or `''`. */
  open: string;
  openFor: LabelText | undefined;
  /** The family whose lines this name's would join (`x` for `x_sum`), or `''`; and that suffix. */
  readonly base: string;
  readonly suffix: string;
  /** `name_sum`, `name_count`, `name_bucket` in that order (flat), made once the name is met as a summary or histogram. */
  suffixed: readonly string[] | undefined;
}

const familyNames = new Map<string, FamilyRecord>();
let generations = 0;

/**
 * Tracks the family names written to one output and refuses a family whose
 * lines the 0.0.4 parser would attach to another one: a second family of the
 * same name, `x_sum`/`x_count` next to a summary `x`, and
 * `x_sum`/`x_count`/`x_bucket` next to a histogram `x`, in either order.
 * Also refuses illegal family names.
 */
export class FamilyNameGuard {
  private readonly generation: number;

  constructor() {
    // Cleared only between outputs, so that one output's names are all kept.
    if (familyNames.size >= MAX_KNOWN) familyNames.clear();
    this.generation = ++generations;
  }

  /** Records `f` and returns its name's record, or throws a {@link SerializeError}. */
  add(f: MetricFamily): FamilyRecord {
    const { name, type } = f;
    const gen = this.generation;
    let rec = familyNames.get(name);
    if (rec === undefined) {
      checkFamilyName(name);
      rec = newRecord(name);
    } else if (rec.gen === gen) throw new SerializeError(`second metric family named "${name}"`, name);
    if (rec.base !== '') {
      const b = familyNames.get(rec.base);
      if (b !== undefined && b.gen === gen && owns(b.kind, rec.suffix))
        throw collision(name, rec.base, b.kind === SUMMARY ? 'summary' : 'histogram');
    }
    const kind = type === 'summary' ? SUMMARY : type === 'histogram' ? HISTOGRAM : OTHER;
    if (kind !== OTHER) {
      const suffixed = (rec.suffixed ??= SUFFIXES.map((suffix) => flat(name + suffix)));
      for (let i = 0; i < SUFFIXES.length; i++) {
        if (!owns(kind, SUFFIXES[i])) continue;
        const o = familyNames.get(suffixed[i]);
        if (o !== undefined && o.gen === gen) throw collision(suffixed[i], name, type);
      }
    }
    // Stored only once the family passed: a refused name is not kept.
    if (rec.gen === 0) familyNames.set(name, rec);
    rec.gen = gen;
    rec.kind = kind;
    return rec;
  }
}

/**
 * A new record for `name`, with the family name its lines would join if
 * it ends with `_sum`, `_count` or `_bucket` (names are checked once per
 * name rather than once per output).
 */
function newRecord(name: string): FamilyRecord {
  let base = '';
  let suffix = '';
  const last = name.charCodeAt(name.length - 1);
  if (last === Char.LOWER_M || last === Char.LOWER_T) {
    for (const s of SUFFIXES) {
      if (name.endsWith(s)) {
        base = flat(name.slice(0, name.length - s.length));
        suffix = s;
      }
    }
  }
  return {
    gen: 0,
    kind: OTHER,
    help: undefined,
    type: undefined,
    head: '',
    bare: '',
    open: '',
    openFor: undefined,
    base,
    suffix,
    suffixed: undefined,
  };
}

/**
 * `s` flattened: a string joined from pieces is copied into one piece the
 * first time it is read, so a string that is looked up or written many times
 * is flattened once, here.
 */
export function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

function owns(kind: number, suffix: string): boolean {
  return kind === HISTOGRAM || (kind === SUMMARY && suffix !== '_bucket');
}

function collision(name: string, base: string, type: string): SerializeError {
  return new SerializeError(`metric family "${name}" collides with the samples of ${type} "${base}"`, name);
}
