import { expect, test } from 'vitest';
import type { WriteRequest } from '../../../src/model/types.js';
import { createStore, type MetricStore } from '../../../src/store/index.js';
import { request } from './helpers.js';

// A write grouped ahead of time (`stage`, the first step of a large push in its own turn) prepares and
// commits exactly as the same write prepared at once; a request changed after staging is grouped again.

const BODY = [
  '# HELP a_total Help.',
  '# TYPE a_total counter',
  'a_total{z="1",b="2",job="body"} 3',
  'a_total{instance="i"} 4',
  '# TYPE h histogram',
  'h_bucket{le="1"} 1',
  'h_bucket{le="+Inf"} 2',
  'h_sum 3',
  'h_count 2',
  'push_time_seconds 7',
  'u{x="y"} 5',
  '',
].join('\n');

async function stored(req: () => WriteRequest, stage: boolean): Promise<{ text: string; results: unknown[] }> {
  const s: MetricStore = createStore();
  const results: unknown[] = [];
  for (const r of [req(), req()]) {
    if (stage) s.stage(r);
    results.push(await s.submit(r));
  }
  return { text: s.snapshot().text(), results };
}

test.each([
  { name: 'replace', req: () => request('/metrics/job/j/instance/x', BODY, 'replace') },
  { name: 'merge', req: () => request('/metrics/job/j', BODY, 'merge') },
  { name: 'delete', req: () => request('/metrics/job/j', undefined, 'delete') },
  {
    name: 'no job (refused)',
    req: () => ({ ...request('/metrics/job/j', BODY, 'replace'), grouping: [{ name: 'instance', value: 'x' }] }),
  },
  { name: 'timestamps (refused)', req: () => request('/metrics/job/j', 'a 1 1000\n', 'replace') },
])('a staged $name write gives what an unstaged one gives', async ({ req }) => {
  expect(await stored(req, true)).toEqual(await stored(req, false));
});

test('prepare takes the families grouped when the write was staged', async () => {
  const s = createStore();
  const req = request('/metrics/job/j', 'a{x="1"} 1\n', 'replace');
  s.stage(req);
  // Changing a metric in place is not noticed: what was grouped at staging is what is stored.
  req.families![0].metrics[0].value = 2;
  await s.submit(req);
  expect(s.snapshot().text()).toContain('a{instance="",job="j",x="1"} 1\n');
});

test('a write whose families or grouping changed after staging is grouped again', async () => {
  const s = createStore();
  const req = request('/metrics/job/j', 'a{x="1"} 1\n', 'replace');
  s.stage(req);
  req.families = request('/metrics/job/j', 'b 2\n', 'replace').families;
  await s.submit(req);
  const other = request('/metrics/job/j', 'c 3\n', 'replace');
  s.stage(other);
  other.grouping = [{ name: 'job', value: 'k' }];
  await s.submit(other);
  const text = s.snapshot().text();
  expect(text).toContain('b{instance="",job="j"} 2\n');
  expect(text).toContain('c{instance="",job="k"} 3\n');
  expect(text).not.toContain('a{');
});
