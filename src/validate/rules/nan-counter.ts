import { seriesText } from '../describe.js';
import type { LintRule } from '../rule.js';

/** NaN where a counter value is expected. */
export const nanCounter: LintRule = {
  id: 'NAN_COUNTER',
  severity: 'error',
  category: 'structure',
  description: 'a counter, or the _sum of a histogram or summary, is NaN',
  docs: `A counter that is NaN breaks every \`rate()\` and \`increase()\` over it, and
a NaN \`_sum\` does the same for averages. NaN usually means a division by
zero or an uninitialized value in the exporter. (Gauges may legitimately be
NaN, for example an empty ratio, and are not reported.)

\`\`\`
# TYPE bytes_sent_total counter
bytes_sent_total NaN        <- reported
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      for (const metric of family.metrics) {
        if (family.type === 'counter' && metric.value !== undefined && metric.value !== metric.value) {
          ctx.report({
            family,
            metric,
            value: true,
            message: `counter ${seriesText(family.name, metric.labels)} is NaN`,
          });
        }
        const sum = metric.histogram?.sum ?? metric.summary?.sum;
        if (sum !== undefined && sum !== sum) {
          ctx.report({
            family,
            metric,
            sample: { suffix: '_sum' },
            message: `_sum of ${seriesText(family.name, metric.labels)} is NaN`,
          });
        }
      }
    }
  },
};
