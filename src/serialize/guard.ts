import type { Label, MetricFamily } from '../model/types.js';
import { isValidLabelName, METRIC_NAME_LABEL } from '../model/names.js';
import { repeatedNames } from '../model/labels.js';
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
 * Label names already found legal, shared by all calls: expositions repeat
 * the same names on every scrape, and a set lookup is cheaper than a scan.
 * Cleared when it reaches {@link MAX_KNOWN} entries.
 */
const knownLabelNames = new Set<string>();
const MAX_KNOWN = 100_000;
/** Label sets larger than this are not added to {@link knownLabelNames}. */
const CACHED_SET_MAX = 1024;

function remember(set: Set<string>, name: string): void {
  if (set.size >= MAX_KNOWN) set.clear();
  set.add(name);
}

/** Throws unless `name` is a legal metric name. */
export function checkFamilyName(name: string): void {
  if (!METRIC_NAME.test(name)) throw new SerializeError(`invalid metric name "${name}"`, name);
}

/**
 * Throws unless the label names are legal, distinct, not `__name__`, and not
 * the `extra` name (`le` of a histogram, `quantile` of a summary) the
 * serializer appends itself.
 */
export function checkLabels(family: string, labels: readonly Label[], extra: string): void {
  const n = labels.length;
  // The first name that occurs again is refused, as a pairwise scan finds it.
  const repeated = repeatedNames(labels);
  // A huge set is checked name by name: caching its names would cost more than checking them.
  const cached = n <= CACHED_SET_MAX;
  for (let i = 0; i < n; i++) {
    const name = labels[i].name;
    if (!cached || !knownLabelNames.has(name)) {
      if (!isValidLabelName(name))
        throw new SerializeError(`invalid label name "${name}" in metric "${family}"`, family);
      if (name === METRIC_NAME_LABEL)
        throw new SerializeError(`label name "${METRIC_NAME_LABEL}" is reserved in metric "${family}"`, family);
      if (cached) remember(knownLabelNames, name);
    }
    if (name === extra)
      throw new SerializeError(
        `label name "${extra}" is reserved for the samples of ${extra === 'le' ? 'histogram' : 'summary'} "${family}"`,
        family,
      );
    if (repeated === undefined ? occursAfter(labels, i) : repeated.has(name))
      throw new SerializeError(`duplicate label name "${name}" in metric "${family}"`, family);
  }
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

/** The output (generation) that last wrote a family name, and that family's kind. */
interface Written {
  gen: number;
  kind: number;
}

/**
 * Family names already found legal, each with the output that last wrote it.
 * Shared by all outputs so that names repeated on every scrape are checked
 * once and no map is built per output; the record is updated in place, so a
 * known name costs one lookup. Cleared before an output once it holds
 * {@link MAX_KNOWN} entries.
 */
const familyNames = new Map<string, Written>();
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

  /** Records `f` or throws a {@link SerializeError}. */
  add(f: MetricFamily): void {
    const { name, type } = f;
    const gen = this.generation;
    const prev = familyNames.get(name);
    if (prev === undefined) checkFamilyName(name);
    else if (prev.gen === gen) throw new SerializeError(`second metric family named "${name}"`, name);
    const last = name.charCodeAt(name.length - 1);
    if (last === Char.LOWER_M || last === Char.LOWER_T) {
      for (const suffix of SUFFIXES) {
        if (name.endsWith(suffix)) {
          const base = name.slice(0, name.length - suffix.length);
          const b = familyNames.get(base);
          if (b !== undefined && b.gen === gen && owns(b.kind, suffix))
            throw collision(name, base, b.kind === SUMMARY ? 'summary' : 'histogram');
        }
      }
    }
    const kind = type === 'summary' ? SUMMARY : type === 'histogram' ? HISTOGRAM : OTHER;
    if (kind !== OTHER) {
      for (const suffix of SUFFIXES) {
        if (!owns(kind, suffix)) continue;
        const o = familyNames.get(name + suffix);
        if (o !== undefined && o.gen === gen) throw collision(name + suffix, name, type);
      }
    }
    if (prev === undefined) familyNames.set(name, { gen, kind });
    else {
      prev.gen = gen;
      prev.kind = kind;
    }
  }
}

function owns(kind: number, suffix: string): boolean {
  return kind === HISTOGRAM || (kind === SUMMARY && suffix !== '_bucket');
}

function collision(name: string, base: string, type: string): SerializeError {
  return new SerializeError(`metric family "${name}" collides with the samples of ${type} "${base}"`, name);
}
