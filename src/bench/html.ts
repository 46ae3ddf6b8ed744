import { resultColumns } from './columns.js';
import { formatBytes, formatMicros } from './figures.js';
import type { BenchResult, ResultRow } from './result.js';
import { STAGE_NAMES } from './stage.js';
import { spread } from './stats.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const BAR_HEIGHT = 22;
const GAP = 8;
/** Approximate width of one label character at 12px, for sizing the label column. */
const CHAR_WIDTH = 6.8;
const CHART_WIDTH = 560;
const VALUE_WIDTH = 80;

function rowLabel(r: ResultRow, payloadBytes: Map<string, number>): string {
  const size = payloadBytes.get(r.payload);
  const tool = r.tool === 'promkit' ? '' : `${r.tool} · `;
  return `${tool}${r.payload}${size === undefined ? '' : ` (${formatBytes(size)})`}`;
}

/**
 * One stage's chart as inline SVG: a horizontal bar per row. With ratios the bars are the ratio to Go,
 * with a dashed line at 1 (Go); promkit's bars are blue at or above 1 and orange below, other npm
 * tools' grey. Without any ratio the bars are MB/s. `scale` gives the axis maxima shared by the charts
 * of one report (so that bars compare across stages); by default each chart fits its own rows.
 * Returns SVG markup.
 */
