import { parsePushPath } from '../../merge/grouping-key.js';
import type { Label, MetricFamily, WriteRequest } from '../../model/types.js';
import type { SubmitResult } from '../../store/index.js';
import type { GatewayContext, HandlerRequest } from '../context.js';
import { sendError } from '../http-io.js';
import { aggregatePush } from './aggregation.js';
import { type Access, type AuthDecision, Authorizer, loadAuthFile } from './auth.js';
import { type FeatureConfig, featuresEnabled, hasLimits, hasTtl } from './config.js';
import { bodyRefusal, checkPushLimits, type LimitRefusal } from './limits.js';
import { matchesAny } from './matcher.js';
import { parseTtlHeader, TTL_HEADER, TtlTracker } from './ttl.js';
import { validatePathOf } from './validate-endpoint.js';

/**
 * The opt-in features at run time: the hooks the push path, the dispatcher
 * and `/metrics` call. The gateway creates one only when some feature is on,
 * so a default gateway runs none of this code.
 */

/** How often (at most, by the gateway's clock) requests trigger a TTL sweep. */
const SWEEP_EVERY_MS = 1000;

/** What a push needs before it reaches the store: the write to submit, or a reply already sent. */
export class GatewayFeatures {
  readonly ttl: TtlTracker | undefined;
  readonly authorizer: Authorizer | undefined;
  private readonly locks = new Map<string, Promise<void>>();
  private lastSweep = Number.NEGATIVE_INFINITY;
  private sweeping: Promise<number> | undefined;
  /** Refusals by limit name. */
  readonly refusals = new Map<string, number>();

  constructor(readonly config: FeatureConfig) {
    this.ttl = hasTtl(config) ? new TtlTracker(config) : undefined;
    this.authorizer = config.authFile !== '' ? new Authorizer(loadAuthFile(config.authFile)) : undefined;
  }

  /** Whether `config` turns on anything at all. */
  static wanted(config: FeatureConfig): boolean {
    return featuresEnabled(config);
  }

  /** Re-reads the authorization file (SIGHUP). Throws when it cannot be used; the previous one stays. */
  reloadAuth(): void {
    if (this.authorizer) this.authorizer.setConfig(loadAuthFile(this.config.authFile));
  }

  /** The body limit a push is read with: the smaller of `--limits.body-bytes` and `fallback`. */
  bodyLimit(fallback: number): number {
    const b = this.config.limits.bodyBytes;
    return b > 0 && b < fallback ? b : fallback;
  }

  /** Whether `--limits.body-bytes` is what limits bodies (so refusals should name it). */
  limitsBody(fallback: number): boolean {
    const b = this.config.limits.bodyBytes;
    return b > 0 && b < fallback;
  }

  /** Answers 413 for a body over `--limits.body-bytes`. */
  refuseBody(h: HandlerRequest, usage: number, declared: boolean): void {
    this.reply(h, bodyRefusal(this.config.limits, usage, declared));
  }

  private reply(h: HandlerRequest, r: LimitRefusal): void {
    this.refusals.set(r.limit, (this.refusals.get(r.limit) ?? 0) + 1);
    h.res.setHeader('Connection', r.limit === 'body_bytes' ? 'close' : 'keep-alive');
    sendError(h.req, h.res, r.status, r.message);
  }

  /** Whether pushes to `grouping` are aggregated. */
  aggregates(grouping: readonly Label[]): boolean {
    return (
      this.config.aggregate.length > 0 &&
      matchesAny(
        this.config.aggregate.map((a) => a.matchers),
        grouping,
      )
    );
  }

