import { expect, test } from 'vitest';
import { busyNote, environment } from '../../../src/bench/environment.js';
import { result } from './rows.js';

// busyNote reads only the figures it is given: a fixed environment, without measuring this machine again.
const fixed = result([]).environment;

test('environment records Node, V8, the CPU and the load at start', () => {
  const env = environment('9.9.9', undefined);
  expect(env).toMatchObject({ node: process.version, v8: process.versions.v8, promkit: '9.9.9' });
  expect(env.cpuCount).toBeGreaterThan(0);
  expect(env.loadavgStart).toHaveLength(3);
  expect(env.loadavgEnd).toEqual(env.loadavgStart);
  expect(env.commit).toBeUndefined();
  // Linux counts each process's page faults, so the cost of one is measured there.
  if (process.platform === 'linux') expect(env.pageTouch?.microsPerFault).toBeGreaterThan(0);
});

test.each([
  { name: 'quiet', start: 0.4, end: 0.9, cpus: 2, busy: false },
  { name: 'busy at start', start: 5.1, end: 0.9, cpus: 2, busy: true },
  { name: 'busy at end', start: 0.2, end: 1.5, cpus: 2, busy: true },
  { name: 'many cpus', start: 3, end: 3, cpus: 8, busy: false },
])('busyNote without the share of other processes, by load: $name', ({ start, end, cpus, busy }) => {
  const env = {
    ...fixed,
    cpuCount: cpus,
    loadavgStart: [start, 0, 0],
    loadavgEnd: [end, 0, 0],
  };
  const note = busyNote(env);
  if (busy) expect(note).toMatch(/^the machine was busy \(load average up to [\d.]+ on \d+ cpus\)/);
  else expect(note).toBeUndefined();
});

test.each([
  { name: 'its own load only', share: 0.01, busy: false },
  { name: 'at the line', share: 0.15, busy: false },
  { name: 'another process on one of two cpus', share: 0.44, busy: true },
])('busyNote with the share of other processes goes by that share, not by the load: $name', ({ share, busy }) => {
  const env = {
    ...fixed,
    loadavgStart: [1.9, 0, 0],
    loadavgEnd: [1.9, 0, 0],
    otherCpuShare: share,
  };
  const note = busyNote(env);
  if (busy)
    expect(note).toBe(
      `the machine was busy (other processes took ${Math.round(share * 100)}% of the CPU time during the run): ratios can move by tens of percent between such runs; rerun on a quieter machine before trusting a change`,
    );
  else expect(note).toBeUndefined();
});

test.each([
  { name: 'steady, on a loaded machine', probe: [5, 5.2, 5.1], share: undefined, load: 1.9, note: undefined },
  { name: 'steady, with the share measured', probe: [5, 5.2], share: 0.02, load: 0.1, note: undefined },
  {
    name: 'unsteady on a quiet machine',
    probe: [5, 7, 5.1],
    share: 0.02,
    load: 0.1,
    note: "the machine's speed changed during the run (a fixed workload timed before each stage and at the end took from 5.00 to 7.00 ms, 1.40×): ratios can move by tens of percent between such runs; rerun on a quieter machine before trusting a change",
  },
  {
    name: 'unsteady, with other processes busy too',
    probe: [5, 7],
    share: 0.4,
    load: 0.1,
    note: /^the machine was busy \(other processes took 40%/,
  },
])('busyNote with the fixed workload timed over the run: $name', ({ probe, share, load, note }) => {
  const env = { ...fixed, cpuCount: 2, loadavgStart: [load, 0, 0], loadavgEnd: [load, 0, 0], speedProbeMs: probe };
  if (share !== undefined) Object.assign(env, { otherCpuShare: share });
  const got = busyNote(env);
  if (note === undefined) expect(got).toBeUndefined();
  else if (typeof note === 'string') expect(got).toBe(note);
  else expect(got).toMatch(note);
});
