import { describe, expect, test } from 'vitest';
import { DEFAULT_GENERATE } from '../../../src/bench/generate.js';
import { BenchUsageError, parseBenchArgs } from '../../../src/bench/options.js';
import { STAGE_NAMES } from '../../../src/bench/stage.js';

describe('parseBenchArgs: valid', () => {
  test('defaults', () => {
    const a = parseBenchArgs([]);
    expect(a).toMatchObject({
      mode: 'run',
      files: [],
      stages: [...STAGE_NAMES],
      measure: { runs: 5, warmup: 2, warmupTime: 0.3, maxTime: 0.5, minSamples: 2 },
      isolate: 'paired',
      json: false,
      go: { enabled: true, runs: 5, minTimeMs: 200 },
      peers: true,
      nodeFlags: [],
      progress: true,
    });
    expect(a.generate).toBeUndefined();
  });

  test.each([
    {
      name: 'files and stages',
      argv: ['a.prom', '--stages', 'parse,lex', 'b.prom'],
      expected: { files: ['a.prom', 'b.prom'], stages: ['parse', 'lex'] },
    },
    {
      name: 'runs carry to go-runs',
      argv: ['--runs', '3'],
      expected: { measure: expect.objectContaining({ runs: 3 }), go: expect.objectContaining({ runs: 3 }) },
    },
    {
      name: 'explicit go-runs',
      argv: ['--runs', '3', '--go-runs', '7'],
      expected: { go: expect.objectContaining({ runs: 7 }) },
    },
    {
      name: 'go path',
      argv: ['--go', '/x/go-anchor'],
      expected: { go: expect.objectContaining({ path: '/x/go-anchor', enabled: true }) },
    },
    {
      name: 'no go, no peers, no progress',
      argv: ['--no-go', '--no-peers', '--no-progress'],
      expected: { go: expect.objectContaining({ enabled: false }), peers: false, progress: false, isolate: 'stage' },
    },
    {
      name: 'outputs',
      argv: ['--json', '--html', 'r.html', '--write', 'r.json', '--baseline', 'b.json'],
      expected: { json: true, html: 'r.html', write: 'r.json', baseline: 'b.json' },
    },
    {
      name: 'node flags',
      argv: ['--node-flags=--max-semi-space-size=64  --no-opt'],
      expected: { nodeFlags: ['--max-semi-space-size=64', '--no-opt'] },
    },
    { name: 'isolate run', argv: ['--isolate', 'run'], expected: { isolate: 'run' } },
    { name: 'isolate stage with Go', argv: ['--isolate', 'stage'], expected: { isolate: 'stage' } },
    { name: 'warm-up 0', argv: ['--warmup', '0'], expected: { measure: expect.objectContaining({ warmup: 0 }) } },
    {
      name: 'compare',
      argv: ['--compare', 'a.json', 'b.json'],
      expected: { mode: 'compare', files: ['a.json', 'b.json'] },
    },
    { name: 'help', argv: ['-h'], expected: { mode: 'help' } },
    { name: 'child', argv: ['--child', '{"x":1}'], expected: { mode: 'child', childRequest: '{"x":1}' } },
  ])('$name', ({ argv, expected }) => {
    expect(parseBenchArgs(argv)).toMatchObject(expected);
  });

  test.each([
    { name: 'defaults', argv: ['--generate'], mode: 'run', shape: { ...DEFAULT_GENERATE } },
    {
      name: 'families follow series',
      argv: ['--generate', '--series', '50000'],
      mode: 'run',
      shape: { ...DEFAULT_GENERATE, series: 50000, families: 500 },
    },
    {
      name: 'explicit families',
      argv: ['--generate', '--series', '50000', '--families', '7'],
      mode: 'run',
      shape: { ...DEFAULT_GENERATE, series: 50000, families: 7 },
    },
    {
      name: 'shape and out',
      argv: ['--generate', '--histograms', '0.5', '--summaries', '0', '--labels', '0', '--seed', '9', '--out', '-'],
      mode: 'generate',
      shape: { ...DEFAULT_GENERATE, histograms: 0.5, summaries: 0, labels: 0, seed: 9 },
    },
  ])('--generate: $name', ({ argv, mode, shape }) => {
    const a = parseBenchArgs(argv);
    expect(a.mode).toBe(mode);
    expect(a.generate).toEqual(shape);
  });
});

describe('parseBenchArgs: usage errors', () => {
  test.each([
    { argv: ['--bogus'], message: /Unknown option '--bogus'/ },
    { argv: ['--stages', 'parse,fold'], message: /unknown stage "fold"/ },
    { argv: ['--stages', ','], message: /no stage given/ },
    { argv: ['--runs', '0'], message: /--runs: expected a positive integer, got "0"/ },
    { argv: ['--runs', '2.5'], message: /--runs: expected a positive integer/ },
    { argv: ['--max-time', 'soon'], message: /--max-time: expected a positive number/ },
    { argv: ['--isolate', 'payload'], message: /--isolate: expected paired, stage or run/ },
    { argv: ['--go', 'x', '--no-go'], message: /contradict/ },
    { argv: ['--series', '10'], message: /--series needs --generate/ },
    { argv: ['--out', 'x.prom'], message: /--out needs --generate/ },
    { argv: ['--generate', '--histograms', '1.5'], message: /--histograms: expected a fraction from 0 to 1/ },
    {
      argv: ['--generate', '--histograms', '0.8', '--summaries', '0.8'],
      message: /histograms \+ summaries must be at most 1/,
    },
    { argv: ['--generate', '--out', 'x', 'a.prom'], message: /no FILE arguments/ },
    { argv: ['--compare', 'a.json'], message: /two result files/ },
    { argv: ['--node-flags', 'script.js'], message: /--node-flags: "script.js" is not a --flag/ },
    { argv: ['--node-flags=--x -- y'], message: /--node-flags: "--" is not a --flag/ },
  ])('$argv', ({ argv, message }) => {
    expect(() => parseBenchArgs(argv)).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});
