import { suffixCollision } from '../../merge/conflict.js';
import type { MetricFamily, MetricType } from '../../model/types.js';
import { rejects } from '../push.js';
import type { LintRule } from '../rule.js';

/** A family named like a series of a pushed summary or histogram (`x_count` next to summary `x`). */
export const pushSuffixCollision: LintRule = {
  id: 'PUSH_SUFFIX_COLLISION',
  severity: 'error',
  category: 'push',
  needsPush: true,
  description: 'a family collides with the _count/_sum/_bucket series of a summary or histogram in the same push',
  docs: `A summary \`x\` owns the names \`x_count\` and \`x_sum\`; a histogram also owns
\`x_bucket\`. Another family with one of those names (say an untyped \`x_count\`
written before \`# TYPE x summary\`) makes client_golang's gather fail, so the
Pushgateway rejects the push:
\`collected metric named "x_count" collides with previously collected summary named "x"\`
or, depending on the order it meets them,
\`collected histogram or summary named "x" collides with previously collected metric named "x_count"\`.

\`\`\`
rpc_seconds_count 3              <- reported (an untyped family of its own)
# TYPE rpc_seconds summary
rpc_seconds_sum 1.5
rpc_seconds_count 3
\`\`\``,
  check(ctx) {
    if (!ctx.push || ctx.push.pathError) return;
    const byName = new Map<string, MetricFamily>();
    for (const f of ctx.families) if (!byName.has(f.name)) byName.set(f.name, f);
    for (const family of ctx.families) {
      for (const suffix of ['_count', '_sum', '_bucket']) {
        if (!family.name.endsWith(suffix)) continue;
        const base = byName.get(family.name.slice(0, -suffix.length));
        if (!base) continue;
        // The base registered first, then the suffixed family, and the other way round.
        const types = new Map<string, MetricType>([[base.name, base.type]]);
        const forward = suffixCollision(family.name, family.type, (n) => types.get(n));
        if (forward === undefined) continue;
        const reverse = suffixCollision(base.name, base.type, (n) => (n === family.name ? family.type : undefined));
        ctx.report({
          family,
          typeLine: true,
          message:
            `family ${family.name} collides with the ${suffix} series of ${base.type} ${base.name}; ` +
            rejects(forward) +
            (reverse !== undefined ? ` (or "${reverse}", depending on gather order)` : ''),
        });
      }
    }
  },
};
