import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatGoFloat } from '../model/values.js';
import type { Label, MetricFamily } from '../model/types.js';
import { parse } from '../parse/index.js';
import { sortFamiliesByName } from '../serialize/index.js';
import type { GoTool, PayloadInput, StageCase, StageDef, StageName, Unavailable } from './stage.js';

/** Another npm package measured next to promkit when it is installed. */
interface PeerSpec {
  package: string;
  stage: StageName;
  goTool: GoTool;
  summary: string;
  prepare(mod: Record<string, unknown>, input: PayloadInput): Promise<StageCase | Unavailable>;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The module's CommonJS exports (the default export of a CJS module loaded with import()). */
function cjs(mod: Record<string, unknown>): Record<string, unknown> {
  const d = mod.default;
  return typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : mod;
}

interface PromValue {
  labels: Record<string, string>;
  value: number;
  metricName?: string;
}

function labelObject(labels: readonly Label[], extra?: [string, string]): Record<string, string> {
  const o: Record<string, string> = {};
  for (const l of labels) o[l.name] = l.value;
  if (extra) o[extra[0]] = extra[1];
  return o;
}

/** A family as prom-client's `metric.get()` returns it: flattened samples with sample names. */
function promClientData(f: MetricFamily): {
  name: string;
  help: string;
  type: string;
  values: PromValue[];
  aggregator: string;
} {
  const values: PromValue[] = [];
  for (const m of f.metrics) {
    if (m.histogram) {
      for (const b of m.histogram.buckets)
        values.push({
          labels: labelObject(m.labels, ['le', formatGoFloat(b.upperBound)]),
          value: b.cumulativeCount,
          metricName: `${f.name}_bucket`,
        });
      values.push({ labels: labelObject(m.labels), value: m.histogram.sum ?? 0, metricName: `${f.name}_sum` });
      values.push({ labels: labelObject(m.labels), value: m.histogram.count ?? 0, metricName: `${f.name}_count` });
    } else if (m.summary) {
      for (const q of m.summary.quantiles)
        values.push({ labels: labelObject(m.labels, ['quantile', formatGoFloat(q.quantile)]), value: q.value });
      values.push({ labels: labelObject(m.labels), value: m.summary.sum ?? 0, metricName: `${f.name}_sum` });
      values.push({ labels: labelObject(m.labels), value: m.summary.count ?? 0, metricName: `${f.name}_count` });
    } else values.push({ labels: labelObject(m.labels), value: m.value ?? 0 });
  }
  return { name: f.name, help: f.help ?? '', type: f.type, values, aggregator: 'sum' };
}

const PEERS: readonly PeerSpec[] = [
  {
    package: 'parse-prometheus-text-format',
    stage: 'parse',
    goTool: 'go-expfmt-parse',
    summary: 'parsePrometheusTextFormat(text): the decoded string in, its family objects out',
    async prepare(mod, { text }) {
      const exports = mod.default ?? mod;
      if (typeof exports !== 'function') return { unavailable: 'the package exports no function' };
      const parseText = exports as (s: string) => unknown;
      try {
        parseText(text);
      } catch (e) {
        return { unavailable: `it rejects this payload: ${errorText(e)}` };
      }
      return {
        fn: () => parseText(text),
        check: (r) => {
          if (!Array.isArray(r) || r.length === 0) throw new Error('no families in the result');
          return { families: r.length };
        },
      };
    },
  },
  {
    package: 'prom-client',
    stage: 'serialize',
    goTool: 'go-expfmt-serialize',
    summary:
      "await registry.metrics(): prom-client's text output of metrics whose get() returns the payload's samples (bookkeeping not timed)",
    async prepare(mod, { bytes }) {
      const Registry = cjs(mod).Registry as
        (new () => { registerMetric(m: unknown): void; metrics(): Promise<string> }) | undefined;
      if (typeof Registry !== 'function') return { unavailable: 'the package exports no Registry' };
      const registry = new Registry();
      for (const f of sortFamiliesByName(parse(bytes))) {
        const data = promClientData(f);
        registry.registerMetric({
          name: f.name,
          help: data.help,
          type: data.type,
          aggregator: 'sum',
          get: () => data,
          reset: () => {},
        });
      }
      const out = await registry.metrics();
      return {
        fn: () => registry.metrics(),
        async: true,
        bytes: Buffer.byteLength(out),
        check: (r) => {
          if (typeof r !== 'string' || r.length === 0) throw new Error('registry.metrics() wrote nothing');
          return { outputBytes: Buffer.byteLength(r) };
        },
      };
    },
  },
];

/**
 * Where an installed package resolves from: the working directory first (the user's project), then
 * the directory of `fromDir` (promkit's own dependencies). Returns the resolved entry file or undefined.
 */
export function resolvePackage(name: string, fromDirs: readonly string[]): string | undefined {
  for (const dir of fromDirs) {
    try {
      return createRequire(join(dir, 'noop.js')).resolve(name);
    } catch {
      // not installed there
    }
  }
  return undefined;
}

/** Names of the npm packages `promkit bench` can measure next to promkit, in table order. */
export const PEER_PACKAGES: readonly string[] = PEERS.map((p) => p.package);

/**
 * The stages of the other npm packages that resolve from `fromDirs` (see {@link resolvePackage}).
 * A package that is not installed yields no stage; nothing is loaded until a stage is prepared.
 */
export function peerStages(fromDirs: readonly string[]): StageDef[] {
  const out: StageDef[] = [];
  for (const peer of PEERS) {
    const entry = resolvePackage(peer.package, fromDirs);
    if (entry === undefined) continue;
    out.push({
      id: `${peer.package}:${peer.stage}`,
      stage: peer.stage,
      tool: peer.package,
      goTool: peer.goTool,
      summary: peer.summary,
      async prepare(input) {
        let mod: Record<string, unknown>;
        try {
          mod = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
        } catch (e) {
          return { unavailable: `${peer.package} does not load: ${errorText(e)}` };
        }
        return peer.prepare(mod, input);
      },
    });
  }
  return out;
}
