import type { GatewayContext } from '../context.js';
import { esc } from './escape.js';
import { metricsTab } from './metrics-tab.js';
import { metricsModel } from './model.js';
import { parsePageQuery, type Tab } from './query.js';
import { SCRIPT } from './script.js';
import { helpTab, statusTab } from './status-tab.js';
import { STYLE } from './style.js';

/**
 * The status page at `<prefix>/` (Metrics tab) and `<prefix>/status`
 * (Status tab): one self-contained HTML page, rendered on the server for
 * the tab, filter, order and page the query asks for. Links and actions
 * use relative URLs, so the page works behind a route prefix.
 */

function navLink(tab: Tab, current: Tab, href: string, text: string): string {
  return `<a href="${href}"${tab === current ? ' aria-current="page"' : ''}>${text}</a>`;
}

/**
 * The page for a request. `relative` is the request path relative to the
 * route prefix with its query (`/status?tab=help`).
 */
export function renderStatusPage(gw: GatewayContext, relative: string): string {
  const q0 = relative.indexOf('?');
  const path = q0 < 0 ? relative : relative.slice(0, q0);
  const q = parsePageQuery(q0 < 0 ? '' : relative.slice(q0), /^\/?status\/?$/.test(path) ? 'status' : 'metrics');
  let body: string;
  if (q.tab === 'metrics') {
    const model = metricsModel(gw.store.snapshot(), q, { now: gw.now(), failures: gw.failures, ttl: gw.features?.ttl });
    body = metricsTab(q, model, gw.config.enableAdminApi);
  } else body = q.tab === 'status' ? statusTab(gw) : helpTab(gw);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex,nofollow">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">
<title>Prometheus Pushgateway</title><style>${STYLE}</style></head>
<body><a class="skip" href="#main">Skip to content</a>
<header class="top"><span class="brand">Pushgateway</span><nav aria-label="Tabs">${navLink('metrics', q.tab, './', 'Metrics')}${navLink('status', q.tab, './status', 'Status')}${navLink('help', q.tab, './status?tab=help', 'Help')}</nav>
<span class="muted">${esc(gw.build.version)}</span></header>
<main id="main"><div id="notice" class="notice" role="alert" tabindex="-1" hidden></div>
${body}</main>
<dialog id="confirm" aria-labelledby="confirm-title"><form method="dialog"><h2 id="confirm-title">Deletion Confirmation</h2>
<p id="confirm-text"></p><div class="actions"><button value="cancel" id="confirm-cancel">Cancel</button><button value="ok" class="danger" id="confirm-ok">Delete</button></div></form></dialog>
<script>${SCRIPT}</script>
</body></html>
`;
}
