import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, test } from 'vitest';
import { childMain, PROGRESS_MARK, RESULT_MARK } from '../../../src/bench/child.js';
import { processLauncher } from '../../../src/bench/launch.js';
import type { ChildRequest } from '../../../src/bench/result.js';
import { exposeGc } from './gc.js';

exposeGc();

const request: ChildRequest = {
  payload: {
    name: 'small',
    path: join(import.meta.dirname, '../../../vendor/bench-data/small.prom'),
    bytes: 2203,
    series: 20,
  },
  stage: 'parse',
  measure: { runs: 2, warmup: 1, warmupTime: 0.01, maxTime: 0.01, minSamples: 1 },
  resolveFrom: [],
  paired: true,
};

/** Resolves once `cond` holds, polling; rejects after `ms`. */
async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('paired measuring (--isolate paired)', () => {
  test('childMain waits for a line of input after the warm-up and after each run but the last', async () => {
    const out: string[] = [];
    const input = new PassThrough();
    const done = childMain(JSON.stringify(request), (s) => out.push(s), input);
    await until(() => out.length === 1);
    expect(out).toEqual([`${PROGRESS_MARK}0\n`]);
    // Nothing more until the parent says so.
    await new Promise((r) => setTimeout(r, 100));
    expect(out).toHaveLength(1);
    input.write('next\n');
    await until(() => out.length === 2);
    expect(out[1]).toBe(`${PROGRESS_MARK}1\n`);
    await new Promise((r) => setTimeout(r, 100));
    expect(out).toHaveLength(2);
    input.write('next\n');
    expect(await done).toBe(0);
    expect(out.slice(2, 3)).toEqual([`${PROGRESS_MARK}2\n`]);
    expect(out[3].startsWith(RESULT_MARK)).toBe(true);
    expect(JSON.parse(out[3].slice(RESULT_MARK.length)).measurement.runs).toHaveLength(2);
    expect(input.destroyed).toBe(true);
  });

  test('childMain fails when the input closes before the last run', async () => {
    const input = new PassThrough();
    input.end();
    await expect(childMain(JSON.stringify(request), () => {}, input)).rejects.toThrow(
      'the parent closed standard input before the last run',
    );
  });

  const dir = mkdtempSync(join(tmpdir(), 'promkit-paired-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('processLauncher lets a paired child go on only once the promise of onRun has settled', async () => {
    // A child speaking the protocol: a progress line, then it waits for a line (or end of input).
    const script = join(dir, 'child.mjs');
    writeFileSync(
      script,
      `import { createInterface } from 'node:readline';
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const log = [];
for (let run = 0; run <= 2; run++) {
  process.stdout.write('${PROGRESS_MARK}' + run + '\\n');
  const got = await lines.next();
  log.push(got.done ? 'end' : got.value);
}
process.stdout.write('${RESULT_MARK}' + JSON.stringify({ payload: 'small', stage: 'parse', bytes: 1, maxRssKb: 1, log }) + '\\n');
`,
    );
    const events: string[] = [];
    const result = await processLauncher({ script, args: [] })(request, async (run) => {
      events.push(`run ${run}`);
      await new Promise((r) => setTimeout(r, 20));
      events.push(`go ${run}`);
    });
    expect(events).toEqual(['run 0', 'go 0', 'run 1', 'go 1', 'run 2', 'go 2']);
    // Two "go on" lines, then the end of input after the last run.
    expect((result as unknown as { log: string[] }).log).toEqual(['next', 'next', 'end']);
  });

  test('processLauncher starts the child with --expose-gc and the node flags given (--node-flags)', async () => {
    const script = join(dir, 'flags.mjs');
    writeFileSync(
      script,
      `process.stdout.write('${RESULT_MARK}' + JSON.stringify({ payload: 'small', stage: 'parse', bytes: 1, maxRssKb: 1, execArgv: process.execArgv }) + '\\n');\n`,
    );
    const launch = processLauncher({ script, args: [], nodeArgs: ['--max-semi-space-size=64'] });
    const result = await launch({ ...request, paired: false }, () => undefined);
    expect((result as unknown as { execArgv: string[] }).execArgv).toEqual(['--expose-gc', '--max-semi-space-size=64']);
  });
});
