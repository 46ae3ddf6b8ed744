import { seriesText } from '../describe.js';
import type { LintRule } from '../rule.js';

/** The `le="+Inf"` bucket and `_count` of a histogram disagree. */
export const histogramCountMismatch: LintRule = {
  id: 'HISTOGRAM_COUNT_MISMATCH',
  severity: 'error',
  category: 'structure',
  description: 'the le="+Inf" bucket of a histogram differs from its _count',
  docs: `The \`+Inf\` bucket counts every observation, and so does \`_count\`: they must
be equal. A missing \`_count\` line counts as 0 (what the reference serializer
writes for it).

\`\`\`
# TYPE latency_seconds histogram
latency_seconds_bucket{le="+Inf"} 10
latency_seconds_count 9                <- reported
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      for (const metric of family.metrics) {
        const h = metric.histogram;
        if (!h) continue;
        const inf = h.buckets.find((b) => b.upperBound === Infinity);
        if (!inf) continue;
        const series = seriesText(family.name, metric.labels);
        if (h.count === undefined) {
          ctx.report({
            family,
            metric,
            sample: { suffix: '_bucket', bound: Infinity },
            message: `histogram ${series} has no _count line but its le="+Inf" bucket counts ${inf.cumulativeCount}; a missing _count is written as 0`,
          });
        } else if (h.count !== inf.cumulativeCount) {
          ctx.report({
            family,
            metric,
            sample: { suffix: '_count' },
            message: `_count of ${series} is ${h.count} but its le="+Inf" bucket counts ${inf.cumulativeCount}; they must be equal`,
          });
        }
      }
    }
  },
};
