import type { LintRule } from '../rule.js';

/** Families the Pushgateway maintains itself. */
export const pushReservedMetric: LintRule = {
  id: 'PUSH_RESERVED_METRIC',
  severity: 'warning',
  category: 'push',
  needsPush: true,
  description:
    'the push contains push_time_seconds or push_failure_time_seconds, which the Pushgateway maintains itself',
  docs: `Every group has two gauges the Pushgateway writes: \`push_time_seconds\` (last
successful push) and \`push_failure_time_seconds\` (last failed push). A pushed
\`push_time_seconds\` is overwritten with the push time. A pushed
\`push_failure_time_seconds\` is overwritten with 0 in a new group, but kept in
an existing one, where a type other than gauge makes every later push and
scrape of the gateway fail until the group is deleted.`,
  check(ctx) {
    if (!ctx.push || ctx.push.pathError) return;
    for (const family of ctx.families) {
      if (family.name === 'push_time_seconds') {
        ctx.report({
          family,
          typeLine: true,
          message:
            'push_time_seconds is written by the Pushgateway; it overwrites the pushed value with the time of the push',
        });
      } else if (family.name === 'push_failure_time_seconds') {
        ctx.report({
          family,
          typeLine: true,
          message:
            'push_failure_time_seconds is written by the Pushgateway; a new group gets 0 instead, an existing group keeps the pushed value' +
            (family.type === 'gauge' ? '' : `, and as a ${family.type} it makes every later push and scrape fail`),
        });
      }
    }
  },
};
