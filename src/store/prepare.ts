import type { Label, Metric, WriteRequest } from '../model/types.js';
import { formatGatherErrors } from '../merge/conflict.js';
import { groupKey } from '../merge/grouping-key.js';
import { bookkeepingClashes, checkPush } from './check.js';
import { sameKeys, type IndexReader, type IndexWriter } from './content.js';
import { checkGrouping, groupedFamily } from './grouping.js';
import { stagedFamilies } from './staged-writes.js';
import {
  familyRecord,
  groupRecord,
  isBookkeeping,
  PUSH_FAILURE_TIME,
  PUSH_TIME,
  timestampRecord,
  type FamilyRecord,
  type GroupRecord,
} from './records.js';
import type { OwnFamily, SubmitRejected, SubmitResult } from './types.js';

/**
 * Preparing a write: everything the Pushgateway does for a push short of
 * storing it (grouping, the stored records, the consistency check against
 * the index), as a plan that {@link applyPlan} carries out. Reads the index
 * only; costs the size of the push.
 */

const PREFIX = 'pushed metrics are invalid or inconsistent with existing metrics: ';
const TIMESTAMPS = 'pushed metrics must not have timestamps';

/** What preparing needs besides the index. */
export interface WriteContext {
  readonly checked: boolean;
  /**
   * Every write the index holds was checked (a checked store that is not
   * replicated): each series is held by one group at most, as the series
   * index says, so a group pushing again exactly the series it holds under
   * a name cannot duplicate another group's (see `PendingPush.sameSeries`).
   */
  readonly exact: boolean;
  readonly own: ReadonlyMap<string, OwnFamily>;
  readonly now: () => number;
}

/** One change of the name index: `group` takes `next` under `name` in place of `previous`, or (`next` null) drops `previous`. */
export interface HoldStep {
  readonly name: string;
  readonly previous: FamilyRecord | undefined;
  readonly next: FamilyRecord | null;
  /** `next` holds the same series as `previous` (see `sameKeys`), when already known. */
  readonly sameSeries?: boolean;
}

/** A prepared write. */
export interface WritePlan {
  /** What the write answers. */
  readonly result: SubmitResult;
  /** The request with `receivedAt` fixed (replaying it gives the same plan). */
  readonly request: WriteRequest;
  /** The group's key ('' for an invalid request). */
  readonly key: string;
  /** The group's grouping labels, sorted (empty for an invalid request). */
  readonly grouping: readonly Label[];
  /** The group's new record, `null` when it is deleted, `undefined` when the write changes nothing. */
  readonly group: GroupRecord | null | undefined;
  /** Index changes, in order. */
  readonly steps: readonly HoldStep[];
}

/** Applies a plan's changes to an index (the committed content or a batch's pending layer). */
export function applyPlan(plan: WritePlan, ix: IndexWriter): void {
  if (plan.group === undefined) return;
  for (const s of plan.steps) {
    if (s.next) ix.hold(s.name, plan.key, s.previous, s.next, s.sameSeries);
    else ix.unhold(s.name, plan.key, s.previous!);
  }
  ix.setGroup(plan.key, plan.group);
}

