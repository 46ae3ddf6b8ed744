import type { LintRule } from '../rule.js';

const LOWER_A = 97;
const LOWER_Z = 122;
const UPPER_A = 65;
const UPPER_Z = 90;

/** Whether `s` has a lower-case ASCII letter directly followed by an upper-case one (promlint's `[a-z][A-Z]`). */
function hasCamelCase(s: string): boolean {
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < UPPER_A || c > UPPER_Z) continue;
    const p = s.charCodeAt(i - 1);
    if (p >= LOWER_A && p <= LOWER_Z) return true;
  }
  return false;
}

/** promlint `lintCamelCase`: metric and label names in snake_case. */
export const camelCase: LintRule = {
  id: 'CAMEL_CASE',
  severity: 'warning',
  category: 'promlint',
  description: 'a metric or label name is written in camelCase',
  docs: `Names are snake_case. A lower-case letter followed by an upper-case letter
marks a camelCase name. Label names are reported once per series that carries
them, as promlint does.

\`\`\`
httpRequests_total{statusCode="200"} 1   <- two problems
http_requests_total{status_code="200"} 1
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      if (hasCamelCase(family.name)) {
        ctx.report({ family, message: "metric names should be written in 'snake_case' not 'camelCase'" });
      }
      for (const metric of family.metrics) {
        for (const l of metric.labels) {
          if (hasCamelCase(l.name)) {
            ctx.report({
              family,
              metric,
              label: l.name,
              message: "label names should be written in 'snake_case' not 'camelCase'",
            });
          }
        }
      }
    }
  },
};
