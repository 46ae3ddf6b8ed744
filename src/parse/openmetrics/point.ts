import type { OmType } from '../../../grammar/openmetrics/records.js';
import type { ParseErrorCode } from '../../errors/codes.js';
import type { Exemplar, HistogramValue, Label, Metric, SummaryValue } from '../../model/types.js';
import { formatGoFloat } from '../../model/values.js';

/** What a sample is within its family, from its name's suffix. */
export const enum Role {
  Value,
  Total,
  Created,
  Quantile,
  Sum,
  Count,
  Bucket,
  GaugeSum,
  GaugeCount,
}

/** Slots a point holds once, by role; a second sample for a filled slot starts a new point (or is a duplicate). */
const SLOT: readonly number[] = [1, 1, 2, 0, 4, 8, 0, 4, 8];

/** Whether a type gathers several samples (quantiles or buckets, count, sum) into one point. */
export function isComposite(type: OmType): boolean {
  return type === 'summary' || type === 'histogram' || type === 'gaugehistogram';
}

/** A check that failed when a point closed: reported at the point's first line. */
export interface PointError {
  code: ParseErrorCode;
  msg: string;
}

/**
 * One MetricPoint being read: the {@link Metric} it becomes and what the
 * checks across its samples need (which slots are filled, the buckets so far).
 * An assembler reads one point at a time and {@link start}s the same object
 * again for the next one.
 */
export class Point {
  /** The OpenMetrics name of the point's family. */
  family = '';
  /** The type of the point's family. */
  type: OmType = 'unknown';
  /** The metric this point becomes. */
  metric: Metric = { labels: [] };
  /** The labels that identify the point's metric, in the order of the point's first line. */
  groupLabels: Label[] = [];
  /** The timestamp of the point's samples in seconds, if they have one. */
  timestamp: number | undefined;
  /** Where the point's first line starts. */
  line = 0;
  offset = 0;
  /** The point's summary, for a summary family. */
  summary: SummaryValue | undefined;
  /** The point's histogram, for a histogram or gauge-histogram family. */
  histogram: HistogramValue | undefined;
  /** The {@link SLOT} bits filled by the samples so far. */
  private filled = 0;
  /** Buckets read so far, the last one's `le` and count, and whether any `le` was negative. */
  buckets = 0;
  lastLe = 0;
  lastCount = 0;
  private negative = false;

  /** Makes this the point of `metric` (new, with its empty summary or histogram), a metric of family `family` of `type`. */
  start(
    family: string,
    type: OmType,
    metric: Metric,
    groupLabels: Label[],
    timestamp: number | undefined,
    line: number,
    offset: number,
  ): this {
    this.family = family;
    this.type = type;
    this.metric = metric;
    this.groupLabels = groupLabels;
    this.timestamp = timestamp;
    this.line = line;
    this.offset = offset;
    this.summary = metric.summary;
    this.histogram = metric.histogram;
    this.filled = 0;
    this.buckets = 0;
    this.lastLe = 0;
    this.lastCount = 0;
    this.negative = false;
    return this;
  }

  /** Whether a sample of `role` fits into this point (its slot is free), rather than starting a new one. */
  fits(role: Role): boolean {
    const slot = SLOT[role];
    return slot === 0 || (this.filled & slot) === 0;
  }

  /** Puts a checked sample into the point. */
  add(role: Role, value: number, bound: number, exemplar: Exemplar | undefined): void {
    this.filled |= SLOT[role];
    if (role === Role.Bucket) this.addBucket(value, bound, exemplar);
    else if (role === Role.Value || role === Role.Total) {
      // Only a counter's total may have an exemplar (the assembler checks).
      this.metric.value = value;
      if (exemplar !== undefined) this.metric.exemplar = exemplar;
    } else this.addPart(role, value, bound);
  }

  private addBucket(value: number, bound: number, exemplar: Exemplar | undefined): void {
    this.histogram?.buckets.push(
      exemplar === undefined
        ? { upperBound: bound, cumulativeCount: value }
        : { upperBound: bound, cumulativeCount: value, exemplar },
    );
    this.buckets++;
    this.lastLe = bound;
    this.lastCount = value;
    if (bound < 0) this.negative = true;
  }

  /** A created timestamp, quantile, sum or count. */
  private addPart(role: Role, value: number, bound: number): void {
    switch (role) {
      case Role.Created:
        this.metric.createdTimestamp = value;
        return;
      case Role.Quantile:
        this.summary?.quantiles.push({ quantile: bound, value });
        return;
      case Role.Sum:
      case Role.GaugeSum:
        if (this.summary) this.summary.sum = value;
        else if (this.histogram) this.histogram.sum = value;
        return;
      case Role.Count:
      case Role.GaugeCount:
        if (this.summary) this.summary.count = value;
        else if (this.histogram) this.histogram.count = value;
    }
  }

  /** The checks that need all of the point's samples, or `undefined` when it is complete. */
  check(): PointError | undefined {
    const { type, family: name } = this;
    if (type === 'counter') {
      if (this.metric.value !== undefined) return undefined;
      return {
        code: 'OM_MISSING_TOTAL',
        msg: `expected a "${name}_total" sample in each point of counter "${name}", found none`,
      };
    }
    const h = this.histogram;
    if (h === undefined) return undefined;
    const gauge = type === 'gaugehistogram';
    const countName = gauge ? '_gcount' : '_count';
    const sumName = gauge ? '_gsum' : '_sum';
    if (this.buckets === 0 || this.lastLe !== Infinity) {
      const found = this.buckets === 0 ? 'no bucket' : `le up to ${formatGoFloat(this.lastLe)}`;
      return {
        code: 'OM_MISSING_INF_BUCKET',
        msg: `expected a "+Inf" bucket in each point of ${type} "${name}", found ${found}`,
      };
    }
    if (h.count !== undefined && h.count !== this.lastCount) {
      return {
        code: 'OM_COUNT_MISMATCH',
        msg: `expected ${countName} equal to the "+Inf" bucket (${formatGoFloat(this.lastCount)}) in ${type} "${name}", found ${formatGoFloat(h.count)}`,
      };
    }
    if ((h.count === undefined) !== (h.sum === undefined)) {
      return {
        code: 'OM_COUNT_SUM_PAIRING',
        msg: `expected both or neither of ${countName} and ${sumName} in ${type} "${name}", found only ${h.count === undefined ? sumName : countName}`,
      };
    }
    if (!gauge && this.negative && h.sum !== undefined) {
      return {
        code: 'OM_NEGATIVE_BUCKET_SUM',
        msg: `expected no _sum in histogram "${name}" with negative buckets, found ${formatGoFloat(h.sum)}`,
      };
    }
    if (gauge && !this.negative && h.sum !== undefined && h.sum < 0) {
      return {
        code: 'OM_NEGATIVE_BUCKET_SUM',
        msg: `expected a _gsum that is not negative in gaugehistogram "${name}" without negative buckets, found ${formatGoFloat(h.sum)}`,
      };
    }
    return undefined;
  }
}
