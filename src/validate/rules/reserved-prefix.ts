import { collectedMetric } from '../../merge/conflict.js';
import { rejects, storedMetric } from '../push.js';
import type { LintRule } from '../rule.js';

/** Metric and label names starting with `__`. */
export const reservedPrefix: LintRule = {
  id: 'RESERVED_PREFIX',
  severity: 'error',
  category: 'structure',
  description: 'a metric or label name starts with "__", which Prometheus reserves',
  docs: `Names starting with \`__\` are reserved for Prometheus' internal use
(\`__name__\`, \`__address__\`, \`__meta_*\`…). Relabeling drops such labels from
targets, client libraries refuse them, and the Pushgateway rejects a push whose
series carry one (\`… has a label with an invalid name: __x\`). With \`--push\`,
the message says so.

\`\`\`
jobs_total{__tenant="a"} 1      <- reported
__internal_jobs 2               <- reported
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      if (family.name.startsWith('__')) {
        ctx.report({
          family,
          message: `metric name "${family.name}" starts with "__", which is reserved for internal use`,
        });
      }
      for (const metric of family.metrics) {
        for (const l of metric.labels) {
          if (!l.name.startsWith('__')) continue;
          let message = `label name "${l.name}" starts with "__", which is reserved for internal use`;
          if (ctx.push && !ctx.push.pathError) {
            const stored = storedMetric(metric, ctx.push);
            message += `; ${rejects(`${collectedMetric(family.name, stored, family.type)} has a label with an invalid name: ${l.name}`)}`;
          }
          ctx.report({ family, metric, label: l.name, message });
        }
      }
    }
  },
};
