import { duplicateSeriesMessage } from '../../merge/conflict.js';
import type { Metric } from '../../model/types.js';
import { collisionsAfter, seriesText } from '../describe.js';
import { rejects, storedMetric } from '../push.js';
import type { LintRule } from '../rule.js';

/** Distinct series that the grouping labels turn into one. */
export const pushDuplicateSeries: LintRule = {
  id: 'PUSH_DUPLICATE_SERIES',
  severity: 'error',
  category: 'push',
  needsPush: true,
  description: 'two series become the same series once the grouping labels are applied',
  docs: `The grouping labels overwrite body labels of the same name, and \`instance=""\`
is added when there is no \`instance\`. Series that differed only in those
labels become one series, and the Pushgateway rejects the push:
\`… collected metric "x" { … } was collected before with the same name and
label values\`. Series that are already identical in the body are reported by
DUPLICATE_SERIES.

\`\`\`
# pushed to /metrics/job/batch/shard/1
rows{shard="1"} 10
rows{shard="2"} 12       <- reported: both become rows{instance="",job="batch",shard="1"}
\`\`\``,
  check(ctx) {
    const push = ctx.push;
    if (!push || push.pathError) return;
    for (const family of ctx.families) {
      for (const { metric, first, transformed: stored } of collisionsAfter(family.metrics, (m: Metric) =>
        storedMetric(m, push),
      )) {
        ctx.report({
          family,
          metric,
          message:
            `series ${seriesText(family.name, metric.labels)} and ${seriesText(family.name, first.labels)}` +
            `${first.pos ? ` (line ${first.pos.line})` : ''} both become ${seriesText(family.name, stored.labels)}; ` +
            rejects(duplicateSeriesMessage(family.name, stored, family.type)),
        });
      }
    }
  },
};
