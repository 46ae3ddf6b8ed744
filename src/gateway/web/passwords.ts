import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';

/**
 * Checks user passwords against bcrypt hashes the way Prometheus'
 * exporter-toolkit does: outcomes are cached by user, hash and password (so
 * a client sending the same credentials on every request pays for bcrypt
 * once), comparisons run one at a time (a flood of wrong passwords costs at
 * most one core), and an unknown user is compared against a dummy hash of
 * the same cost as the real ones, so the time of a refusal does not tell
 * whether the user exists.
 */

/** Outcomes kept; beyond it the oldest are dropped. */
const CACHE_ENTRIES = 1024;

/** The cost (log2 rounds) of a bcrypt hash, or 10 when it cannot be read. */
export function bcryptCost(hash: string): number {
  const m = /^\$2[abxy]?\$(\d\d)\$/.exec(hash);
  return m ? +m[1] : 10;
}

/** The user and password of a `Basic` `Authorization` header, or `undefined` when it is not one. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A password checker over a fixed set of hashes (make a new one when they change). */
export class PasswordChecker {
  private readonly cache = new Map<string, boolean>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly dummy: Promise<string>;

  /** `hashes`: the bcrypt hashes of the known users (their highest cost sets the dummy's). */
  constructor(hashes: Iterable<string>) {
    let cost = 4;
    for (const h of hashes) cost = Math.max(cost, bcryptCost(h));
    this.dummy = bcrypt.hash('promkit: no such user', cost);
  }

  /** Whether `password` is right for `user`, whose hash is `hash` (`undefined`: no such user; always false, at the same cost). */
  async verify(user: string, password: string, hash: string | undefined): Promise<boolean> {
    const key = createHash('sha256')
      .update(`${user}\u0000${hash ?? ''}\u0000${password}`)
      .digest('hex');
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const against = hash ?? (await this.dummy);
    const run = this.queue.then(() => bcrypt.compare(password, against));
    this.queue = run.catch(() => false);
    const ok = (await run) && hash !== undefined;
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, ok);
    return ok;
  }
}
