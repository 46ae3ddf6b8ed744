import { boundText, seriesText } from '../describe.js';
import type { LintRule } from '../rule.js';

/** Buckets written out of `le` order, or with a NaN bound. */
export const histogramBucketOrder: LintRule = {
  id: 'HISTOGRAM_BUCKET_ORDER',
  severity: 'warning',
  category: 'structure',
  description: 'histogram buckets are not written in ascending le order, or a bound is NaN',
  docs: `Client libraries write buckets in ascending \`le\` order, ending with \`+Inf\`.
The reference parser keeps the order it reads and the reference serializer
writes it back unchanged, so out-of-order buckets travel through every hop and
surprise readers and tools that assume the order. A bucket bound of \`NaN\`
belongs to no range at all.

\`\`\`
# TYPE size_bytes histogram
size_bytes_bucket{le="1024"} 7
size_bytes_bucket{le="512"} 4        <- reported
size_bytes_bucket{le="+Inf"} 9
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      for (const metric of family.metrics) {
        const buckets = metric.histogram?.buckets;
        if (!buckets) continue;
        let max = -Infinity;
        for (const b of buckets) {
          if (b.upperBound !== b.upperBound) {
            ctx.report({
              family,
              metric,
              sample: { suffix: '_bucket', bound: b.upperBound },
              message: `bucket le="NaN" of ${seriesText(family.name, metric.labels)} has no upper bound`,
            });
            continue;
          }
          if (b.upperBound < max) {
            ctx.report({
              family,
              metric,
              sample: { suffix: '_bucket', bound: b.upperBound },
              message: `bucket le="${boundText(b.upperBound)}" of ${seriesText(family.name, metric.labels)} comes after le="${boundText(max)}"; write buckets in ascending le order`,
            });
          }
          if (b.upperBound > max) max = b.upperBound;
        }
      }
    }
  },
};
