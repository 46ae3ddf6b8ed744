import { boundText, setKey, seriesText } from '../describe.js';
import type { Metric } from '../../model/types.js';
import type { LintRule } from '../rule.js';

/** The same series twice in a family; the same bucket or quantile twice in one series. */
export const duplicateSeries: LintRule = {
  id: 'DUPLICATE_SERIES',
  severity: 'error',
  category: 'structure',
  description: 'the same series (name and label set) appears more than once',
  docs: `Each series may appear once per exposition. Prometheus rejects the second
sample of a scrape (\`duplicate sample for timestamp\`), client_golang's gather
and the Pushgateway reject the whole payload (\`was collected before with the
same name and label values\`). Label order does not matter: \`x{a="1",b="2"}\`
and \`x{b="2",a="1"}\` are the same series. Within one histogram or summary
series, a repeated \`le\` or \`quantile\` is reported too.

\`\`\`
http_requests_total{code="200"} 10
http_requests_total{code="200"} 12     <- reported
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      const seen = new Map<string, Metric>();
      for (const metric of family.metrics) {
        const key = setKey(metric.labels);
        const first = seen.get(key);
        if (first) {
          ctx.report({
            family,
            metric,
            message: `series ${seriesText(family.name, metric.labels)} appears more than once${first.pos ? `; first on line ${first.pos.line}` : ''}`,
          });
        } else {
          seen.set(key, metric);
        }
        const bounds =
          metric.histogram?.buckets.map((b) => b.upperBound) ?? metric.summary?.quantiles.map((q) => q.quantile);
        if (!bounds || bounds.length < 2) continue;
        const label = metric.histogram ? 'le' : 'quantile';
        const suffix = metric.histogram ? '_bucket' : '';
        const seenBounds = new Set<number>();
        for (const b of bounds) {
          if (seenBounds.has(b)) {
            ctx.report({
              family,
              metric,
              sample: { suffix, bound: b },
              message: `${label}="${boundText(b)}" appears twice in ${seriesText(family.name, metric.labels)}`,
            });
          }
          seenBounds.add(b);
        }
      }
    }
  },
};
