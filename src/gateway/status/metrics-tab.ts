import { badge, familiesOf } from './families.js';
import { esc } from './escape.js';
import { shortDuration, utcTime } from './format.js';
import type { GroupRow, MetricsModel } from './model.js';
import { metricsQuery, type PageQuery } from './query.js';

/**
 * The Metrics tab: the filter and sort form, the Delete All button, one
 * entry per group of the page (label badges; last push, failure and
 * staleness; the Delete button; the reason of the last refused push; the
 * families, collapsed) and the pager.
 */

function time(ms: number): string {
  const t = esc(utcTime(ms));
  return `<time datetime="${t}">${t}</time>`;
}

/** The group's labels as the confirmation names them: `{job="a", x="y"}`. */
export function groupText(row: GroupRow): string {
  return `{${row.labels.map((l) => `${l.name}="${l.value}"`).join(', ')}}`;
}

function meta(r: GroupRow): string {
  const parts: string[] = [];
  parts.push(
    r.lastPushMs !== undefined
      ? `last push ${time(r.lastPushMs)} (${shortDuration(r.ageMs)} ago)`
      : 'no successful push',
  );
  if (r.lastFailureMs !== undefined) parts.push(`last failure ${time(r.lastFailureMs)}`);
  if (r.ttlLeftMs !== undefined && r.ttlMs !== undefined)
    parts.push(`expires in ${shortDuration(r.ttlLeftMs)} (TTL ${shortDuration(r.ttlMs)})`);
  return parts.join(' · ');
}

function marks(r: GroupRow): string {
  let s = '';
  if (r.failing) s += ' <span class="mark failmark">Last push failed!</span>';
  if (r.stale) {
    const why =
      r.ttlLeftMs !== undefined ? `expires in ${shortDuration(r.ttlLeftMs)}` : `no push for ${shortDuration(r.ageMs)}`;
    s += ` <span class="mark stale" title="${esc(why)}">stale</span>`;
  }
  return s;
}

function reason(r: GroupRow): string {
  if (!r.reason) return '';
  const cls = r.failing ? 'reason' : 'reason past';
  const head = r.failing ? 'Why the last push failed' : 'Last failed push';
  return `<p class="${cls}"><strong>${head}</strong> (${time(r.reason.at)}): <code>${esc(r.reason.message)}</code></p>`;
}

function groupItem(r: GroupRow, i: number): string {
  const families = r.view.families.size;
  return `<li class="group${r.failing ? ' failing' : ''}${r.stale ? ' is-stale' : ''}" id="group-${i}">
<div class="ghead"><div class="labels">${r.labels.map(badge).join(' ')}${marks(r)}</div>
<span class="meta">${meta(r)}</span>
<button type="button" class="danger del needs-js" data-path="${esc(r.deletePath)}" data-group="${esc(groupText(r))}">Delete Group</button></div>
${reason(r)}<details class="fams"><summary>${families} metric ${families === 1 ? 'family' : 'families'}</summary>
${familiesOf(r.view)}</details></li>`;
}

function option(value: PageQuery['sort'], text: string, q: PageQuery): string {
  return `<option value="${value}"${q.sort === value ? ' selected' : ''}>${text}</option>`;
}

function hidden(q: PageQuery): string {
  const p = new URLSearchParams(metricsQuery(q, { match: '', sort: 'labels', page: 1 }).slice(1));
  return [...p].map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
}

function toolbar(q: PageQuery, m: MetricsModel, adminApi: boolean): string {
  const wipe =
    adminApi && m.total > 0
      ? `<button type="button" class="danger needs-js" id="wipe">Delete All <span class="count" id="group-count">${m.total}</span> Groups</button>`
      : '';
  return `<form class="toolbar" method="get" action="./" role="search">
<label for="match">Filter</label>
<input type="text" id="match" name="match" value="${esc(q.match)}" placeholder='{job="backup",env=~"prod.*"}' spellcheck="false" autocomplete="off" aria-describedby="match-help">
<label for="sort">Sort</label>
<select id="sort" name="sort">${option('labels', 'by labels', q)}${option('recent', 'last push, newest first', q)}${option('oldest', 'last push, oldest first', q)}</select>
${hidden(q)}<button type="submit">Apply</button>${q.match !== '' || q.sort !== 'labels' ? ' <a href="./">Clear</a>' : ''}
<span class="spacer"></span>${wipe}</form>
<p class="muted" id="match-help">A label matcher as in PromQL (<code>=</code>, <code>!=</code>, <code>=~</code>, <code>!~</code>); press <kbd>/</kbd> to jump here.</p>`;
}

function pager(q: PageQuery, m: MetricsModel): string {
  if (m.pages <= 1) return '';
  const link = (page: number, text: string, rel: string): string =>
    page === m.page || page < 1 || page > m.pages
      ? `<span class="muted">${text}</span>`
      : `<a href="./${esc(metricsQuery(q, { page }))}" rel="${rel}">${text}</a>`;
  return `<nav class="pager" aria-label="Pages">${link(1, '« First', 'first')} ${link(m.page - 1, '‹ Previous', 'prev')}
<span>Page ${m.page} of ${m.pages}</span> ${link(m.page + 1, 'Next ›', 'next')} ${link(m.pages, 'Last »', 'last')}</nav>`;
}

/** The whole Metrics tab. */
export function metricsTab(q: PageQuery, m: MetricsModel, adminApi: boolean): string {
  const first = (m.page - 1) * q.per + 1;
  const shown =
    m.matched === 0
      ? m.total === 0
        ? 'No metrics pushed yet.'
        : 'No group matches the filter.'
      : `Groups ${first}–${first + m.rows.length - 1} of ${m.matched}${m.matched !== m.total ? ` matching (${m.total} stored)` : ''}.`;
  const error = m.filterError ? `<p class="error" role="alert">Filter not applied: ${esc(m.filterError)}</p>` : '';
  const list = m.rows.length > 0 ? `<ol class="groups">${m.rows.map(groupItem).join('\n')}</ol>` : '';
  return `<h1>Metrics</h1>${toolbar(q, m, adminApi)}${error}<p id="shown">${shown}</p>${list}${pager(q, m)}`;
}
