import { atLine, collisionsAfter, seriesText } from '../describe.js';
import type { Label, Metric } from '../../model/types.js';
import type { LintRule } from '../rule.js';

/** Two series of a family that become one once empty label values are dropped. */
export const emptyLabelCollision: LintRule = {
  id: 'EMPTY_LABEL_COLLISION',
  severity: 'error',
  category: 'structure',
  description: 'two series differ only in labels with empty values, so Prometheus sees one series twice',
  docs: `Prometheus drops labels whose value is empty, so \`x{a=""}\` and \`x\` (or
\`x{a="",b="1"}\` and \`x{b="1"}\`) are the same series to it, and the second
sample of a scrape is rejected as a duplicate. Exact duplicates are reported
by DUPLICATE_SERIES; this rule reports the pairs that only collide after the
empty values are gone.

\`\`\`
queue_length{queue=""} 3
queue_length 4                   <- reported
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      let anyEmpty = false;
      for (const m of family.metrics) {
        if (m.labels.some((l) => l.value === '')) {
          anyEmpty = true;
          break;
        }
      }
      if (!anyEmpty) continue;
      const dropEmpty = (metric: Metric) => ({ labels: metric.labels.filter((l: Label) => l.value !== '') });
      for (const { metric, first, transformed } of collisionsAfter(family.metrics, dropEmpty)) {
        ctx.report({
          family,
          metric,
          message:
            `series ${seriesText(family.name, metric.labels)} and ${seriesText(family.name, first.labels)}${atLine(first.pos?.line)} ` +
            `are both ${seriesText(family.name, transformed.labels)} once Prometheus drops empty label values`,
        });
      }
    }
  },
};
