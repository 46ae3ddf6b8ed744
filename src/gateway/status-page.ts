import { encodeBase64Url } from '../merge/base64url.js';
import type { Metric, MetricFamily } from '../model/types.js';
import { formatGoFloat } from '../model/values.js';
import { goTypeName } from '../merge/conflict.js';
import type { GroupView } from '../store/index.js';
import type { GatewayContext } from './context.js';
import { formatRfc3339Nano } from './http/go-json.js';

/**
 * The status page at `<prefix>/` and `<prefix>/status`: one self-contained
 * HTML page (no external assets) titled `Prometheus Pushgateway`, with a
 * Metrics tab (one collapsible section per group: grouping labels with
 * `job` first, a Delete Group button, and per family its name, HELP, TYPE,
 * last push time and series) and a Status tab (start time, build
 * information, flags). Buttons use relative URLs, so the page works behind
 * a route prefix.
 */

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const utf8 = new TextEncoder();

/** The relative DELETE URL of a group, every part base64 (a `=` always added so empty values work). */
export function deletePath(labels: readonly { name: string; value: string }[]): string {
  const job = labels.find((l) => l.name === 'job')?.value ?? '';
  let p = `metrics/job@base64/${encodeBase64Url(utf8.encode(job))}=`;
  for (const l of labels) if (l.name !== 'job') p += `/${l.name}@base64/${encodeBase64Url(utf8.encode(l.value))}=`;
  return p;
}

function badges(labels: readonly { name: string; value: string }[]): string {
  const ordered = [...labels.filter((l) => l.name === 'job'), ...labels.filter((l) => l.name !== 'job')];
  return ordered.map((l) => `<span class="badge">${esc(l.name)}="${esc(l.value)}"</span>`).join(' ');
}

function valueText(m: Metric, type: MetricFamily['type']): string {
  if (m.summary) {
    const qs = m.summary.quantiles.map((q) => `${formatGoFloat(q.quantile)}: ${formatGoFloat(q.value)}`).join(', ');
    return `count ${formatGoFloat(m.summary.count ?? 0)}, sum ${formatGoFloat(m.summary.sum ?? 0)}${qs ? `; ${qs}` : ''}`;
  }
  if (m.histogram) {
    const bs = m.histogram.buckets
      .map((b) => `le ${formatGoFloat(b.upperBound)}: ${formatGoFloat(b.cumulativeCount)}`)
      .join(', ');
    return `count ${formatGoFloat(m.histogram.count ?? 0)}, sum ${formatGoFloat(m.histogram.sum ?? 0)}${bs ? `; ${bs}` : ''}`;
  }
  return type === 'gauge_histogram' ? '' : formatGoFloat(m.value ?? 0);
}

function groupSection(g: GroupView): string {
  const families = [...g.families.values()].sort((a, b) =>
    a.family.name < b.family.name ? -1 : a.family.name > b.family.name ? 1 : 0,
  );
  const cards = families
    .map(({ family: f, writtenAt }) => {
      const rows = f.metrics
        .map(
          (m) =>
            `<tr><td>${m.labels.map((l) => `${esc(l.name)}="${esc(l.value)}"`).join(', ')}</td><td>${esc(valueText(m, f.type))}</td></tr>`,
        )
        .join('');
      return `<div class="card"><h4>${esc(f.name)}</h4>
<p>${f.help ? `HELP: ${esc(f.help)}<br>` : ''}TYPE: ${esc(goTypeName(f.type).toLowerCase())}<br>last pushed: ${esc(formatRfc3339Nano(writtenAt))}</p>
<table><tr><th>Labels</th><th>Value</th></tr>${rows}</table></div>`;
    })
    .join('\n');
  const state = g.lastPushSuccessful ? '' : ' <span class="badge fail">last push failed</span>';
  return `<details><summary>${badges(g.labels)}${state}</summary>
<button class="delete" data-path="${esc(deletePath(g.labels))}">Delete Group</button>
${cards}</details>`;
}

function keySorted(a: GroupView, b: GroupView): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The whole page for the current store content. */
export function renderStatusPage(gw: GatewayContext): string {
  const groups = [...gw.store.snapshot().groups.values()].sort(keySorted);
  const b = gw.build;
  const info: [string, string][] = [
    ['version', b.version],
    ['revision', b.revision],
    ['branch', b.branch],
    ['buildUser', b.buildUser],
    ['buildDate', b.buildDate],
    ['goVersion', b.goVersion],
  ];
  const wipe =
    gw.config.enableAdminApi && groups.length > 0
      ? `<button id="wipe">Delete All ${groups.length} Groups</button>`
      : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Prometheus Pushgateway</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:sans-serif;margin:0 1.5em}nav a{margin-right:1em}details{border:1px solid #ccc;border-radius:4px;margin:.5em 0;padding:.3em .6em}
summary{cursor:pointer}.badge{background:#e8eef7;border-radius:3px;padding:0 .3em;font-family:monospace}.fail{background:#f7d4d4}
.card{border-top:1px solid #eee;margin:.5em 0}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.1em .5em;text-align:left;font-family:monospace}
button{margin:.3em 0}
</style></head>
<body>
<nav><h1>Prometheus Pushgateway</h1><a href="#metrics">Metrics</a><a href="#status">Status</a></nav>
<section id="metrics"><h2>Metrics</h2>${wipe}
${groups.length === 0 ? '<p>No metrics pushed.</p>' : groups.map(groupSection).join('\n')}
</section>
<section id="status"><h2>Status</h2>
<table><tr><th>Started</th><td>${esc(formatRfc3339Nano(gw.startTime))}</td></tr></table>
<h3>Build Information</h3><table>${info.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
<h3>Startup Flags</h3><table>${[...gw.flags].map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
</section>
<script>
for (const b of document.querySelectorAll('button.delete')) {
  b.addEventListener('click', () => {
    if (!confirm('Delete this group?')) return;
    fetch(b.dataset.path, { method: 'DELETE' }).then(() => setTimeout(() => location.reload(), 100));
  });
}
const wipe = document.getElementById('wipe');
if (wipe) wipe.addEventListener('click', () => {
  if (!confirm('Delete all groups?')) return;
  fetch('api/v1/admin/wipe', { method: 'PUT' }).then(() => setTimeout(() => location.reload(), 100));
});
</script>
</body></html>
`;
}
