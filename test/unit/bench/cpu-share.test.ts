import { expect, test } from 'vitest';
import { cpuSnapshot, otherCpuShare, parseOwnStat, parseProcStat } from '../../../src/bench/cpu-share.js';

test('the cpu line of /proc/stat: busy is all but idle and I/O wait', () => {
  const text = 'cpu  100 5 40 800 10 2 3 7 0 0\ncpu0 50 2 20 400 5 1 1 3 0 0\n';
  expect(parseProcStat(text)).toEqual({ busy: 157, total: 967 });
});

test('an old kernel without steal, and text that is not /proc/stat', () => {
  expect(parseProcStat('cpu 100 5 40 800 10 2 3\n')).toEqual({ busy: 150, total: 960 });
  expect(parseProcStat('intr 1 2 3 4 5 6 7 8\n')).toBeUndefined();
  expect(parseProcStat('cpu 1 2\n')).toBeUndefined();
});

test('own ticks from /proc/self/stat, after a command name with spaces and parentheses', () => {
  const fields = ['S', '1', '1', '1', '0', '-1', '4194304', '10', '0', '0', '0', '120', '30', '7', '3', '20', '0'];
  expect(parseOwnStat(`42 (node (a) b) ${fields.join(' ')}`)).toBe(160);
  expect(parseOwnStat('42 (x) S 1')).toBeUndefined();
});

const snap = (machineBusy: number, machineTotal: number, own: number) => ({ machineBusy, machineTotal, own });

test("the others' share leaves out the bench's own time and stays within 0 to 1", () => {
  // 1,000 ticks passed: 700 busy, 500 of them the bench's own.
  expect(otherCpuShare(snap(0, 0, 0), snap(700, 1000, 500))).toBeCloseTo(0.2, 10);
  // Own time counted beyond the machine's (children reaped late): no negative share.
  expect(otherCpuShare(snap(0, 0, 0), snap(100, 1000, 300))).toBe(0);
  expect(otherCpuShare(snap(5, 10, 0), snap(5, 10, 0))).toBeUndefined();
});

test.runIf(process.platform === 'linux')("on Linux a snapshot counts this process's own CPU time", () => {
  const before = cpuSnapshot();
  const start = process.cpuUsage();
  let x = 0;
  // 100 ms of CPU time (not wall time: a loaded machine only makes it take longer).
  while (process.cpuUsage(start).user < 100_000) x += Math.sqrt(x + 1);
  const after = cpuSnapshot();
  expect(x).toBeGreaterThan(0);
  expect(before).toBeDefined();
  // At 100 ticks a second, at least 5 of the 10 ticks even if they fell at the edges.
  expect((after?.own ?? 0) - (before?.own ?? 0)).toBeGreaterThanOrEqual(5);
  expect((after?.machineBusy ?? 0) - (before?.machineBusy ?? 0)).toBeGreaterThanOrEqual(5);
});
