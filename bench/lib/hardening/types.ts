// What the hardening bench measures, how hard, and what one row of its table holds.
import type { ServerProcess } from '../harness.js';

/** The scenarios, in the order of the table. */
export const SCENARIOS = ['full-disk', 'labels', 'snappy-bomb', 'regex', 'damaged-files', 'load'] as const;

/** One scenario's name. */
export type ScenarioName = (typeof SCENARIOS)[number];

/** Sizes and times of one run. */
export interface HardeningOptions {
  /** Labels on the one series of the big push. */
  labels: number;
  /** MiB the snappy bomb decodes to (330: about 16 MiB on the wire). */
  snappyMib: number;
  /** Length of the job name matched by `(a+)+b`. */
  regexLength: number;
  /** Groups in the journal whose length field is damaged. */
  journalGroups: number;
  /** Groups of small.prom stored before the load. */
  groups: number;
  /** Seconds of the load. */
  seconds: number;
  /** Concurrent scrapers during the load. */
  scrapers: number;
  /** Push connections (`wrk`) during the load. */
  pushers: number;
  /** Which scenarios to run. */
  scenarios: ScenarioName[];
}

/** The measured setting: 100,000 labels, a 16 MiB snappy bomb, 40 a's, 50 groups, 10,000 groups for 30 s. */
export const DEFAULT_HARDENING: Readonly<HardeningOptions> = Object.freeze({
  labels: 100_000,
  snappyMib: 330,
  regexLength: 40,
  journalGroups: 50,
  groups: 10_000,
  seconds: 30,
  scrapers: 50,
  pushers: 8,
  scenarios: [...SCENARIOS],
});

/** One line of the table. */
export interface HardeningRow {
  scenario: string;
  /** What promkit did. */
  promkit: string;
  /** What the Pushgateway did, `n/a` (no such feature) or why it was not run. */
  pushgateway: string;
  /** promkit's expectation. */
  expected: string;
  /** Whether promkit met it; undefined when the scenario was skipped. */
  pass: boolean | undefined;
}

/** A user to run a server as (to make a file unreadable to it while this process is root). */
export interface RunAs {
  uid: number;
  gid: number;
}

/** Starts one kind of server on a free loopback port with a persistence file. */
export interface Launcher {
  name: string;
  /** Starts it persisting to `file`, with `flags` added; rejects when it exits before it is ready. */
  start(file: string, flags?: string[], as?: RunAs): Promise<ServerProcess>;
}

/** What every scenario gets. */
export interface HardeningContext {
  o: HardeningOptions;
  promkit: Launcher;
  /** Debian's Pushgateway 1.5.1; undefined when not installed or not wanted. */
  pushgateway: Launcher | undefined;
  /** Why the Pushgateway is not run (when it is not). */
  noPushgateway: string;
  /** The repository root (for small.prom). */
  root: string;
  /** A temp directory of the run. */
  dir: string;
  log: (line: string) => void;
}
