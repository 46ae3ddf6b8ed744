import type { GroupView } from '../../store/index.js';
import type { HandlerRequest } from '../context.js';
import { sendError } from '../http/reply.js';
import { type LabelMatcher, MatcherSyntaxError, matchesAny, parseSelector } from './matcher.js';

/**
 * `DELETE /api/v1/groups?match[]={job="x",env=~"dev.*"}` (with
 * `--api.enable-delete-by-matcher`): deletes every group whose grouping
 * labels match any selector; `dry_run=true` only lists them. The reply is
 * `{"status":"success","data":{"dry_run":…,"deleted":[{"labels":{…}}…]}}`.
 */

/** Reads `match[]` (repeatable) and `dry_run` from a query string. Throws {@link MatcherSyntaxError} or `Error` for a missing `match[]`. */
export function parseDeleteQuery(query: string): { selectors: LabelMatcher[][]; dryRun: boolean } {
  const params = new URLSearchParams(query);
  const raw = params.getAll('match[]');
  if (raw.length === 0) throw new Error('no match[] parameter: give at least one selector such as match[]={job="x"}');
  const dry = params.get('dry_run') ?? params.get('dry-run') ?? 'false';
  if (!['true', 'false', '1', '0', ''].includes(dry))
    throw new Error(`dry_run must be true or false, got ${JSON.stringify(dry)}`);
  return { selectors: raw.map((s) => parseSelector(s)), dryRun: dry === 'true' || dry === '1' || dry === '' };
}

/** The groups of `groups` matching any selector, in store order. Pure. */
export function selectGroups(groups: Iterable<GroupView>, selectors: readonly LabelMatcher[][]): GroupView[] {
  const out: GroupView[] = [];
  for (const g of groups) if (matchesAny(selectors, g.labels)) out.push(g);
  return out;
}

/** The handler. 400 for a bad selector (with the position), 200 with the list otherwise. */
export async function deleteByMatcherHandler(h: HandlerRequest): Promise<void> {
  const q = h.rawRelative.indexOf('?');
  let parsed: ReturnType<typeof parseDeleteQuery>;
  try {
    parsed = parseDeleteQuery(q < 0 ? '' : h.rawRelative.slice(q + 1));
  } catch (e) {
    if (e instanceof MatcherSyntaxError || e instanceof Error) {
      sendError(h.req, h.res, 400, `bad match[]: ${e.message}`);
      return;
    }
    throw e;
  }
  const matched = selectGroups(h.gw.store.snapshot().groups.values(), parsed.selectors);
  if (!parsed.dryRun) {
    h.gw.logger.info('deleting groups by matcher', { groups: matched.length });
    await Promise.all(
      matched.map((g) => h.gw.writer.submit({ grouping: [...g.labels], mode: 'delete', receivedAt: h.gw.now() })),
    );
  }
  const body = JSON.stringify({
    status: 'success',
    data: {
      dry_run: parsed.dryRun,
      deleted: matched.map((g) => ({ labels: Object.fromEntries(g.labels.map((l) => [l.name, l.value])) })),
    },
  });
  h.res.statusCode = 200;
  h.res.setHeader('Content-Type', 'application/json');
  h.res.setHeader('Content-Length', Buffer.byteLength(body));
  h.res.end(body);
}
