import type { LintRule } from '../rule.js';

/** promlint `lintCounter`: counters end in `_total`, other typed families do not. */
export const counterSuffix: LintRule = {
  id: 'COUNTER_SUFFIX',
  severity: 'warning',
  category: 'promlint',
  description: 'a counter without the "_total" suffix, or a typed non-counter with it',
  docs: `Counters are named \`<name>_total\`; gauges, histograms and summaries are not.
Untyped families are not checked. The problem texts are promlint's:
\`counter metrics should have "_total" suffix\` and
\`non-counter metrics should not have "_total" suffix\`.

\`\`\`
# TYPE jobs_processed counter      <- reported
# TYPE jobs_processed_total counter
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      const total = family.name.endsWith('_total');
      if (family.type === 'counter' && !total) {
        ctx.report({ family, typeLine: true, message: 'counter metrics should have "_total" suffix' });
      } else if (family.type !== 'counter' && family.type !== 'untyped' && total) {
        ctx.report({ family, typeLine: true, message: 'non-counter metrics should not have "_total" suffix' });
      }
    }
  },
};
