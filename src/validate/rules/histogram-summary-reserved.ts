import type { LintRule } from '../rule.js';

/** promlint `lintHistogramSummaryReserved`: `_bucket`, `_count`, `_sum`, `le` and `quantile` belong to histograms and summaries. */
export const histogramSummaryReserved: LintRule = {
  id: 'HISTOGRAM_SUMMARY_RESERVED',
  severity: 'warning',
  category: 'promlint',
  description: 'a typed family uses a name suffix or label reserved for histograms and summaries',
  docs: `Names ending in \`_bucket\` belong to histograms, \`_count\`/\`_sum\` to histograms
and summaries, the label \`le\` to histogram buckets and \`quantile\` to summary
quantiles. A counter or gauge that uses them confuses readers and clashes with
the series of a histogram or summary of the base name. Untyped families are not
checked. Like promlint, a label is reported once per series that carries it.

\`\`\`
# TYPE queue_count gauge          <- "non-histogram and non-summary metrics should not have "_count" suffix"
# TYPE latency gauge
latency{quantile="0.9"} 3         <- "non-summary metrics should not have "quantile" label"
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      const t = family.type;
      if (t === 'untyped') continue;
      const histogram = t === 'histogram';
      const summary = t === 'summary';
      const n = family.name;
      if (!histogram && n.endsWith('_bucket')) {
        ctx.report({ family, typeLine: true, message: 'non-histogram metrics should not have "_bucket" suffix' });
      }
      if (!histogram && !summary && n.endsWith('_count')) {
        ctx.report({
          family,
          typeLine: true,
          message: 'non-histogram and non-summary metrics should not have "_count" suffix',
        });
      }
      if (!histogram && !summary && n.endsWith('_sum')) {
        ctx.report({
          family,
          typeLine: true,
          message: 'non-histogram and non-summary metrics should not have "_sum" suffix',
        });
      }
      for (const metric of family.metrics) {
        for (const l of metric.labels) {
          if (!histogram && l.name === 'le') {
            ctx.report({ family, metric, label: l.name, message: 'non-histogram metrics should not have "le" label' });
          }
          if (!summary && l.name === 'quantile') {
            ctx.report({
              family,
              metric,
              label: l.name,
              message: 'non-summary metrics should not have "quantile" label',
            });
          }
        }
      }
    }
  },
};
