// Scenario "100k labels": one push of one series with 100,000 labels (about 1.2 MB) at default settings.
import { describeHeld, heldBudgetMs, heldBy } from './held.js';
import type { HardeningContext, HardeningRow } from './types.js';

/** One series with `n` labels `l<i>="v"` (100,000: about 1.1 MB). */
export function manyLabels(n: number): Buffer {
  const labels = Array.from({ length: n }, (_, i) => `l${i}="v"`).join(',');
  return Buffer.from(`# TYPE x gauge\nx{${labels}} 1\n`);
}

/** The 100k-labels row. */
export async function bigLabels(ctx: HardeningContext): Promise<HardeningRow[]> {
  const body = manyLabels(ctx.o.labels);
  const c = { name: 'labels', path: '/metrics/job/labels', headers: {}, body };
  const budget = heldBudgetMs(body.length);
  ctx.log(`${ctx.o.labels} labels: promkit…`);
  const p = await heldBy(ctx, ctx.promkit, c);
  let pg = ctx.noPushgateway;
  if (ctx.pushgateway) {
    ctx.log(`${ctx.o.labels} labels: pushgateway…`);
    pg = describeHeld(await heldBy(ctx, ctx.pushgateway, c));
  }
  return [
    {
      scenario: `${ctx.o.labels} labels on one series (${(body.length / 1e6).toFixed(2)} MB)`,
      promkit: describeHeld(p),
      pushgateway: pg,
      expected: `answered, not 5xx; event loop held ≤ ${Math.round(budget)} ms (~100 ms/MB); scrape after 200 within 1 s`,
      pass: p.status > 0 && p.status < 500 && p.heldMs <= budget && p.scrape.status === 200 && p.scrape.ms <= 1000,
    },
  ];
}
