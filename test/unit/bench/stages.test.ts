import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_GENERATE, generatePayload } from '../../../src/bench/generate.js';
import { countSeries, type Payload } from '../../../src/bench/payload.js';
import { peerStages, resolvePackage } from '../../../src/bench/peers.js';
import type { PayloadInput, StageCase, StageDef } from '../../../src/bench/stage.js';
import { PROMKIT_STAGES } from '../../../src/bench/stages.js';
import type { MetricFamily } from '../../../src/model/types.js';
import { parse } from '../../../src/parse/index.js';
import { serializeText, sortFamiliesByName } from '../../../src/serialize/index.js';
import { lint } from '../../../src/validate/index.js';

function input(text: string): PayloadInput {
  const bytes = Buffer.from(text);
  const payload: Payload = { name: 't', path: '/t.prom', bytes: bytes.length, series: countSeries(bytes) };
  return { payload, bytes: new Uint8Array(bytes), text };
}

// Big enough to span several 64 KB pieces, with escapes and timestamps.
const GENERATED = input(
  generatePayload({ ...DEFAULT_GENERATE, series: 3000, families: 30, escapes: 0.2, timestamps: 0.3 }),
);

function stage(id: string): StageDef {
  const s = PROMKIT_STAGES.find((x) => x.id === id);
  if (s === undefined) throw new Error(`no stage ${id}`);
  return s;
}

async function prepared(id: string, i: PayloadInput = GENERATED): Promise<StageCase> {
  const c = await stage(id).prepare(i);
  if ('unavailable' in c) throw new Error(c.unavailable);
  return c;
}

