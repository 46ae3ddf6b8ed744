/**
 * Request routing as the Pushgateway's stack does it: a `ServeMux` in front
 * (path cleaning, `/api/v1` → `/api/v1/`) and httprouter behind it (exact
 * routes with `:param` and `*catchAll`, trailing-slash and case-fixing
 * redirects, 405 with `Allow`, automatic `OPTIONS`). Paths here are decoded
 * paths held as latin1 strings (one char per byte), so matching is by bytes.
 */

/** One route: a method, a pattern such as `/metrics/job/:job/*labels`, and what to run. */
export interface Route<T> {
  method: string;
  pattern: string;
  target: T;
}

/** What {@link Router.lookup} found. */
export type Lookup<T> =
  | { kind: 'route'; route: Route<T>; params: Record<string, string> }
  /** A redirect to `path` (decoded, without query): 301 for GET, 307 for other methods. */
  | { kind: 'redirect'; status: 301 | 307; path: string }
  /** An OPTIONS request on a routed path: 200, empty body, this `Allow` header. */
  | { kind: 'options'; allow: string }
  /** The path is routed for other methods: 405 with this `Allow` header. */
  | { kind: 'method-not-allowed'; allow: string }
  | { kind: 'not-found' };

const SLASH = '/';

function lower(c: string): string {
  return c >= 'A' && c <= 'Z' ? String.fromCharCode(c.charCodeAt(0) + 32) : c;
}

/**
 * Matches `path` against `pattern`. Returns the params, or `undefined`.
 * With `fold`, static parts match regardless of ASCII case and `fixed`
 * receives the path spelled as the pattern spells it.
 */
function match(pattern: string, path: string, fold: boolean, fixed?: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  let i = 0;
  let j = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '/' && pattern[i + 1] === '*') {
      if (path[j] !== SLASH) return undefined;
      params[pattern.slice(i + 2)] = path.slice(j);
      fixed?.push(path.slice(j));
      return params;
    }
    if (c === ':') {
      let end = pattern.indexOf(SLASH, i);
      if (end < 0) end = pattern.length;
      let pend = path.indexOf(SLASH, j);
      if (pend < 0) pend = path.length;
      if (pend === j) return undefined;
      params[pattern.slice(i + 1, end)] = path.slice(j, pend);
      fixed?.push(path.slice(j, pend));
      i = end;
      j = pend;
      continue;
    }
    const p = path[j];
    if (p === undefined) return undefined;
    if (p !== c && !(fold && lower(p) === lower(c))) return undefined;
    fixed?.push(c);
    i++;
    j++;
  }
  return j === path.length ? params : undefined;
}

/** An httprouter-like router over a fixed route table. */
export class Router<T> {
  private readonly byMethod = new Map<string, Route<T>[]>();

  /** Adds a route. Patterns must start with `/`. Returns `this`. */
  add(method: string, pattern: string, target: T): this {
    if (!pattern.startsWith('/')) throw new Error(`code error: route pattern must start with "/": ${pattern}`);
    let list = this.byMethod.get(method);
    if (!list) this.byMethod.set(method, (list = []));
    list.push({ method, pattern, target });
    return this;
  }

  private find(method: string, path: string): { route: Route<T>; params: Record<string, string> } | undefined {
    for (const route of this.byMethod.get(method) ?? []) {
      const params = match(route.pattern, path, false);
      if (params) return { route, params };
    }
    return undefined;
  }

  /** httprouter's trailing-slash recommendation for `path` among `routes`. */
  private trailingSlash(routes: Route<T>[], path: string): string | undefined {
    if (path.endsWith(SLASH)) {
      const without = path.slice(0, -1);
      for (const r of routes) {
        if (match(r.pattern, without, false)) return without;
        // A path that stops right before a parameter (`/metrics/job/`) is
        // recommended without its slash, as httprouter's tree walk does.
        const colon = r.pattern.indexOf(':');
        if (colon > 0 && r.pattern.slice(0, colon) === path) return without;
      }
      return undefined;
    }
    const withSlash = path + SLASH;
    for (const r of routes) if (match(r.pattern, withSlash, false)) return withSlash;
    return undefined;
  }

  /** httprouter's `findCaseInsensitivePath` (with trailing-slash fixing). */
  private caseInsensitive(routes: Route<T>[], path: string): string | undefined {
    const candidates = [path, path.endsWith(SLASH) ? path.slice(0, -1) : path + SLASH];
    for (const candidate of candidates) {
      for (const r of routes) {
        const fixed: string[] = [];
        if (candidate !== '' && match(r.pattern, candidate, true, fixed)) return fixed.join('');
      }
    }
    return undefined;
  }

  /** The `Allow` value for `path` (methods other than `method` and OPTIONS that route it, plus OPTIONS, sorted), or `''`. */
  allowed(path: string, method: string): string {
    const methods: string[] = [];
    for (const [m, routes] of this.byMethod) {
      if (m === method || m === 'OPTIONS') continue;
      if (routes.some((r) => match(r.pattern, path, false))) methods.push(m);
    }
    if (methods.length === 0) return '';
    methods.push('OPTIONS');
    return methods.sort().join(', ');
  }

  /** Routes a request, in httprouter's order: route, trailing slash, case fix, OPTIONS, 405, 404. */
  lookup(method: string, path: string): Lookup<T> {
    const routes = this.byMethod.get(method);
    if (routes) {
      const found = this.find(method, path);
      if (found) return { kind: 'route', ...found };
      if (method !== 'CONNECT' && path !== SLASH) {
        const status = method === 'GET' ? 301 : 307;
        const tsr = this.trailingSlash(routes, path);
        if (tsr !== undefined) return { kind: 'redirect', status, path: tsr };
        const fixed = this.caseInsensitive(routes, path);
        if (fixed !== undefined && fixed !== path) return { kind: 'redirect', status, path: fixed };
      }
    }
    if (method === 'OPTIONS') {
      const allow = this.allowed(path, 'OPTIONS');
      if (allow !== '') return { kind: 'options', allow };
    } else {
      const allow = this.allowed(path, method);
      if (allow !== '') return { kind: 'method-not-allowed', allow };
    }
    return { kind: 'not-found' };
  }
}
