import { goTypeName } from '../../merge/conflict.js';
import type { Label, Metric } from '../../model/types.js';
import { formatGoFloat } from '../../model/values.js';
import type { GroupView, StoredFamily } from '../../store/index.js';
import { esc } from './escape.js';
import { utcTime } from './format.js';

/**
 * The families of one group, as the Pushgateway's page shows them: per
 * family its name, HELP, TYPE and last push time, then a table of series
 * (label badges, value); histograms and summaries as nested tables.
 */

/** The badge class of a label: `job` and `instance` stand out as on the Pushgateway's page. */
function badgeClass(name: string): string {
  return name === 'job' ? 'b-job' : name === 'instance' ? 'b-inst' : 'b-lbl';
}

/** One label as a badge: `name="value"`. */
export function badge(l: Label): string {
  return `<span class="badge ${badgeClass(l.name)}">${esc(l.name)}="${esc(l.value)}"</span>`;
}

/** A value as the Pushgateway's page writes it: no exponent in the usual range (`1796174539.168`), Go's text otherwise. */
export function valueText(v: number): string {
  return Number.isFinite(v) && (v === 0 || (Math.abs(v) >= 1e-6 && Math.abs(v) < 1e21)) ? String(v) : formatGoFloat(v);
}

function rows(pairs: [string, number][]): string {
  return pairs.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${esc(valueText(v))}</td></tr>`).join('');
}

/** The value cell of a series: a number, or a nested table for histograms and summaries. */
export function valueCell(m: Metric): string {
  if (m.summary) {
    const s = m.summary;
    const pairs: [string, number][] = s.quantiles.map((q) => [`Quantile ${esc(formatGoFloat(q.quantile))}`, q.value]);
    pairs.push(['Sample Count', s.count ?? 0], ['Sample Sum', s.sum ?? 0]);
    return `<table class="values">${rows(pairs)}</table>`;
  }
  if (m.histogram) {
    const h = m.histogram;
    const pairs: [string, number][] = h.buckets.map((b) => [
      `Sample values &le; ${esc(formatGoFloat(b.upperBound))}`,
      b.cumulativeCountFloat ?? b.cumulativeCount,
    ]);
    pairs.push(['Total sample Count', h.countFloat ?? h.count ?? 0], ['Sample Sum', h.sum ?? 0]);
    return `<table class="values">${rows(pairs)}</table>`;
  }
  return m.value === undefined ? '' : esc(valueText(m.value));
}

function byName(a: StoredFamily, b: StoredFamily): number {
  return a.family.name < b.family.name ? -1 : a.family.name > b.family.name ? 1 : 0;
}

/**
 * One family: a collapsible section with its series table. The series show
 * only their own labels: the group's labels (and an empty `instance`) are
 * the same on every series and already head the group.
 */
export function familySection({ family: f, writtenAt }: StoredFamily, grouping: ReadonlySet<string>): string {
  const own = (l: Label): boolean => !grouping.has(l.name) && !(l.name === 'instance' && l.value === '');
  const series = f.metrics
    .map((m) => `<tr><td>${m.labels.filter(own).map(badge).join(' ')}</td><td>${valueCell(m)}</td></tr>`)
    .join('');
  return `<details class="family"><summary><span class="fname">${esc(f.name)}</span> \
${f.help ? `<span class="help">${esc(f.help)}</span> ` : ''}<span class="badge b-type">${esc(goTypeName(f.type))}</span> \
<span class="muted">last pushed: <time datetime="${esc(utcTime(writtenAt))}">${esc(utcTime(writtenAt))}</time></span></summary>
<div class="scroll"><table class="series"><thead><tr><th>Labels (besides the group's)</th><th>Value</th></tr></thead><tbody>${series}</tbody></table></div></details>`;
}

/** Every family of `g`, by name. */
export function familiesOf(g: GroupView): string {
  const grouping = new Set(g.labels.map((l) => l.name));
  return [...g.families.values()]
    .sort(byName)
    .map((f) => familySection(f, grouping))
    .join('\n');
}