describe('promkit stages', () => {
  test('the stage list is the pipeline, with the Go tool each is compared with', () => {
    const core = ['lex', 'scan', 'assemble', 'parse', 'lint', 'serialize'];
    expect(PROMKIT_STAGES.filter((s) => core.includes(s.id)).map((s) => [s.id, s.goTool])).toEqual([
      ['lex', 'go-expfmt-parse'],
      ['scan', 'go-expfmt-parse'],
      ['assemble', 'go-expfmt-parse'],
      ['parse', 'go-expfmt-parse'],
      ['lint', undefined],
      ['serialize', 'go-expfmt-serialize'],
    ]);
    expect(PROMKIT_STAGES.map((s) => s.id)).toEqual(PROMKIT_STAGES.map((s) => s.stage));
    expect(GENERATED.payload.bytes).toBeGreaterThan(2 * 65536);
  });

  test('lex: tokens from every piece, no lexing error', async () => {
    const c = await prepared('lex');
    const out = await c.check?.(c.fn());
    expect(out?.lexErrors).toBe(0);
    expect(out?.tokens).toBeGreaterThan(GENERATED.payload.series * 4);
    expect(c.fn()).toBe(out?.tokens);
  });

  test('scan: the fast reader takes every sample line of a generated payload', async () => {
    const c = await prepared('scan');
    expect(await c.check?.(c.fn())).toEqual({
      samples: GENERATED.payload.series,
      comments: expect.any(Number),
      grammarLines: 0,
    });
  });

  test('assemble: replaying the recorded lines builds exactly what parse builds, on every call', async () => {
    const c = await prepared('assemble');
    const expected = parse(GENERATED.bytes);
    expect(c.fn()).toEqual(expected);
    expect(c.fn()).toEqual(expected);
    expect((await c.check?.(c.fn()))?.grammarLines).toBe(0);
  });

  test('scan and assemble count the lines the fast reader leaves to the grammar', async () => {
    const i = input('# TYPE a counter\na\t1\na{x="1"} 2\n');
    expect(await (await prepared('scan', i)).check?.(null)).toEqual({ samples: 1, comments: 1, grammarLines: 1 });
    const a = await prepared('assemble', i);
    expect((await a.check?.(a.fn()))?.grammarLines).toBe(1);
  });

  test('parse: families and metrics counted', async () => {
    const c = await prepared('parse');
    const families = parse(GENERATED.bytes);
    expect(await c.check?.(c.fn())).toEqual({
      families: families.length,
      metrics: families.reduce((n, f) => n + f.metrics.length, 0),
    });
  });

  test('parse-string: the same families from the decoded text', async () => {
    const c = await prepared('parse-string');
    expect(c.fn()).toEqual(parse(GENERATED.bytes));
    expect(await c.check?.(c.fn())).toEqual(await (await prepared('parse')).check?.(parse(GENERATED.bytes)));
  });

  test('validate-only: accepts the payload, refuses to time a payload it rejects', async () => {
    const c = await prepared('validate-only');
    expect(c.fn()).toBe('valid');
    expect(await c.check?.(c.fn())).toEqual({});
    const bad = Buffer.from('a{b="c} 1\n');
    const refused = await prepared('validate-only', { ...GENERATED, bytes: bad, text: bad.toString() });
    expect(() => refused.check?.(refused.fn())).toThrow(/check refused the payload/);
  });

  test('result-floor: builds what parse(bytes) returns, and refuses a result that differs', async () => {
    const c = await prepared('result-floor');
    const expected = parse(GENERATED.bytes);
    expect(c.fn()).toEqual(expected);
    expect(await c.check?.(c.fn())).toEqual(await (await prepared('parse')).check?.(expected));
    const other = c.fn() as MetricFamily[];
    other[0].metrics.pop();
    expect(() => c.check?.(other)).toThrow(/the result floor built another result/);
    expect(stage('result-floor').goTool).toBeUndefined();
  });

  test.each(['result-floor', 'parse-openmetrics'])(
    '%s: paired with parse(bytes) of the 0.0.4 payload, the parse stage',
    async (id) => {
      const c = await prepared(id);
      expect(c.reference?.async).toBeUndefined();
      expect(c.reference?.fn()).toEqual(parse(GENERATED.bytes));
    },
  );

  test('the other stages have no reference', async () => {
    for (const id of ['parse', 'parse-string', 'validate-only', 'lint', 'serialize-iter'])
      expect((await prepared(id)).reference, id).toBeUndefined();
  });

  test.each(['serialize-iter', 'serialize-stream'])('%s: the bytes of serializeText, chunk by chunk', async (id) => {
    const c = await prepared(id);
    expect(c.async).toBe(true);
    const size = Buffer.byteLength(serializeText(sortFamiliesByName(parse(GENERATED.bytes))));
    expect(c.bytes).toBe(size);
    expect(await c.fn()).toBe(size);
    expect(await c.check?.(await c.fn())).toEqual({ outputBytes: size });
    expect(() => c.check?.(size - 1)).toThrow(`${id} wrote ${size - 1} bytes, serializeText ${size}`);
  });

  test('serialize-stream: paired with a stream of the same chunks made beforehand, through the same pipeline', async () => {
    const c = await prepared('serialize-stream');
    expect(c.reference?.async).toBe(true);
    const size = Buffer.byteLength(serializeText(sortFamiliesByName(parse(GENERATED.bytes))));
    expect(await c.reference?.fn()).toBe(size);
  });

  test('serialize: paired with the same string made from its bytes', async () => {
    const c = await prepared('serialize');
    const expected = serializeText(sortFamiliesByName(parse(GENERATED.bytes)));
    expect(c.reference?.async).toBeUndefined();
    expect(c.reference?.fn()).toBe(expected);
    // Text beyond ASCII is decoded as UTF-8, not latin1.
    const wide = Buffer.from('# HELP a café ☕\n# TYPE a gauge\na{b="ü"} 1\n');
    const w = await prepared('serialize', { ...GENERATED, bytes: wide, text: wide.toString() });
    expect(w.reference?.fn()).toBe(serializeText(sortFamiliesByName(parse(wide))));
  });

  test('lint: the diagnostics lint() gives on the parsed families', async () => {
    const c = await prepared('lint');
    const result = c.fn();
    expect(result).toEqual(lint(parse(GENERATED.bytes, { positions: true })));
    expect(await c.check?.(result)).toEqual({ diagnostics: (result as unknown[]).length });
  });

  test('serialize: the text of the families sorted by name; bytes are the bytes written', async () => {
    const c = await prepared('serialize');
    const expected = serializeText(sortFamiliesByName(parse(GENERATED.bytes)));
    expect(c.fn()).toBe(expected);
    expect(c.bytes).toBe(Buffer.byteLength(expected));
  });

  test('parse check refuses a result that cannot be the payload', async () => {
    const c = await prepared('parse');
    expect(() => c.check?.([])).toThrow(/no families/);
  });
});

