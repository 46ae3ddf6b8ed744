import { boundText, seriesText } from '../describe.js';
import type { LintRule } from '../rule.js';

/** Counters below zero. */
export const negativeCounter: LintRule = {
  id: 'NEGATIVE_COUNTER',
  severity: 'error',
  category: 'structure',
  description: 'a counter has a negative value',
  docs: `Counters count events since a start: they start at 0 and only go up.
\`rate()\` treats every decrease as a reset, so a negative counter yields
wrong rates. If the value can go down, it is a gauge. (The reference parser
and the Pushgateway accept negative counters silently.)

\`\`\`
# TYPE balance_total counter
balance_total -3        <- reported
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      if (family.type !== 'counter') continue;
      for (const metric of family.metrics) {
        const v = metric.value;
        if (v !== undefined && v < 0) {
          ctx.report({
            family,
            metric,
            value: true,
            message: `counter ${seriesText(family.name, metric.labels)} is negative (${boundText(v)})`,
          });
        }
      }
    }
  },
};
