import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Label } from '../../model/types.js';
import { basicCredentials, PasswordChecker } from '../web/passwords.js';
import { type LabelMatcher, MatcherSyntaxError, matchesAny, parseSelector } from './matcher.js';

/**
 * Per-job authorization: bearer tokens and basic-auth users, each allowed to
 * push (PUT/POST/DELETE) only to grouping keys matching its selectors, with
 * reads and admin actions authorized separately.
 *
 * ```yaml
 * tokens:
 *   - name: ci                      # shown in refusals and logs
 *     token_sha256: 9f86d0…         # sha256 hex of the token (or `token:` in clear)
 *     push: ['{job=~"batch-.*"}']   # PromQL selectors over grouping labels
 * users:
 *   - username: alice
 *     password: $2y$10$…            # bcrypt, as in the web config file
 *     push: ['{job="nightly",env!="prod"}']
 *     read: true
 *     admin: true
 * anonymous:                        # requests without credentials
 *   read: true
 * ```
 */

/** What a request needs: to push to a grouping, to read, to administer, or nothing. */
export type Access =
  { kind: 'push'; grouping: readonly Label[] } | { kind: 'read' } | { kind: 'admin' } | { kind: 'open' };

/** Rights of one principal. */
export interface Rights {
  name: string;
  push: LabelMatcher[][];
  /** The selectors as written, for messages. */
  pushText: string[];
  read: boolean;
  admin: boolean;
}

/** A parsed authorization file. */
export interface AuthConfig {
  /** sha256 hex of each token → rights. */
  tokens: Map<string, Rights>;
  /** username → bcrypt hash and rights. */
  users: Map<string, { hash: string; rights: Rights }>;
  anonymous: Rights;
}

/** An authorization file that cannot be used; the message names the field. */
export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';
}

/** The outcome of {@link Authorizer.authorize}. */
export type AuthDecision = { ok: true; principal: string } | { ok: false; status: 401 | 403; message: string };

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

function rightsOf(raw: Record<string, unknown>, where: string, name: string): Rights {
  const push = raw.push ?? [];
  if (!Array.isArray(push) || push.some((p) => typeof p !== 'string'))
    throw new AuthConfigError(`${where}.push: want a list of selectors such as '{job="x"}'`);
  const matchers = (push as string[]).map((p, i) => {
    try {
      return parseSelector(p);
    } catch (e) {
      if (e instanceof MatcherSyntaxError) throw new AuthConfigError(`${where}.push[${i}]: ${e.message}`);
      throw e;
    }
  });
  for (const k of ['read', 'admin'] as const) {
    if (raw[k] !== undefined && typeof raw[k] !== 'boolean')
      throw new AuthConfigError(`${where}.${k}: want true or false`);
  }
  return { name, push: matchers, pushText: push as string[], read: raw.read === true, admin: raw.admin === true };
}

/** Parses an authorization file's YAML (or JSON) text. Throws {@link AuthConfigError}. */
export function parseAuthConfig(text: string): AuthConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new AuthConfigError(`not valid YAML: ${(e as Error).message}`);
  }
  const root = (doc ?? {}) as Record<string, unknown>;
  if (typeof root !== 'object' || Array.isArray(root))
    throw new AuthConfigError('want a mapping with tokens, users and anonymous');
  for (const k of Object.keys(root))
    if (!['tokens', 'users', 'anonymous'].includes(k)) throw new AuthConfigError(`unknown field ${JSON.stringify(k)}`);
  const cfg: AuthConfig = {
    tokens: new Map(),
    users: new Map(),
    anonymous: { name: 'anonymous', push: [], pushText: [], read: false, admin: false },
  };
  const list = (k: string): Record<string, unknown>[] => {
    const v = root[k] ?? [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'object' || x === null))
      throw new AuthConfigError(`${k}: want a list of mappings`);
    return v as Record<string, unknown>[];
  };
  list('tokens').forEach((t, i) => {
    const where = `tokens[${i}]`;
    let hash: string;
    if (typeof t.token_sha256 === 'string' && /^[0-9a-fA-F]{64}$/.test(t.token_sha256))
      hash = t.token_sha256.toLowerCase();
    else if (typeof t.token === 'string' && t.token !== '') hash = sha256(t.token);
    else throw new AuthConfigError(`${where}: want token_sha256 (64 hex digits) or token`);
    if (cfg.tokens.has(hash)) throw new AuthConfigError(`${where}: the same token is listed twice`);
    cfg.tokens.set(hash, rightsOf(t, where, typeof t.name === 'string' ? t.name : `token #${i + 1}`));
  });
  list('users').forEach((u, i) => {
    const where = `users[${i}]`;
    if (typeof u.username !== 'string' || u.username === '') throw new AuthConfigError(`${where}.username: required`);
    if (typeof u.password !== 'string' || !/^\$2[abxy]?\$/.test(u.password))
      throw new AuthConfigError(`${where}.password: want a bcrypt hash`);
    if (cfg.users.has(u.username))
      throw new AuthConfigError(`${where}: user ${JSON.stringify(u.username)} is listed twice`);
    cfg.users.set(u.username, { hash: u.password, rights: rightsOf(u, where, u.username) });
  });
  if (root.anonymous !== undefined) {
    if (typeof root.anonymous !== 'object' || root.anonymous === null)
      throw new AuthConfigError('anonymous: want a mapping');
    cfg.anonymous = rightsOf(root.anonymous as Record<string, unknown>, 'anonymous', 'anonymous');
  }
  return cfg;
}

