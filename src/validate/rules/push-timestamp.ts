import { seriesText } from '../describe.js';
import { PUSH_REJECTED } from '../push.js';
import type { LintRule } from '../rule.js';

/** Samples with timestamps, which the Pushgateway refuses. */
export const pushTimestamp: LintRule = {
  id: 'PUSH_TIMESTAMP',
  severity: 'error',
  category: 'push',
  needsPush: true,
  description: 'a pushed sample has a timestamp, so the Pushgateway rejects the whole push',
  docs: `The Pushgateway refuses pushed samples that carry timestamps: the whole push
fails with \`400 pushed metrics are invalid or inconsistent with existing
metrics: pushed metrics must not have timestamps\`, and the group's
\`push_failure_time_seconds\` is set. Drop the timestamps; Prometheus stamps
the samples when it scrapes the gateway.

\`\`\`
batch_last_success_seconds 1.7e9 1700000000000    <- reported
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      for (const metric of family.metrics) {
        if (metric.timestampMs === undefined) continue;
        ctx.report({
          family,
          metric,
          message: `sample ${seriesText(family.name, metric.labels)} has a timestamp; the Pushgateway rejects the push with 400 "${PUSH_REJECTED}pushed metrics must not have timestamps"`,
        });
      }
    }
  },
};
