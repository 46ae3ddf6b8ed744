import { seriesText } from '../describe.js';
import type { LintRule } from '../rule.js';

/** A histogram series without its `le="+Inf"` bucket. */
export const histogramMissingInf: LintRule = {
  id: 'HISTOGRAM_MISSING_INF',
  severity: 'error',
  category: 'structure',
  description: 'a histogram has no le="+Inf" bucket',
  docs: `Every histogram series must have a \`le="+Inf"\` bucket, equal to its \`_count\`.
Without it \`histogram_quantile()\` cannot tell how many observations lie above
the last bound. The reference serializer and the Pushgateway quietly add one
with the \`_count\` value, so the data you read back is not the data you wrote.

\`\`\`
# TYPE latency_seconds histogram
latency_seconds_bucket{le="1"} 3
latency_seconds_count 4                <- no +Inf bucket: reported
latency_seconds_sum 2.5
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      for (const metric of family.metrics) {
        const h = metric.histogram;
        if (!h) continue;
        if (h.buckets.some((b) => b.upperBound === Infinity)) continue;
        const count = h.count === undefined ? 0 : h.count;
        ctx.report({
          family,
          metric,
          message: `histogram ${seriesText(family.name, metric.labels)} has no le="+Inf" bucket; serializers and the Pushgateway add one counting ${count} (its _count)`,
        });
      }
    }
  },
};
