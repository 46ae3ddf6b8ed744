import type { Label, MetricFamily } from '../model/types.js';
import { isValidLabelName, METRIC_NAME_LABEL } from '../model/names.js';
import { SerializeError } from './serialize-error.js';

/**
 * The checks that keep the text serializers from writing bytes the parser
 * would reject. They are not validation (that is the linter's job): they
 * only refuse what cannot be written faithfully: names outside the legacy
 * charset, reserved or duplicate label names, fractional timestamps, and
 * family names that the 0.0.4 parser would fold into another family.
 */

const INT64_LIMIT = 9223372036854775808;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Throws unless `name` is a legal metric name. */
export function checkFamilyName(name: string): void {
  if (!METRIC_NAME.test(name)) throw new SerializeError(`invalid metric name "${name}"`, name);
}

/**
 * Throws unless the label names are legal, distinct, not `__name__`, and not
 * the `extra` name (`le` of a histogram, `quantile` of a summary) the
 * serializer appends itself. `seen` caches names already found legal.
 */
export function checkLabels(family: string, labels: readonly Label[], extra: string, seen: Set<string>): void {
  const n = labels.length;
  for (let i = 0; i < n; i++) {
    const name = labels[i].name;
    if (!seen.has(name)) {
      if (!isValidLabelName(name)) throw new SerializeError(`invalid label name "${name}" in metric "${family}"`, family);
      if (name === METRIC_NAME_LABEL) throw new SerializeError(`label name "${METRIC_NAME_LABEL}" is reserved in metric "${family}"`, family);
      seen.add(name);
    }
    if (name === extra) throw new SerializeError(`label name "${extra}" is reserved for the samples of ${extra === 'le' ? 'histogram' : 'summary'} "${family}"`, family);
    for (let j = i + 1; j < n; j++) {
      if (labels[j].name === name) throw new SerializeError(`duplicate label name "${name}" in metric "${family}"`, family);
    }
  }
}

/** Throws unless `ts` is an integral number of milliseconds inside the int64 range (2^63, the double nearest int64 max, counts as inside). */
export function checkTimestamp(family: string, ts: number): void {
  if (!Number.isInteger(ts) || ts > INT64_LIMIT || ts < -INT64_LIMIT) {
    throw new SerializeError(`timestamp ${ts} of metric "${family}" is not an int64 number of milliseconds`, family);
  }
}

const SUFFIXES = ['_sum', '_count', '_bucket'] as const;
const LOWER_M = 109;
const LOWER_T = 116;

/**
 * Tracks the family names written so far and refuses a family whose lines
 * the 0.0.4 parser would attach to another one: a second family of the same
 * name, `x_sum`/`x_count` next to a summary `x`, and `x_sum`/`x_count`/`x_bucket`
 * next to a histogram `x`, in either order.
 */
export class FamilyNameGuard {
  private readonly types = new Map<string, MetricFamily['type']>();

  /** Records `f` or throws a {@link SerializeError}. */
  add(f: MetricFamily): void {
    const { name, type } = f;
    const types = this.types;
    if (types.has(name)) throw new SerializeError(`second metric family named "${name}"`, name);
    const last = name.charCodeAt(name.length - 1);
    if (last === LOWER_M || last === LOWER_T) {
      for (const suffix of SUFFIXES) {
        if (name.endsWith(suffix)) {
          const base = name.slice(0, name.length - suffix.length);
          const baseType = types.get(base);
          if (baseType !== undefined && owns(baseType, suffix)) throw collision(name, base, baseType);
        }
      }
    }
    if (type === 'summary' || type === 'histogram') {
      for (const suffix of SUFFIXES) {
        const other = name + suffix;
        if (owns(type, suffix) && types.has(other)) throw collision(other, name, type);
      }
    }
    types.set(name, type);
  }
}

function owns(type: MetricFamily['type'], suffix: string): boolean {
  return type === 'histogram' || (type === 'summary' && suffix !== '_bucket');
}

function collision(name: string, base: string, type: string): SerializeError {
  return new SerializeError(`metric family "${name}" collides with the samples of ${type} "${base}"`, name);
}
