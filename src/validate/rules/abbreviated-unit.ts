import { nameWords } from './name-words.js';
import type { LintRule } from '../rule.js';

/** The abbreviations promlint discourages, in its order. */
const abbreviationsIn = nameWords(['s', 'ms', 'us', 'ns', 'sec', 'b', 'kb', 'mb', 'gb', 'tb', 'pb', 'm', 'h', 'd']);

/** promlint `lintUnitAbbreviations`: spell units out. */
export const abbreviatedUnit: LintRule = {
  id: 'ABBREVIATED_UNIT',
  severity: 'warning',
  category: 'promlint',
  description: 'a metric name contains an abbreviated unit such as "_ms" or "_kb"',
  docs: `Units are spelled out (\`seconds\`, not \`s\`/\`sec\`/\`ms\`; \`bytes\`, not
\`b\`/\`kb\`/\`mb\`). A name is reported once for each of \`s ms us ns sec b kb mb
gb tb pb m h d\` that appears as \`_<abbr>_\` inside it or \`_<abbr>\` at its end,
compared case-insensitively, so \`x_s_ms\` gets two identical problems, as in
promtool.

\`\`\`
request_latency_ms 12     <- reported
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      for (const _ of abbreviationsIn(family.name.toLowerCase()))
        ctx.report({ family, message: 'metric names should not contain abbreviated units' });
    }
  },
};
