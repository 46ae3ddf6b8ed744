/**
 * The store against the real Pushgateway 1.5.1 (Debian prometheus-pushgateway,
 * on 127.0.0.1 with a free port and a temporary persistence file): generated
 * sequences of PUT/POST/DELETE with text bodies go to both; every step must be
 * accepted or refused alike (refusals for the same kind of reason), and after
 * each sequence both expositions of what was pushed must be byte-identical
 * (push times masked; the gateway's own go_*, process_*, pushgateway_*
 * families left out).
 *
 * The generator stays clear of the 1.5.1 states that break its exposition or
 * every later push (docs/gateway.md, deliberate differences: non-UTF-8 grouping values, an explicit
 * empty instance next to a group without one, bookkeeping families in a body,
 * `le` as a grouping label), where the store deliberately differs. HELP is a
 * function of the family name, since 1.5.1 picks a random one on conflicts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { groupingPath, parseGroupingPath } from '../../src/merge/index.js';
import type { Label, Metric, MetricFamily, MetricType } from '../../src/model/types.js';
import { parse } from '../../src/parse/index.js';
import { serializeText } from '../../src/serialize/index.js';
import { ParseError } from '../../src/errors/index.js';
import { createStore, type MetricStore, type SubmitResult } from '../../src/store/index.js';
import { freePort } from '../helpers/net.js';

const PUSHGATEWAY = '/usr/bin/prometheus-pushgateway';
const have = existsSync(PUSHGATEWAY);
const SEED = 42;
const SEQUENCES = 60;

test.runIf(!have && process.env.CI)('Pushgateway 1.5.1 is installed in CI', () => {
  expect.fail(`${PUSHGATEWAY} not found: apt-get install prometheus-pushgateway`);
});

interface Step {
  method: 'PUT' | 'POST' | 'DELETE';
  grouping: Label[];
  families: MetricFamily[];
}

const TYPES: MetricType[] = ['counter', 'gauge', 'untyped', 'summary', 'histogram'];
const NAMES: Array<[string, MetricType, string | undefined]> = [
  ['m', 'summary', 'Help of m.'],
  ['n', 'gauge', 'Help of n.'],
  ['k', 'counter', undefined],
  ['h', 'histogram', 'Help of h.'],
  ['m_count', 'untyped', undefined],
  ['h_bucket', 'gauge', undefined],
  ['u', 'untyped', 'Help of u with \\ and\nnewline.'],
];

function metricArb(type: MetricType): fc.Arbitrary<Metric> {
  const labels = fc
    // Body values never equal a grouping value of another label: two groups then never expose
    // series that tie in Go's order (1.5.1 orders ties across groups at random).
    .uniqueArray(
      fc.tuple(fc.constantFrom('x', 'job', 'instance', 'zone', 'x', 'x'), fc.constantFrom('1', '2', 'é "q"')),
      { maxLength: 2, selector: ([n]) => n },
    )
    .map((ps) => ps.map(([name, value]) => ({ name, value })));
  const ts = fc.oneof(
    { weight: 30, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(1700000000000) },
  );
  return fc.tuple(labels, fc.constantFrom(0, 1, 2.5, -1, NaN, Infinity, 1e-7, 123456789), ts).map(([ls, v, t]) => {
    const m: Metric = { labels: ls };
    if (type === 'summary')
      m.summary = {
        count: 3,
        sum: v,
        quantiles: [
          { quantile: 0.5, value: v },
          { quantile: 0.99, value: 1 },
        ],
      };
    else if (type === 'histogram')
      m.histogram = {
        count: 3,
        sum: v,
        buckets: [
          { upperBound: 1, cumulativeCount: 1 },
          { upperBound: 5, cumulativeCount: 2 },
        ],
      };
    else m.value = v;
    if (t !== undefined) m.timestampMs = t;
    return m;
  });
}

const familyArb: fc.Arbitrary<MetricFamily> = (() => {
  return fc.constantFrom(...NAMES).chain(([name, usual, help]) =>
    fc
      .oneof({ weight: 5, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.constantFrom(...TYPES) })
      .chain((type) =>
        fc.array(metricArb(type), { minLength: 1, maxLength: 3 }).map((metrics) => {
          const f: MetricFamily = { name, type, metrics };
          if (help !== undefined) f.help = help;
          return f;
        }),
      ),
  );
})();

const stepArb: fc.Arbitrary<Step> = (() => {
  const grouping = fc
    .record({
      job: fc.constantFrom('a', 'b', 'c'),
      instance: fc.constantFrom(undefined, 'i1'),
      zone: fc.constantFrom(undefined, undefined, 'z1', 'z/2'),
      quantile: fc.constantFrom(...Array(15).fill(undefined), 'q'),
    })
    .map(({ job, instance, zone, quantile }) => {
      const g: Label[] = [{ name: 'job', value: job }];
      if (instance) g.push({ name: 'instance', value: instance });
      if (zone) g.push({ name: 'zone', value: zone });
      if (quantile) g.push({ name: 'quantile', value: quantile });
      return g;
    });
  return fc.record({
    method: fc.constantFrom('PUT' as const, 'PUT' as const, 'POST' as const, 'POST' as const, 'DELETE' as const),
    grouping,
    families: fc.uniqueArray(familyArb, { maxLength: 3, selector: (f) => f.name }),
  });
})();

/** What a refusal is about, whichever side it blames. */
function kinds(message: string): Set<string> {
  const out = new Set<string>();
  for (const line of message
    .replace(/^pushed metrics are invalid or inconsistent with existing metrics: /, '')
    .split('\n')) {
    if (/error\(s\) occurred:$/.test(line)) continue;
    if (line.includes('collides with previously collected')) out.add('suffix collision');
    else if (line.includes(' is not a ') || line.includes(' has type ')) out.add('type clash');
    else if (line.includes('was collected before')) out.add('duplicate series');
    else out.add(line.replace(/^\* /, '').replace(/^collected metric "[^"]*" \{.*\} /, ''));
  }
  return out;
}

/** The exposition blocks that belong to this run, push times masked (`0` stays, anything else is `T`). */
function ours(text: string, prefix: string): string[] {
  const blocks: Array<{ name: string; header: string[]; samples: string[] }> = [];
  let cur: (typeof blocks)[number] | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# ')) {
      const name = line.split(' ')[2];
      if (!cur || cur.name !== name) blocks.push((cur = { name, header: [], samples: [] }));
      cur.header.push(line);
      continue;
    }
    cur!.samples.push(line);
  }
  const out: string[] = [];
  for (const b of blocks) {
    const bookkeeping = b.name === 'push_time_seconds' || b.name === 'push_failure_time_seconds';
    if (!bookkeeping && !b.name.startsWith(prefix)) continue;
    const samples = bookkeeping
      ? b.samples
          .filter((l) => l.includes(`job="${prefix}`))
          .map((l) => l.replace(/ (\S+)$/, (_m, v: string) => (v === '0' ? ' 0' : ' T')))
      : b.samples;
    if (samples.length > 0) out.push(...b.header, ...samples);
  }
  return out;
}