/** Reads and parses an authorization file. Throws {@link AuthConfigError} (message prefixed with the path). */
export function loadAuthFile(path: string): AuthConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new AuthConfigError(`${path}: ${(e as Error).message}`);
  }
  try {
    return parseAuthConfig(text);
  } catch (e) {
    throw new AuthConfigError(`${path}: ${(e as Error).message}`);
  }
}

function describe(grouping: readonly Label[]): string {
  return `{${grouping.map((l) => `${l.name}=${JSON.stringify(l.value)}`).join(',')}}`;
}

function checkerOf(config: AuthConfig): PasswordChecker {
  return new PasswordChecker([...config.users.values()].map((u) => u.hash));
}

/** Checks credentials and rights. Holds a cache of checked passwords (see {@link PasswordChecker}). */
export class Authorizer {
  private passwords: PasswordChecker;

  constructor(private config: AuthConfig) {
    this.passwords = checkerOf(config);
  }

  /** Replaces the configuration (after a reload); clears the cache. */
  setConfig(config: AuthConfig): void {
    this.config = config;
    this.passwords = checkerOf(config);
  }

  /** The rights the `Authorization` header proves: a principal, `undefined` for no header, `null` for bad credentials. */
  async identify(header: string | undefined): Promise<Rights | undefined | null> {
    if (!header) return undefined;
    if (/^bearer /i.test(header)) {
      const hash = sha256(header.slice(7).trim());
      for (const [h, rights] of this.config.tokens) {
        if (timingSafeEqual(Buffer.from(h), Buffer.from(hash))) return rights;
      }
      return null;
    }
    const c = basicCredentials(header);
    if (c) {
      const user = this.config.users.get(c.user);
      const ok = await this.passwords.verify(c.user, c.password, user?.hash);
      return ok && user ? user.rights : null;
    }
    return null;
  }

  /** Decides a request needing `access` with this `Authorization` header. 401: no or bad credentials; 403: not allowed. */
  async authorize(header: string | undefined, access: Access): Promise<AuthDecision> {
    if (access.kind === 'open') return { ok: true, principal: 'anyone' };
    const who = await this.identify(header);
    if (who === null) return { ok: false, status: 401, message: 'invalid credentials' };
    const rights = who ?? this.config.anonymous;
    const allowed =
      access.kind === 'read'
        ? rights.read || rights.admin
        : access.kind === 'admin'
          ? rights.admin
          : rights.admin || matchesAny(rights.push, access.grouping);
    if (allowed) return { ok: true, principal: rights.name };
    if (who === undefined)
      return {
        ok: false,
        status: 401,
        message: `credentials required to ${access.kind === 'push' ? `push to ${describe(access.grouping)}` : access.kind}`,
      };
    if (access.kind === 'push') {
      const may =
        rights.pushText.length > 0 ? `it may push to ${rights.pushText.join(' or ')}` : 'it may not push anywhere';
      return { ok: false, status: 403, message: `${rights.name} may not push to ${describe(access.grouping)}; ${may}` };
    }
    return {
      ok: false,
      status: 403,
      message: `${rights.name} may not ${access.kind === 'read' ? 'read' : 'use admin endpoints'}`,
    };
  }
}
