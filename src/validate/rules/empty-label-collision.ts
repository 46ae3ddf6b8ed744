import { atLine, setKey, seriesText } from '../describe.js';
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
      const seen = new Map<string, { metric: Metric; exact: string }>();
      for (const metric of family.metrics) {
        const exact = setKey(metric.labels);
        const kept: Label[] = metric.labels.filter((l) => l.value !== '');
        const key = setKey(kept);
        const first = seen.get(key);
        if (!first) {
          seen.set(key, { metric, exact });
          continue;
        }
        if (first.exact === exact) continue;
        ctx.report({
          family,
          metric,
          message:
            `series ${seriesText(family.name, metric.labels)} and ${seriesText(family.name, first.metric.labels)}${atLine(first.metric.pos?.line)} ` +
            `are both ${seriesText(family.name, kept)} once Prometheus drops empty label values`,
        });
      }
    }
  },
};