/**
 * The text body of a push: each family written on its own (a body may hold
 * families whose lines the parser folds into another one, such as `m_count`
 * after a summary `m`; both sides parse the same bytes).
 */
function bodyOf(step: Step): string {
  return step.families.map((f) => serializeText([f])).join('');
}

/** The step with this run's prefix on its family names and job. */
function withPrefix(step: Step, prefix: string): Step {
  return {
    method: step.method,
    grouping: step.grouping.map((l) => (l.name === 'job' ? { name: 'job', value: prefix + l.value } : l)),
    families: step.families.map((f) => ({ ...f, name: prefix + f.name })),
  };
}

describe.runIf(have)(`store vs Pushgateway 1.5.1 on generated push sequences (seed ${SEED})`, () => {
  let child: ChildProcess;
  let base: string;
  let dir: string;
  let log = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'promkit-store-pg-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(
      PUSHGATEWAY,
      [`--web.listen-address=127.0.0.1:${port}`, `--persistence.file=${join(dir, 'pg.data')}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr!.on('data', (c) => (log += c));
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`pushgateway exited: ${log}`);
      try {
        if ((await fetch(`${base}/-/ready`)).status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`pushgateway did not become ready: ${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function send(step: Step): Promise<{ status: number; body: string }> {
    const body = step.method === 'DELETE' ? undefined : bodyOf(step);
    const r = await fetch(base + groupingPath(step.grouping), { method: step.method, body });
    return { status: r.status, body: (await r.text()).replace(/\n$/, '') };
  }

  /** Submits the step as a gateway would (grouping parsed from the same path, body parsed as text); a parse error is returned as such. */
  async function apply(store: MetricStore, step: Step): Promise<SubmitResult | ParseError> {
    const mode = step.method === 'PUT' ? 'replace' : step.method === 'POST' ? 'merge' : 'delete';
    const grouping = parseGroupingPath(groupingPath(step.grouping));
    let families: MetricFamily[] | undefined;
    try {
      families = step.method === 'DELETE' ? undefined : parse(bodyOf(step));
    } catch (e) {
      if (e instanceof ParseError) return e;
      throw e;
    }
    return store.submit({ grouping, mode, families, receivedAt: Date.now() });
  }

  test('same verdicts and same exposition', async () => {
    console.log(`fast-check seed ${SEED}`);
    let steps = 0;
    let refused = 0;
    let sameText = 0;
    let parseErrors = 0;
    let seq = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 8 }), async (generated) => {
        // Each run pushes its own names and jobs: 1.5.1 keeps everything from earlier runs.
        const prefix = `q${seq++}_`;
        const sequence = generated.map((step) => withPrefix(step, prefix));
        const store = createStore();
        for (const step of sequence) {
          const theirs = await send(step);
          const mine = await apply(store, step);
          steps++;
          const where = `${step.method} ${groupingPath(step.grouping)}\n${step.method === 'DELETE' ? '' : bodyOf(step)}`;
          if (mine instanceof ParseError) {
            // Never stored: 1.5.1 refuses the body with the same parse error.
            parseErrors++;
            expect({ status: theirs.status, body: theirs.body }, where).toEqual({ status: 400, body: mine.message });
            continue;
          }
          if (step.method === 'DELETE') {
            expect(theirs.status, where).toBe(202);
            expect(mine.ok, where).toBe(true);
            continue;
          }
          expect(
            mine.ok,
            `${where}\n1.5.1: ${theirs.status} ${theirs.body}\nours: ${mine.ok ? 'accepted' : mine.message}`,
          ).toBe(theirs.status === 200);
          if (!mine.ok) {
            refused++;
            if (mine.message === theirs.body) sameText++;
            const common = [...kinds(mine.message)].filter((k) => kinds(theirs.body).has(k));
            expect(common.length, `${where}\n1.5.1: ${theirs.body}\nours: ${mine.message}`).toBeGreaterThan(0);
          }
        }
        // A last push to a sentinel group: 1.5.1 applies writes in order, so the deletes are done.
        const sentinel: Step = { method: 'PUT', grouping: [{ name: 'job', value: `${prefix}sentinel` }], families: [] };
        expect((await send(sentinel)).status).toBe(200);
        await apply(store, sentinel);
        const theirText = await (await fetch(`${base}/metrics`)).text();
        expect(ours(store.snapshot().text(), prefix)).toEqual(ours(theirText, prefix));
      }),
      { seed: SEED, numRuns: SEQUENCES },
    );
    console.log(
      `${steps} steps, ${refused} refused by both (${sameText} with the very same text), ${parseErrors} bodies refused by both parsers`,
    );
    expect(refused).toBeGreaterThan(steps / 10);
  });
});
