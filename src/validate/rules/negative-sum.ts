import { boundText, seriesText } from '../describe.js';
import type { LintRule } from '../rule.js';

/** Histogram or summary `_sum` below zero. */
export const negativeSum: LintRule = {
  id: 'NEGATIVE_SUM',
  severity: 'warning',
  category: 'structure',
  description: 'the _sum of a histogram or summary is negative',
  docs: `\`_sum\` is usually used like a counter (\`rate(x_sum[5m]) / rate(x_count[5m])\`).
A negative sum is legal only when observations can be negative, and then
\`rate()\` on it is wrong whenever the sum goes down. Check that the
observations are meant to be negative.

\`\`\`
# TYPE temperature_celsius summary
temperature_celsius_sum -12.5         <- reported
temperature_celsius_count 4
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      for (const metric of family.metrics) {
        const sum = metric.histogram?.sum ?? metric.summary?.sum;
        if (sum !== undefined && sum < 0) {
          ctx.report({
            family,
            metric,
            sample: { suffix: '_sum' },
            message: `_sum of ${seriesText(family.name, metric.labels)} is negative (${boundText(sum)})`,
          });
        }
      }
    }
  },
};
