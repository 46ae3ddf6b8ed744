import type { OmType } from '../../../grammar/openmetrics/records.js';
import { suffixMask } from './names.js';
import { Role } from './point.js';

/** The sample names a type allows, as suffixes of the family name, with their roles. */
export interface TypeSamples {
  /** The suffixes, in the order error messages list them (also the names the type reserves). */
  readonly suffixes: readonly string[];
  /** The role of each suffix. */
  readonly roles: readonly Role[];
  /** The suffixes as bits (see `suffixMask`). */
  readonly mask: number;
}

function samples(entries: [string, Role][]): TypeSamples {
  const suffixes = entries.map(([s]) => s);
  return { suffixes, roles: entries.map(([, r]) => r), mask: suffixMask(suffixes) };
}

/** Sample-name suffixes each type allows, with their roles. */
export const TYPE_SAMPLES: Record<OmType, TypeSamples> = {
  counter: samples([
    ['_total', Role.Total],
    ['_created', Role.Created],
  ]),
  gauge: samples([['', Role.Value]]),
  unknown: samples([['', Role.Value]]),
  stateset: samples([['', Role.Value]]),
  info: samples([['_info', Role.Value]]),
  summary: samples([
    ['', Role.Quantile],
    ['_sum', Role.Sum],
    ['_count', Role.Count],
    ['_created', Role.Created],
  ]),
  histogram: samples([
    ['_bucket', Role.Bucket],
    ['_count', Role.Count],
    ['_sum', Role.Sum],
    ['_created', Role.Created],
  ]),
  gaugehistogram: samples([
    ['_bucket', Role.Bucket],
    ['_gcount', Role.GaugeCount],
    ['_gsum', Role.GaugeSum],
  ]),
};

/** The role of sample `name` in a family of `type` named by the first `baseLength` chars of `name`, or `undefined`. */
export function roleOf(type: TypeSamples, name: string, baseLength: number): Role | undefined {
  const rest = name.length - baseLength;
  const { suffixes } = type;
  for (let k = 0; k < suffixes.length; k++) {
    const s = suffixes[k];
    if (s.length === rest && (rest === 0 || name.endsWith(s))) return type.roles[k];
  }
  return undefined;
}
