import type { OmType } from '../../../grammar/openmetrics/records.js';
import type { ParseErrorCode } from '../../errors/codes.js';
import { goQuote } from '../../model/go-quote.js';
import { formatGoFloat } from '../../model/values.js';
import { Role } from './point.js';

/**
 * The rules of one sample line and the errors that break them. Each check is
 * a small function and each error is built apart from it: the assembler's
 * per-sample path stays small enough for V8 to inline its callees, and only a
 * rejected line pays for its message.
 */

/** A broken rule: the error's code and message. */
export interface RuleBreak {
  code: ParseErrorCode;
  msg: string;
}

/** Whether `value` may be the value of a sample of `role` in a family of `type`. */
export function valueAllowed(type: OmType | undefined, role: Role, value: number): boolean {
  switch (role) {
    case Role.Value:
      return type === 'stateset' ? value === 0 || value === 1 : type !== 'info' || value === 1;
    case Role.Total:
    case Role.Sum:
      return value >= 0;
    case Role.Quantile:
      return !(value < 0);
    case Role.GaugeSum:
      return value === value;
    case Role.Count:
    case Role.GaugeCount:
    case Role.Bucket:
      return value >= 0 && Number.isInteger(value);
    default:
      return true;
  }
}

/** The rule {@link valueAllowed} found broken. */
export function invalidValue(type: OmType | undefined, family: string, role: Role, value: number): RuleBreak {
  return {
    code: 'OM_INVALID_SAMPLE_VALUE',
    msg: `expected ${valueRule(type, role)} in ${type} "${family}", found ${formatGoFloat(value)}`,
  };
}

function valueRule(type: OmType | undefined, role: Role): string {
  switch (role) {
    case Role.Value:
      return type === 'stateset' ? 'a stateset value of 0 or 1' : 'an info value of 1';
    case Role.Total:
      return 'a counter total that is neither negative nor NaN';
    case Role.Quantile:
      return 'a quantile value that is not negative';
    case Role.Sum:
      return 'a _sum that is neither negative nor NaN';
    case Role.GaugeSum:
      return 'a _gsum that is not NaN';
    default:
      return `a ${role === Role.Bucket ? 'bucket count' : 'count'} that is a non-negative integer`;
  }
}

/** A quantile sample without `quantile`, a bucket without `le` or a stateset sample without its state label. */
export function missingLabel(role: Role, family: string, name: string): RuleBreak {
  const msg =
    role === Role.Quantile
      ? `expected a "quantile" label on summary sample "${name}", found none`
      : role === Role.Bucket
        ? `expected an "le" label on histogram bucket "${name}", found none`
        : `expected the label "${family}" naming the state of stateset "${family}", found none`;
  return { code: 'OM_MISSING_LABEL', msg };
}

/** A `quantile` or `le` value that is not one. */
export function invalidBound(role: Role, text: string): RuleBreak {
  return role === Role.Quantile
    ? { code: 'OM_INVALID_QUANTILE', msg: `expected a quantile between 0 and 1, found ${goQuote(text)}` }
    : { code: 'OM_INVALID_BUCKET_BOUND', msg: `expected a number or "+Inf" as le, found ${goQuote(text)}` };
}

/** An exemplar on a sample that may not have one. */
export function exemplarNotAllowed(type: OmType, name: string): RuleBreak {
  return {
    code: 'OM_EXEMPLAR_NOT_ALLOWED',
    msg: `expected exemplars only on counter _total and histogram _bucket samples, found one on ${type} sample "${name}"`,
  };
}

/** A sample of a metric of `family` read before, after another metric. */
export function interleavedMetric(family: string, name: string): RuleBreak {
  return {
    code: 'OM_INTERLEAVED_METRIC',
    msg: `expected the samples of each metric of "${family}" to be contiguous, found ${goQuote(name)} of an earlier metric`,
  };
}

/** Samples of one metric with and without a timestamp (`timestamp` undefined), or a timestamp before the point's. */
export function timestampOrder(family: string, timestamp: number | undefined, pointTs: number | undefined): RuleBreak {
  const msg =
    timestamp === undefined || pointTs === undefined
      ? `expected all or none of the samples of a metric of "${family}" to have a timestamp, found a mix`
      : `expected timestamps of a metric of "${family}" not to go backwards, found ${formatGoFloat(timestamp)} after ${formatGoFloat(pointTs)}`;
  return { code: 'OM_TIMESTAMP_ORDER', msg };
}

/** A second sample of one name in a point of a summary or histogram. */
export function duplicateSample(family: string, name: string): RuleBreak {
  return {
    code: 'OM_DUPLICATE_SAMPLE',
    msg: `expected one "${name}" sample per point of a metric of "${family}", found a second`,
  };
}

/** A bucket whose `le` is not above the last one's, or whose count is below it. */
export function bucketOrder(lastLe: number, le: number, lastCount: number, count: number): RuleBreak {
  const msg = !(le > lastLe)
    ? `expected le above ${formatGoFloat(lastLe)} (buckets in increasing order), found ${formatGoFloat(le)}`
    : `expected a cumulative count of at least ${formatGoFloat(lastCount)}, found ${formatGoFloat(count)}`;
  return { code: 'OM_BUCKET_ORDER', msg };
}
