// Scenario "(a+)+b": delete by matcher (`DELETE /api/v1/groups?match[]=…`, docs/gateway.md) with a
// backtracking pattern against a group whose job is 40 a's, and with `A)|(B`, which is no regular
// expression on its own. The Pushgateway has no such API.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { send } from '../../../scripts/gen-gateway-fixtures.lib.mjs';
import { groupJobs } from '../../../test/helpers/full-disk.js';
import { REQUEST_TIMEOUT_MS } from './held.js';
import type { HardeningContext, HardeningRow } from './types.js';

async function deleteMatching(base: string, selector: string): Promise<{ status: number; ms: number }> {
  const t = performance.now();
  const path = `/api/v1/groups?match%5B%5D=${encodeURIComponent(selector)}`;
  const r = await send(base, { method: 'DELETE', path }, REQUEST_TIMEOUT_MS).catch(() => ({ status: 0 }));
  return { status: r.status, ms: performance.now() - t };
}

/** The two matcher rows. */
export async function regexMatchers(ctx: HardeningContext): Promise<HardeningRow[]> {
  const as = 'a'.repeat(ctx.o.regexLength);
  const dir = mkdtempSync(join(ctx.dir, 'regex-'));
  ctx.log('matchers: promkit…');
  const s = await ctx.promkit.start(join(dir, 'state'), ['--api.enable-delete-by-matcher']);
  try {
    for (const job of [as, 'Axyz'])
      await send(s.url, { method: 'PUT', path: `/metrics/job/${job}`, body: '# TYPE x gauge\nx 1\n' });
    const backtrack = await deleteMatching(s.url, '{job=~"(a+)+b"}');
    const afterBacktrack = await groupJobs(s.url);
    const unbalanced = await deleteMatching(s.url, '{job=~"A)|(B"}');
    const afterUnbalanced = await groupJobs(s.url);
    const kept = (jobs: string[], job: string): string => (jobs.includes(job) ? 'group kept' : 'group deleted');
    const na = ctx.pushgateway ? 'n/a (no delete-by-matcher API)' : ctx.noPushgateway;
    return [
      {
        scenario: `delete {job=~"(a+)+b"}, job = ${ctx.o.regexLength} a's`,
        promkit: `status ${backtrack.status} in ${Math.round(backtrack.ms)} ms; ${kept(afterBacktrack, as)}`,
        pushgateway: na,
        expected: '200 within 1 s (RE2, linear); the group kept (no match)',
        pass: backtrack.status === 200 && backtrack.ms <= 1000 && afterBacktrack.includes(as),
      },
      {
        scenario: 'delete {job=~"A)|(B"}, job = Axyz',
        promkit: `status ${unbalanced.status} in ${Math.round(unbalanced.ms)} ms; ${kept(afterUnbalanced, 'Axyz')}`,
        pushgateway: na,
        expected: '400 (not a regular expression on its own); the group kept',
        pass: unbalanced.status === 400 && afterUnbalanced.includes('Axyz'),
      },
    ];
  } finally {
    await s.stop(5000);
  }
}