describe('other npm packages', () => {
  test('resolvePackage finds installed packages and nothing else', () => {
    expect(resolvePackage('benchmark', [process.cwd()])).toMatch(/benchmark/);
    expect(resolvePackage('no-such-package-promkit-test', [process.cwd()])).toBeUndefined();
  });

  test('none is measured when none is installed', () => {
    expect(peerStages([mkdtempSync(join(tmpdir(), 'promkit-peers-'))])).toEqual([]);
  });

  test('installed packages become stages, loaded only when prepared', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'promkit-peers-'));
    const pkg = (name: string, main: string): void => {
      mkdirSync(join(dir, 'node_modules', name), { recursive: true });
      writeFileSync(join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, main: 'index.js' }));
      writeFileSync(join(dir, 'node_modules', name, 'index.js'), main);
    };
    pkg(
      'parse-prometheus-text-format',
      'module.exports = (text) => text.split("\\n").filter((l) => l.startsWith("# TYPE")).map((l) => ({ name: l.split(" ")[2] }));',
    );
    pkg(
      'prom-client',
      'class Registry { constructor() { this.m = []; } registerMetric(m) { this.m.push(m); } async metrics() { return this.m.map((m) => JSON.stringify(m.get())).join("\\n"); } }\nmodule.exports = { Registry };',
    );
    const stages = peerStages([dir]);
    expect(stages.map((s) => [s.id, s.stage, s.goTool])).toEqual([
      ['parse-prometheus-text-format:parse', 'parse', 'go-expfmt-parse'],
      ['prom-client:serialize', 'serialize', 'go-expfmt-serialize'],
    ]);
    const i = input(
      '# TYPE h histogram\nh_bucket{a="x",le="1"} 2\nh_bucket{a="x",le="+Inf"} 3\nh_sum{a="x"} 4\nh_count{a="x"} 3\n',
    );
    const parseCase = (await stages[0].prepare(i)) as StageCase;
    expect(parseCase.fn()).toEqual([{ name: 'h' }]);
    const promCase = (await stages[1].prepare(i)) as StageCase;
    expect(promCase.async).toBe(true);
    const written = JSON.parse((await promCase.fn()) as string);
    expect(written).toEqual({
      name: 'h',
      help: '',
      type: 'histogram',
      aggregator: 'sum',
      values: [
        { labels: { a: 'x', le: '1' }, value: 2, metricName: 'h_bucket' },
        { labels: { a: 'x', le: '+Inf' }, value: 3, metricName: 'h_bucket' },
        { labels: { a: 'x' }, value: 4, metricName: 'h_sum' },
        { labels: { a: 'x' }, value: 3, metricName: 'h_count' },
      ],
    });
  });

  test('a package that rejects the payload makes the stage unavailable, not the bench fail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'promkit-peers-'));
    mkdirSync(join(dir, 'node_modules', 'parse-prometheus-text-format'), { recursive: true });
    writeFileSync(
      join(dir, 'node_modules', 'parse-prometheus-text-format', 'package.json'),
      '{"name":"parse-prometheus-text-format","main":"index.js"}',
    );
    writeFileSync(
      join(dir, 'node_modules', 'parse-prometheus-text-format', 'index.js'),
      'module.exports = () => { throw new Error("bad line"); };',
    );
    const [s] = peerStages([dir]);
    expect(await s.prepare(input('a 1\n'))).toEqual({ unavailable: 'it rejects this payload: bad line' });
  });
});
