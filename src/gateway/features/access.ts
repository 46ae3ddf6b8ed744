import { parsePushPath } from '../../merge/grouping-key.js';
import type { Access } from './auth.js';
import { validatePathOf } from './validate-path.js';

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
