import { parseGoDuration } from '../duration.js';

/**
 * The status page's query parameters: which tab, the label matcher filter,
 * the order, the page. Everything the page shows is chosen by these, so it
 * works without JavaScript and every view has a link.
 */

/** The tabs of the page. */
export type Tab = 'metrics' | 'status' | 'help';

/** Orders of the group list: by labels, most recent push first, oldest push first. */
export type SortOrder = 'labels' | 'recent' | 'oldest';

/** A parsed query. */
export interface PageQuery {
  tab: Tab;
  /** The filter as typed (`{job="backup",env=~"prod.*"}`), `''` for none. */
  match: string;
  sort: SortOrder;
  /** 1-based page number (clamped to the last page when rendering). */
  page: number;
  /** Groups per page. */
  per: number;
  /** Without TTLs, the age from which a group is marked stale, in ms. */
  staleMs: number;
}

/** Groups per page unless `per` says otherwise. */
export const DEFAULT_PER_PAGE = 100;
/** The largest `per` accepted. */
export const MAX_PER_PAGE = 1000;
/** Age from which a group without TTL is marked stale unless `stale` says otherwise. */
export const DEFAULT_STALE_MS = 3_600_000;

const SORTS: readonly SortOrder[] = ['labels', 'recent', 'oldest'];
const TABS: readonly Tab[] = ['metrics', 'status', 'help'];

function positiveInt(text: string | null, fallback: number, max: number): number {
  if (text === null || !/^\d{1,9}$/.test(text)) return fallback;
  const n = Number(text);
  return n < 1 ? fallback : Math.min(n, max);
}

/** Reads the query string (with or without `?`); unknown or malformed values fall back to the defaults. */
export function parsePageQuery(search: string, defaultTab: Tab): PageQuery {
  const p = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const tab = p.get('tab');
  const sort = p.get('sort');
  const stale = parseGoDuration(p.get('stale') ?? '');
  return {
    tab: TABS.includes(tab as Tab) ? (tab as Tab) : defaultTab,
    match: (p.get('match') ?? '').trim(),
    sort: SORTS.includes(sort as SortOrder) ? (sort as SortOrder) : 'labels',
    page: positiveInt(p.get('page'), 1, 1e9),
    per: positiveInt(p.get('per'), DEFAULT_PER_PAGE, MAX_PER_PAGE),
    staleMs: stale !== undefined && stale > 0 ? stale : DEFAULT_STALE_MS,
  };
}

/** The query string (`?…`, or `''`) of the metrics view `q` with `changes` applied; defaults are left out. */
export function metricsQuery(q: PageQuery, changes: Partial<PageQuery> = {}): string {
  const v = { ...q, ...changes };
  const p = new URLSearchParams();
  if (v.match !== '') p.set('match', v.match);
  if (v.sort !== 'labels') p.set('sort', v.sort);
  if (v.per !== DEFAULT_PER_PAGE) p.set('per', String(v.per));
  if (v.staleMs !== DEFAULT_STALE_MS) p.set('stale', `${v.staleMs / 1000}s`);
  if (v.page !== 1) p.set('page', String(v.page));
  const s = p.toString();
  return s === '' ? '' : `?${s}`;
}