  /** Runs `fn` with the group `key` locked (aggregation reads, then writes). */
  private async locked<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const chained = prev.then(() => mine);
    this.locks.set(key, chained);
    await prev;
    try {
      return await fn();
    } finally {
      release();
      if (this.locks.get(key) === chained) this.locks.delete(key);
    }
  }

  /**
   * Checks a push against limits and TTL header, aggregates it when its
   * group is in aggregation mode, and submits it. Returns the store's result,
   * or `undefined` after answering the request itself (400, 413, 429).
   */
  async submitPush(h: HandlerRequest, write: WriteRequest): Promise<SubmitResult | undefined> {
    const gw = h.gw;
    let headerTtl: number | undefined;
    if (this.ttl && this.config.ttlHeader) {
      const t = parseTtlHeader(h.req.headers[TTL_HEADER]);
      if (t instanceof Error) {
        sendError(h.req, h.res, 400, t.message);
        return undefined;
      }
      headerTtl = t;
    }
    const families = write.families ?? [];
    const run = async (): Promise<SubmitResult | undefined> => {
      let w = write;
      if (hasLimits(this.config.limits)) {
        const r = checkPushLimits(
          this.config.limits,
          write.grouping,
          families,
          write.mode === 'replace',
          gw.store.snapshot(),
        );
        if (r) {
          this.reply(h, r);
          return undefined;
        }
      }
      if (this.aggregates(write.grouping)) {
        const a = aggregatePush(gw.store.snapshot().group(write.grouping), write.grouping, families);
        if (!a.ok) {
          sendError(h.req, h.res, 400, a.message);
          return undefined;
        }
        w = { ...write, mode: 'merge', families: a.families };
      }
      const result = await gw.writer.submit(w);
      if (result.ok && this.ttl) this.ttl.pushed(write.grouping, headerTtl);
      return result;
    };
    return this.aggregates(write.grouping) ? this.locked(JSON.stringify(write.grouping), run) : run();
  }

  /** Checks a push for the dry run: limit and aggregation problems as messages (empty: none). Pure. */
  dryRunProblems(
    gw: GatewayContext,
    grouping: Label[],
    families: MetricFamily[],
    replace: boolean,
  ): { code: string; message: string }[] {
    const out: { code: string; message: string }[] = [];
    const snap = gw.store.snapshot();
    if (hasLimits(this.config.limits)) {
      const r = checkPushLimits(this.config.limits, grouping, families, replace, snap);
      if (r) out.push({ code: `LIMIT_${r.limit.toUpperCase()}`, message: `${r.status}: ${r.message}` });
    }
    if (this.aggregates(grouping)) {
      const a = aggregatePush(snap.group(grouping), grouping, families);
      if (!a.ok) out.push({ code: 'AGGREGATION_REFUSED', message: a.message });
    }
    return out;
  }

  /** Decides a request's access with the authorization file; `ok` when no file is configured. */
  authorize(h: HandlerRequest, access: Access): Promise<AuthDecision> {
    if (!this.authorizer) return Promise.resolve({ ok: true, principal: 'anyone' });
    return this.authorizer.authorize(h.req.headers.authorization, access);
  }

  /**
   * Deletes the groups whose TTL ran out by `gw.now()` (at most once per
   * second of the gateway's clock unless `force`). Resolves with how many
   * were deleted.
   */
  sweep(gw: GatewayContext, force = false): Promise<number> {
    const ttl = this.ttl;
    if (!ttl) return Promise.resolve(0);
    const now = gw.now();
    if (!force && now - this.lastSweep < SWEEP_EVERY_MS) return this.sweeping ?? Promise.resolve(0);
    this.lastSweep = now;
    const run = async (): Promise<number> => {
      const due = ttl.due(gw.store.snapshot(), now);
      for (const g of due) {
        gw.logger.info('group expired (TTL)', {
          group: g.labels.map((l) => `${l.name}=${l.value}`).join(','),
          ttl: ttl.ttlOf(g),
        });
        ttl.forget(g.labels);
        await gw.writer.submit({ grouping: [...g.labels], mode: 'delete', receivedAt: now });
      }
      ttl.expiredTotal += due.length;
      return due.length;
    };
    this.sweeping = run().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /** The features' own metrics (TTL gauge and counter, limit refusals). New objects. */
  families(gw: GatewayContext): MetricFamily[] {
    const out: MetricFamily[] = [];
    if (this.ttl) out.push(...this.ttl.families(gw.store.snapshot()));
    if (hasLimits(this.config.limits)) {
      out.push({
        name: 'promkit_limit_refusals_total',
        type: 'counter',
        help: 'Requests refused by a limit, by limit.',
        metrics: [...this.refusals].map(([limit, n]) => ({ labels: [{ name: 'limit', value: limit }], value: n })),
      });
    }
    return out;
  }
}

/** What a route needs under per-job authorization. */
export type AccessKind = Access['kind'];

/**
 * The access a request to a route needs: `push` routes (and the dry run)
 * resolve their grouping from the path; a path that does not parse needs
 * nothing here (its handler answers 400 and stores nothing).
 */
export function accessOf(kind: AccessKind, rawRelative: string, method: string): Access {
  if (kind !== 'push') return { kind };
  const path =
    rawRelative.includes('/validate/') && rawRelative.startsWith('/api/') ? validatePathOf(rawRelative) : rawRelative;
  const r = path === undefined ? undefined : parsePushPath(path, method === 'GET' ? 'PUT' : method);
  return r?.kind === 'grouping' ? { kind: 'push', grouping: r.grouping } : { kind: 'open' };
}

/** The access of a Pushgateway route from the name it is counted under (push and delete: push; wipe: admin; health and CORS: open; the rest: read). */
export function routeAccess(counted: string | undefined): AccessKind {
  switch (counted) {
    case 'push':
    case 'delete':
      return 'push';
    case 'wipe':
      return 'admin';
    case 'healthy':
    case 'ready':
    case 'api/v1/options':
      return 'open';
    default:
      return 'read';
  }
}
