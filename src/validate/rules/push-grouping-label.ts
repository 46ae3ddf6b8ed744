import { collectedMetric } from '../../merge/conflict.js';
import { rejects, storedMetric } from '../push.js';
import type { LintRule } from '../rule.js';

/** Grouping labels named `quantile` or `le` on summaries and histograms. */
export const pushGroupingLabel: LintRule = {
  id: 'PUSH_GROUPING_LABEL',
  severity: 'error',
  category: 'push',
  needsPush: true,
  description: 'a grouping label named quantile or le is applied to a summary or histogram',
  docs: `Grouping labels are added to every pushed series. On a summary, a grouping
label \`quantile\` is refused: \`… must not have an explicit "quantile" label\`.
On a histogram, a grouping label \`le\` is accepted, and every bucket is then
exported with two \`le\` labels (\`le="7",le="1"\`), an exposition Prometheus
cannot scrape. Rename the grouping label.`,
  check(ctx) {
    const push = ctx.push;
    if (!push || push.pathError) return;
    const quantile = push.grouping.some((l) => l.name === 'quantile');
    const le = push.grouping.find((l) => l.name === 'le');
    if (!quantile && !le) return;
    for (const family of ctx.families) {
      const metric = family.metrics[0];
      if (!metric) continue;
      if (quantile && family.type === 'summary') {
        const stored = storedMetric(metric, push);
        ctx.report({
          family,
          typeLine: true,
          message: `grouping label "quantile" is applied to summary ${family.name}; ${rejects(`${collectedMetric(family.name, stored, family.type)} must not have an explicit "quantile" label`)}`,
        });
      }
      if (le && (family.type === 'histogram' || family.type === 'gauge_histogram')) {
        ctx.report({
          family,
          typeLine: true,
          message: `grouping label le="${le.value}" is applied to histogram ${family.name}; the Pushgateway accepts the push but exports every bucket with two le labels, which Prometheus cannot scrape`,
        });
      }
    }
  },
};
