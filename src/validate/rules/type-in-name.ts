import { nameWords } from './name-words.js';
import type { LintRule } from '../rule.js';

/** The lower-cased client_model type names promlint looks for (UNTYPED excluded). */
const typesIn = nameWords(['counter', 'gauge', 'summary', 'histogram', 'gauge_histogram']);

/** promlint `lintMetricTypeInName`: a type name as a word of the metric name. */
export const typeInName: LintRule = {
  id: 'TYPE_IN_NAME',
  severity: 'warning',
  category: 'promlint',
  description: "a metric name contains a type name (promlint: metric name should not include type 'gauge')",
  docs: `The type belongs in the \`# TYPE\` line, not in the name. A name is reported
for each of \`counter\`, \`gauge\`, \`summary\`, \`histogram\` and
\`gauge_histogram\` that appears as \`_<type>_\` inside it or \`_<type>\` at its
end, compared case-insensitively. \`x_gauge_histogram\` is reported twice
(\`gauge_histogram\` and \`histogram\`).

\`\`\`
queue_size_gauge 3     <- reported
queue_size 3
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      for (const t of typesIn(family.name.toLowerCase()))
        ctx.report({ family, message: `metric name should not include type '${t}'` });
    }
  },
};
