import type { LintRule } from '../rule.js';

/** promlint `lintHelp`: every family needs a HELP line. */
export const missingHelp: LintRule = {
  id: 'MISSING_HELP',
  severity: 'warning',
  category: 'promlint',
  description: 'a family has no HELP text (promlint: "no help text")',
  docs: `Every metric family should say what it measures in a \`# HELP\` line. An empty
HELP (\`# HELP name\` with nothing after it) counts as none: the reference parser
does not record it.

\`\`\`
# HELP http_requests_total Requests served, by status code.
# TYPE http_requests_total counter
http_requests_total{code="200"} 1027
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      if (family.help === undefined) ctx.report({ family, message: 'no help text' });
    }
  },
};
