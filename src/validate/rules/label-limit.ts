import { seriesText } from '../describe.js';
import type { LintRule } from '../rule.js';

/** Series with more labels than the configured limit. */
export const labelLimit: LintRule = {
  id: 'LABEL_LIMIT',
  severity: 'warning',
  category: 'structure',
  description: 'a series has more labels than the limit (maxLabels, default 30)',
  docs: `Every label multiplies cardinality, and ingesters enforce limits (Prometheus
\`label_limit\`, Mimir/Cortex \`max_label_names_per_series\`, default 30). The
count includes \`le\` for histogram buckets and \`quantile\` for summary
quantiles, not the metric name. Set the limit with \`--max-labels N\` or
\`"limits": {"maxLabels": N}\` in the config file.`,
  check(ctx) {
    const max = ctx.limits.maxLabels;
    for (const family of ctx.families) {
      for (const metric of family.metrics) {
        const extra = metric.histogram || metric.summary ? 1 : 0;
        const n = metric.labels.length + extra;
        if (n > max) {
          ctx.report({
            family,
            metric,
            message: `series ${seriesText(family.name, metric.labels)} has ${n} labels, more than the limit of ${max}`,
          });
        }
      }
    }
  },
};
