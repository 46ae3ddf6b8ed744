import type { GatewayContext } from '../context.js';
import { esc } from './escape.js';
import { valueText } from './families.js';
import { shortDuration, utcTime } from './format.js';

/**
 * The Status tab (runtime, build information, startup flags, and where and
 * how the groups are kept) and the Help tab.
 */

function table(rows: readonly (readonly [string, string])[]): string {
  return `<table class="kv"><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`;
}

/** Storage state: persistence, consistency checking, what the store holds, the writer's own gauges. */
function storage(gw: GatewayContext): [string, string][] {
  const snap = gw.store.snapshot();
  const c = gw.config;
  const rows: [string, string][] = [
    [
      'persistence',
      c.persistenceFile === ''
        ? 'none: groups are kept in memory only and lost on restart'
        : `${c.persistenceFile} (journal on every change, snapshot every ${shortDuration(c.persistenceIntervalMs)})`,
    ],
    ['consistency check', gw.store.checked ? 'on' : 'off (--push.disable-consistency-check)'],
    ['groups stored', String(snap.groups.size)],
    ['store version', String(snap.version)],
    ['pending writes', String(gw.store.pendingWrites)],
    ['failure reasons remembered', `${gw.failures?.size ?? 0} (in memory only, not kept across restarts)`],
  ];
  // Only an unchecked store can hold parts left out of /metrics (finding them merges every group).
  if (!gw.store.checked) rows.push(['parts left out of /metrics', String(snap.problems().length)]);
  const ttl = gw.features?.ttl;
  if (ttl) rows.push(['TTL', 'on: groups are deleted once their TTL has passed since their last push']);
  for (const f of gw.writer.families())
    for (const m of f.metrics)
      if (m.value !== undefined && m.labels.length === 0) rows.push([f.name, valueText(m.value)]);
  return rows;
}

/** The whole Status tab. */
export function statusTab(gw: GatewayContext): string {
  const b = gw.build;
  const build: [string, string][] = [
    ['branch', b.branch],
    ['buildDate', b.buildDate],
    ['buildUser', b.buildUser],
    ['goVersion', b.goVersion],
    ['revision', b.revision],
    ['version', b.version],
  ];
  const runtime: [string, string][] = [
    ['Started', utcTime(gw.startTime)],
    ['Uptime', shortDuration(gw.now() - gw.startTime)],
  ];
  return `<h1>Status</h1>
<h2>Runtime Information</h2>${table(runtime)}
<h2>Build Information</h2>${table(build)}
<h2>Storage</h2>${table(storage(gw))}
<h2>Startup Flags</h2>${table([...gw.flags])}`;
}

/** The Help tab: how to push and delete, the filter syntax, staleness, keys. */
export function helpTab(gw: GatewayContext): string {
  const p = esc(gw.externalPrefix);
  return `<h1>Help</h1>
<h2>Pushing</h2>
<pre>echo 'some_metric 3.14' | curl --data-binary @- http://&lt;host&gt;${p}/metrics/job/&lt;job&gt;{/&lt;label&gt;/&lt;value&gt;}</pre>
<p><code>PUT</code> replaces the whole group, <code>POST</code> only the families in the body, <code>DELETE</code> removes the group.
Each group is shown with its grouping labels; <span class="badge b-job">job</span> and <span class="badge b-inst">instance</span> stand out.</p>
<h2>Finding groups</h2>
<p>The filter takes a label matcher as in PromQL, e.g. <code>{job="backup",env=~"prod.*"}</code>
(operators <code>=</code> <code>!=</code> <code>=~</code> <code>!~</code>, regular expressions anchored at both ends).
Sort by labels or by the time of the last successful push. Every view is a link (<code>?match=…&amp;sort=…&amp;page=…</code>) and works without JavaScript.</p>
<h2>Stale groups and failed pushes</h2>
<p>With TTLs, a group is marked <span class="mark stale">stale</span> when less than a quarter of its TTL is left;
without, when its last push is older than an hour (change with <code>?stale=30m</code>).
A group whose last push was refused shows <span class="mark failmark">Last push failed!</span> and, when this
process saw the refusal, the error the pusher got.</p>
<h2>Keyboard</h2>
<p><kbd>/</kbd> jumps to the filter, <kbd>Tab</kbd> moves between groups and buttons, <kbd>Enter</kbd> opens a group or a family,
<kbd>Esc</kbd> closes a confirmation.</p>
<p>The HTTP API and every flag are described in the gateway's documentation (<code>docs/gateway.md</code>).</p>`;
}