export function stageChart(
  rows: readonly ResultRow[],
  payloadBytes: Map<string, number>,
  scale?: { ratio: number; mbPerSec: number },
): string {
  const byRatio = rows.some((r) => r.ratio !== undefined);
  const value = (r: ResultRow): number => (byRatio ? (r.ratio ?? 0) : r.mbPerSec);
  const shared = scale === undefined ? 0 : byRatio ? scale.ratio : scale.mbPerSec;
  const max = Math.max(byRatio ? 1 : 0, shared, ...rows.map(value)) * 1.08 || 1;
  const labels = rows.map((r) => rowLabel(r, payloadBytes));
  const LABEL_WIDTH = Math.max(160, Math.ceil(Math.max(...labels.map((l) => l.length)) * CHAR_WIDTH) + 12);
  const height = rows.length * (BAR_HEIGHT + GAP) + GAP + 18;
  const width = LABEL_WIDTH + CHART_WIDTH + VALUE_WIDTH;
  const x = (v: number): number => LABEL_WIDTH + (v / max) * CHART_WIDTH;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
  );
  rows.forEach((r, i) => {
    const y = GAP + i * (BAR_HEIGHT + GAP);
    const v = value(r);
    const fill = r.tool !== 'promkit' ? '#a0aec0' : byRatio && v < 1 ? '#dd6b20' : '#2b6cb0';
    const text = byRatio ? (r.ratio === undefined ? 'no Go figure' : `${v.toFixed(2)}×`) : `${v.toFixed(1)} MB/s`;
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + BAR_HEIGHT * 0.7}" text-anchor="end" class="label">${escapeHtml(labels[i])}</text>`,
    );
    parts.push(
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${Math.max(1, x(v) - LABEL_WIDTH).toFixed(1)}" height="${BAR_HEIGHT}" fill="${fill}"><title>${escapeHtml(`${r.stage} ${r.payload}: ${text}, ${r.mbPerSec.toFixed(1)} MB/s`)}</title></rect>`,
    );
    parts.push(
      `<text x="${(x(v) + 6).toFixed(1)}" y="${y + BAR_HEIGHT * 0.7}" class="value">${escapeHtml(text)}</text>`,
    );
  });
  const axisY = height - 14;
  if (byRatio) {
    const one = x(1).toFixed(1);
    parts.push(`<line x1="${one}" y1="0" x2="${one}" y2="${axisY}" stroke="#1a202c" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${one}" y="${height - 2}" text-anchor="middle" class="axis">Go expfmt = 1×</text>`);
  } else {
    parts.push(`<text x="${LABEL_WIDTH}" y="${height - 2}" class="axis">MB/s (no Go figure)</text>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function table(rows: readonly ResultRow[], microsPerFault: number | undefined): string {
  const columns = resultColumns(rows, { alwaysTool: true, microsPerFault, times: '×', msPerOp: true });
  const head = columns.map((c) => `<th>${escapeHtml(c.title)}</th>`).join('');
  const body = rows.map(
    (r) =>
      `<tr>${columns.map((c) => `<td${c.names === true ? '' : ' class="num"'}>${escapeHtml(c.cell(r))}</td>`).join('')}</tr>`,
  );
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body.join('\n')}\n</tbody></table>`;
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a202c; margin: 24px auto; max-width: 1100px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 2px; }
.lead, .summary { color: #4a5568; margin: 0 0 8px; }
dl.machine { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; background: #f7fafc; border: 1px solid #e2e8f0; padding: 10px 14px; margin: 12px 0; }
dl.machine dt { color: #4a5568; } dl.machine dd { margin: 0; font-family: ui-monospace, monospace; }
svg .label, svg .value { font: 12px system-ui, sans-serif; fill: #1a202c; } svg .axis { font: 11px system-ui, sans-serif; fill: #4a5568; }
table { border-collapse: collapse; font-size: 12px; margin-top: 8px; } th, td { border-bottom: 1px solid #e2e8f0; padding: 3px 8px; text-align: left; white-space: nowrap; }
td.num { text-align: right; font-family: ui-monospace, monospace; } ul.notes { color: #4a5568; }
.legend span { display: inline-block; width: 12px; height: 12px; vertical-align: -2px; margin: 0 4px 0 12px; }
`;

/**
 * A self-contained HTML report of a result (inline CSS and SVG, no scripts, no external resources):
 * machine and Node version, one bar chart per stage (ratio to Go per payload, or MB/s when the stage
 * has no Go counterpart), the full table and the notes. `summaries` gives each stage's one-line
 * description. Returns the document.
 */
export function renderHtml(result: BenchResult, summaries: ReadonlyMap<string, string> = new Map()): string {
  const env = result.environment;
  const payloadBytes = new Map(result.payloads.map((p) => [p.name, p.bytes]));
  const stages = [...STAGE_NAMES.filter((s) => result.rows.some((r) => r.stage === s))];
  const touch: Array<[string, string]> =
    env.pageTouch === undefined ? [] : [['first touch of a page', formatMicros(env.pageTouch.microsPerFault)]];
  const probe = env.speedProbeMs;
  const probed = probe === undefined || probe.length === 0 ? undefined : spread(probe);
  const speed: Array<[string, string]> =
    probed === undefined
      ? []
      : [
          [
            'fixed workload',
            `${probed.min.toFixed(2)}–${probed.max.toFixed(2)} ms over ${(probe as number[]).length} samples, one before each stage and one at the end`,
          ],
        ];
  const machine: Array<[string, string]> = [
    ['date', result.date],
    ['node', `${env.node} (V8 ${env.v8})`],
    ['machine', `${env.platform}, ${env.cpuCount} × ${env.cpuModel}, ${formatBytes(env.memoryBytes)} memory`],
    ...touch,
    [
      'load average',
      `${env.loadavgStart.map((x) => x.toFixed(2)).join(' ')} at start, ${env.loadavgEnd.map((x) => x.toFixed(2)).join(' ')} at end` +
        (env.otherCpuShare === undefined
          ? ''
          : `; other processes took ${Math.round(env.otherCpuShare * 100)}% of the CPU time`),
    ],
    ...speed,
    [
      'promkit',
      `${env.promkit ?? 'unknown version'}${env.commit === undefined ? '' : ` (commit ${env.commit.slice(0, 12)})`}`,
    ],
    ['payloads', result.payloads.map((p) => `${p.name}: ${formatBytes(p.bytes)}, ${p.series} series`).join('; ')],
    [
      'options',
      Object.entries(result.options)
        .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
        .join(' '),
    ],
  ];
  const hasGo = result.rows.some((r) => r.ratio !== undefined);
  const scale = {
    ratio: Math.max(1, ...result.rows.map((r) => r.ratio ?? 0)),
    mbPerSec: Math.max(0, ...result.rows.map((r) => r.mbPerSec)),
  };
  const sections = stages.map((s) => {
    const rows = result.rows.filter((r) => r.stage === s);
    const summary = summaries.get(s);
    return `<section><h2>${escapeHtml(s)}</h2>${summary === undefined ? '' : `<p class="summary">${escapeHtml(summary)}</p>`}\n${stageChart(rows, payloadBytes, scale)}</section>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>promkit bench ${escapeHtml(result.date)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>promkit bench</h1>
<p class="lead">${
    hasGo
      ? 'Throughput as a ratio to Go expfmt (prometheus/common, the Pushgateway&#39;s parser) measured in the same run on the same payload: above 1× is faster than Go. Compare ratios, not absolute MB/s.'
      : 'No Go reference in this run: bars are MB/s, which only compare within one run on one machine.'
  }</p>
<p class="legend">${
    hasGo
      ? '<span style="background:#2b6cb0"></span>promkit, at least Go&#39;s speed<span style="background:#dd6b20"></span>promkit, slower than Go'
      : '<span style="background:#2b6cb0"></span>promkit'
  }<span style="background:#a0aec0"></span>other npm packages</p>
<dl class="machine">${machine.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
${sections.join('\n')}
<h2>All rows</h2>
${table(result.rows, env.pageTouch?.microsPerFault)}
${result.notes.length === 0 ? '' : `<h2>Notes</h2><ul class="notes">${result.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`}
</body>
</html>
`;
}
