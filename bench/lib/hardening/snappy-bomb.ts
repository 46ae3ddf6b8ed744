// Scenario "snappy bomb": a snappy-framed body of about 16 MiB decoding to ~330 MiB, sent once without
// credentials at default settings.
import { snappyBombCase } from '../hostile-bodies.js';
import { describeHeld, heldBudgetMs, heldBy } from './held.js';
import type { HardeningContext, HardeningRow } from './types.js';

/** The snappy-bomb row. */
export async function snappyBomb(ctx: HardeningContext): Promise<HardeningRow[]> {
  const c = snappyBombCase(ctx.o.snappyMib);
  const budget = heldBudgetMs(c.body.length);
  ctx.log(`${c.name}: promkit…`);
  const p = await heldBy(ctx, ctx.promkit, c);
  let pg = ctx.noPushgateway;
  if (ctx.pushgateway) {
    ctx.log(`${c.name}: pushgateway…`);
    pg = describeHeld(await heldBy(ctx, ctx.pushgateway, c));
  }
  return [
    {
      scenario: c.name,
      promkit: describeHeld(p),
      pushgateway: pg,
      expected: `4xx; event loop held ≤ ${Math.round(budget)} ms (~100 ms/MB on the wire); peak RSS +≤ 128 MiB`,
      pass: p.status >= 400 && p.status < 500 && p.heldMs <= budget && p.peakRssMib <= 128,
    },
  ];
}
