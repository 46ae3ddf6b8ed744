import type { LintRule } from '../rule.js';

/** Labels with an empty value, which Prometheus treats as absent. */
export const emptyLabelValue: LintRule = {
  id: 'EMPTY_LABEL_VALUE',
  severity: 'warning',
  category: 'structure',
  description: 'a label has an empty value, which Prometheus drops',
  docs: `In Prometheus a label with an empty value is the same as no label:
\`x{path=""}\` is stored as \`x\`. Writing it is harmless but misleading (queries
for \`path=""\` also match series without the label). Leave the label out, or
give it a placeholder value such as \`"none"\`.

\`\`\`
disk_free_bytes{device=""} 1e9      <- reported
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      for (const metric of family.metrics) {
        for (const l of metric.labels) {
          if (l.value === '') {
            ctx.report({
              family,
              metric,
              label: l.name,
              message: `label "${l.name}" has an empty value; Prometheus stores the series without it`,
            });
          }
        }
      }
    }
  },
};
