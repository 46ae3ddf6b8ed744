import type { MetricFamily, WriteRequest } from '../model/types.js';
import { groupKey } from '../merge/grouping-key.js';
import { checkGrouping, groupedFamily } from './grouping.js';
import { isBookkeeping } from './records.js';

/**
 * Grouping a write's pushed families ahead of preparing it. Applying the
 * grouping, sorting and interning every series' labels does not depend on
 * what the store holds, so a large write can do it in a turn of the event
 * loop of its own (docs/gateway.md, "Large pushes"); preparing the same
 * request later takes the grouped families instead of grouping again.
 */

interface Staged {
  /** The key of the grouping the families were grouped with. */
  readonly key: string;
  /** The request's families when they were grouped, to notice a request changed since. */
  readonly families: readonly MetricFamily[];
  /** Each family grouped, by position (`undefined` for a bookkeeping family, which is not stored). */
  readonly grouped: readonly (MetricFamily | undefined)[];
}

const staged = new WeakMap<WriteRequest, Staged>();

/**
 * Groups the families of a push (`replace` or `merge`) now and keeps them
 * with `req` (for as long as `req` is referenced) for {@link stagedFamilies}.
 * Does nothing for a delete or a request that preparing would refuse
 * before grouping (bad grouping, families not an array).
 */
export function stageWrite(req: WriteRequest): void {
  const mode = req?.mode;
  if (mode !== 'replace' && mode !== 'merge') return;
  const grouping = checkGrouping(req.grouping);
  const families = req.families;
  if (typeof grouping === 'string' || !Array.isArray(families)) return;
  const grouped = families.map((f) => (isBookkeeping(f.name) ? undefined : groupedFamily(f, grouping)));
  staged.set(req, { key: groupKey(grouping), families: families.slice(), grouped });
}

/**
 * The families {@link stageWrite} grouped for `req` under the grouping with
 * key `key`, by position; `undefined` when it was not staged, or its grouping
 * or any of its families changed since.
 */
export function stagedFamilies(req: WriteRequest, key: string): readonly (MetricFamily | undefined)[] | undefined {
  const s = staged.get(req);
  const families = req.families;
  if (s === undefined || s.key !== key || !families || families.length !== s.families.length) return undefined;
  for (let i = 0; i < families.length; i++) if (families[i] !== s.families[i]) return undefined;
  return s.grouped;
}