/** Prepares `req` against `ix`. Never throws for a bad request (it is refused in the result). */
export function planWrite(ix: IndexReader, ctx: WriteContext, req: WriteRequest): WritePlan {
  const mode = req?.mode;
  if (mode !== 'replace' && mode !== 'merge' && mode !== 'delete') {
    return invalid(req, `mode must be "replace", "merge" or "delete", got ${JSON.stringify(mode)}`);
  }
  const grouping = checkGrouping(req.grouping);
  if (typeof grouping === 'string') return invalid(req, grouping);
  const key = groupKey(grouping);
  const at = typeof req.receivedAt === 'number' && Number.isFinite(req.receivedAt) ? req.receivedAt : ctx.now();
  const request = at === req.receivedAt ? req : { ...req, receivedAt: at };
  const old = ix.group(key);
  if (mode === 'delete') return remove(request, key, grouping, old);

  const families = req.families ?? [];
  if (!Array.isArray(families)) return invalid(req, 'families must be an array');
  for (const f of families) {
    for (const m of f.metrics) {
      if (m.timestampMs !== undefined) return fail(ix, ctx, request, key, grouping, 'timestamps', [TIMESTAMPS]);
    }
  }
  const pushed = new Map<string, FamilyRecord>();
  const pushedMetrics = new Map<string, readonly Metric[]>();
  const ignored: string[] = [];
  const staged = stagedFamilies(req, key);
  for (let i = 0; i < families.length; i++) {
    const f = families[i];
    if (isBookkeeping(f.name)) {
      if (!ignored.includes(f.name)) ignored.push(f.name);
      continue;
    }
    // Keyed by the interned name: the parsed one can be a view into the whole body.
    const previous = old?.families.get(f.name);
    const g = staged?.[i] ?? groupedFamily(f, grouping, previous);
    pushed.delete(g.name);
    pushed.set(g.name, familyRecord(g, at, previous));
    pushedMetrics.set(g.name, g.metrics);
  }
  // The names under which the push holds exactly the series the group holds now (a re-push with new
  // values, the common case): the check and the index need not look those series up again.
  const sameSeries = new Set<string>();
  if (old) {
    for (const [name, rec] of pushed) {
      const prev = old.families.get(name);
      if (prev && sameKeys(prev, rec)) sameSeries.add(name);
    }
  }
  if (ctx.checked) {
    const bookkeeping = old
      ? []
      : [timestampRecord(PUSH_FAILURE_TIME, grouping, 0, at), timestampRecord(PUSH_TIME, grouping, at / 1000, at)];
    const errors = checkPush(
      { name: (n) => ix.name(n), own: ctx.own },
      {
        group: key,
        mode,
        isNew: !old,
        families: pushed,
        bookkeeping,
        sameSeries: ctx.exact ? sameSeries : undefined,
        metrics: pushedMetrics,
      },
    );
    if (errors.length > 0) return fail(ix, ctx, request, key, grouping, 'inconsistent', errors);
  }

  const steps: HoldStep[] = [];
  const next = new Map<string, FamilyRecord>();
  if (old) {
    for (const [name, rec] of old.families) {
      if (mode === 'replace' && !isBookkeeping(name) && !pushed.has(name))
        steps.push({ name, previous: rec, next: null });
      else next.set(name, rec);
    }
  }
  const hold = (name: string, rec: FamilyRecord, same: boolean | undefined): void => {
    steps.push({ name, previous: next.get(name), next: rec, sameSeries: same });
    next.set(name, rec);
  };
  // A group's `push_time_seconds` series has its grouping labels only: always the same series.
  hold(
    PUSH_TIME,
    timestampRecord(PUSH_TIME, grouping, at / 1000, at, next.get(PUSH_TIME)),
    next.has(PUSH_TIME) || undefined,
  );
  if (!next.has(PUSH_FAILURE_TIME))
    hold(PUSH_FAILURE_TIME, timestampRecord(PUSH_FAILURE_TIME, grouping, 0, at), undefined);
  for (const [name, rec] of pushed) hold(name, rec, sameSeries.has(name) || undefined);
  return {
    result: { ok: true, mode, group: key, changed: !old, ignored },
    request,
    key,
    grouping,
    group: groupRecord(key, grouping, next),
    steps,
  };
}

/** A refused push: `push_failure_time_seconds` is set (creating the group if needed) unless that itself would clash. */
function fail(
  ix: IndexReader,
  ctx: WriteContext,
  request: WriteRequest,
  key: string,
  grouping: Label[],
  reason: 'timestamps' | 'inconsistent',
  errors: string[],
): WritePlan {
  const at = request.receivedAt;
  const old = ix.group(key);
  const failure = timestampRecord(PUSH_FAILURE_TIME, grouping, at / 1000, at);
  const pushTime = old ? undefined : timestampRecord(PUSH_TIME, grouping, 0, at);
  // Creating the group must not itself duplicate another group's series.
  const recorded =
    old !== undefined ||
    !ctx.checked ||
    bookkeepingClashes({ name: (n) => ix.name(n), own: ctx.own }, key, [failure, pushTime!]).length === 0;
  const result: SubmitRejected = {
    ok: false,
    reason,
    group: key,
    message: PREFIX + formatGatherErrors(errors),
    errors,
    failureRecorded: recorded,
  };
  if (!recorded) return { result, request, key, grouping, group: undefined, steps: [] };
  const families = new Map<string, FamilyRecord>(old?.families);
  const steps: HoldStep[] = [{ name: PUSH_FAILURE_TIME, previous: families.get(PUSH_FAILURE_TIME), next: failure }];
  families.set(PUSH_FAILURE_TIME, failure);
  if (pushTime && !families.has(PUSH_TIME)) {
    steps.push({ name: PUSH_TIME, previous: undefined, next: pushTime });
    families.set(PUSH_TIME, pushTime);
  }
  return { result, request, key, grouping, group: groupRecord(key, old?.labels ?? grouping, families), steps };
}

function remove(request: WriteRequest, key: string, grouping: Label[], old: GroupRecord | undefined): WritePlan {
  const result: SubmitResult = { ok: true, mode: 'delete', group: key, changed: old !== undefined, ignored: [] };
  if (!old) return { result, request, key, grouping, group: undefined, steps: [] };
  const steps: HoldStep[] = [];
  for (const [name, rec] of old.families) steps.push({ name, previous: rec, next: null });
  return { result, request, key, grouping, group: null, steps };
}

function invalid(request: WriteRequest, message: string): WritePlan {
  return {
    result: { ok: false, reason: 'invalid-request', group: '', message, errors: [message], failureRecorded: false },
    request,
    key: '',
    grouping: [],
    group: undefined,
    steps: [],
  };
}
