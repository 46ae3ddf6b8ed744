import { boundText, seriesText } from '../describe.js';
import type { LintRule } from '../rule.js';

/** Buckets whose cumulative count drops as `le` grows. */
export const histogramNotCumulative: LintRule = {
  id: 'HISTOGRAM_NOT_CUMULATIVE',
  severity: 'error',
  category: 'structure',
  description: 'a histogram bucket counts fewer observations than a bucket with a smaller le',
  docs: `Histogram buckets are cumulative: the bucket \`le="x"\` counts every observation
≤ x, so counts never decrease as \`le\` grows. A drop means the exporter wrote
per-bucket counts instead of cumulative ones (or mixed up bounds);
\`histogram_quantile()\` then returns nonsense. Buckets are compared in
ascending \`le\` order, whatever order they were written in.

\`\`\`
# TYPE latency_seconds histogram
latency_seconds_bucket{le="0.1"} 5
latency_seconds_bucket{le="1"} 3       <- reported: 3 < 5
latency_seconds_bucket{le="+Inf"} 9
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      for (const metric of family.metrics) {
        const buckets = metric.histogram?.buckets;
        if (!buckets || buckets.length < 2) continue;
        const sorted = buckets.filter((b) => b.upperBound === b.upperBound).sort((a, b) => a.upperBound - b.upperBound);
        for (let i = 1; i < sorted.length; i++) {
          const prev = sorted[i - 1];
          const b = sorted[i];
          if (b.cumulativeCount < prev.cumulativeCount) {
            ctx.report({
              family,
              metric,
              sample: { suffix: '_bucket', bound: b.upperBound },
              message:
                `bucket le="${boundText(b.upperBound)}" of ${seriesText(family.name, metric.labels)} counts ${b.cumulativeCount}, ` +
                `fewer than the ${prev.cumulativeCount} of le="${boundText(prev.upperBound)}"; buckets must be cumulative`,
            });
          }
        }
      }
    }
  },
};
