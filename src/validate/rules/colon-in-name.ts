import type { LintRule } from '../rule.js';

/** promlint `lintReservedChars`: colons are for recording rules. */
export const colonInName: LintRule = {
  id: 'COLON_IN_NAME',
  severity: 'warning',
  category: 'promlint',
  description: "a metric name contains ':' (promlint: metric names should not contain ':')",
  docs: `Colons in metric names are reserved for the output of recording rules
(\`level:metric:operations\`). Exporters and pushed metrics should not use them.

\`\`\`
http:requests_total 3     <- reported
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      if (family.name.includes(':')) ctx.report({ family, message: "metric names should not contain ':'" });
    }
  },
};
