import { seriesText } from '../describe.js';
import type { LintRule } from '../rule.js';

/** Body labels that the grouping key silently replaces. */
export const pushLabelOverwritten: LintRule = {
  id: 'PUSH_LABEL_OVERWRITTEN',
  severity: 'warning',
  category: 'push',
  needsPush: true,
  description: 'a body label (job, instance, …) is silently replaced by the grouping label of the same name',
  docs: `Before storing a push, the Pushgateway sets every grouping label on every
series, overwriting a body label of the same name without telling anyone:
pushing \`x{job="a"}\` to \`/metrics/job/batch\` stores \`x{instance="",job="batch"}\`.
\`job\` is always part of the grouping key; \`instance\` and others only when the
path names them. (Go's push client refuses such metrics client-side; the
server does not.) Without a path (\`--push\` alone), any body \`job\` label is
reported.

\`\`\`
# pushed to /metrics/job/batch/instance/host1
backup_bytes{job="nightly",instance="db1"} 1e9   <- both labels reported
\`\`\``,
  check(ctx) {
    const push = ctx.push;
    if (!push || push.pathError) return;
    const grouping = new Map(push.grouping.map((l) => [l.name, l.value]));
    for (const family of ctx.families) {
      for (const metric of family.metrics) {
        for (const l of metric.labels) {
          const value = grouping.get(l.name);
          if (value === undefined) continue;
          if (push.path === undefined && l.name === 'job') {
            ctx.report({
              family,
              metric,
              label: l.name,
              message: `label job="${l.value}" of ${seriesText(family.name, metric.labels)} is replaced by the job name of the push URL; the Pushgateway stores the series without it`,
            });
          } else if (value !== l.value) {
            ctx.report({
              family,
              metric,
              label: l.name,
              message: `label ${l.name}="${l.value}" of ${seriesText(family.name, metric.labels)} is replaced by the grouping label ${l.name}="${value}"; the Pushgateway stores the series with ${l.name}="${value}"`,
            });
          }
        }
      }
    }
  },
};
