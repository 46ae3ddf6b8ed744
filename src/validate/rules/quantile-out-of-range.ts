import { boundText, seriesText } from '../describe.js';
import type { LintRule } from '../rule.js';

/** Summary quantiles outside [0, 1]. */
export const quantileOutOfRange: LintRule = {
  id: 'QUANTILE_OUT_OF_RANGE',
  severity: 'error',
  category: 'structure',
  description: 'a summary quantile is not in [0, 1]',
  docs: `A quantile is a fraction: \`quantile="0.99"\`, not \`quantile="99"\`. Values below
0, above 1 or NaN are reported.

\`\`\`
# TYPE rpc_seconds summary
rpc_seconds{quantile="99"} 0.3        <- reported
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      for (const metric of family.metrics) {
        const s = metric.summary;
        if (!s) continue;
        for (const q of s.quantiles) {
          if (q.quantile >= 0 && q.quantile <= 1) continue;
          ctx.report({
            family,
            metric,
            sample: { suffix: '', bound: q.quantile },
            message: `quantile="${boundText(q.quantile)}" of ${seriesText(family.name, metric.labels)} is not between 0 and 1`,
          });
        }
      }
    }
  },
};
