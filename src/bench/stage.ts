import type { Operation } from './measure.js';
import type { Payload } from './payload.js';

/** The stages a bench row can measure, in pipeline order. */
export const STAGE_NAMES = [
  'lex',
  'scan',
  'assemble',
  'parse',
  'parse-string',
  'validate-only',
  'result-floor',
  'parse-openmetrics',
  'lint',
  'serialize',
  'serialize-iter',
  'serialize-stream',
] as const;

/** One of {@link STAGE_NAMES}. */
export type StageName = (typeof STAGE_NAMES)[number];

/** The go-anchor tools a row's ratio can be taken against. */
export type GoTool = 'go-expfmt-parse' | 'go-expfmt-serialize';

/** What a stage sees of a payload, in the measuring process. */
export interface PayloadInput {
  payload: Payload;
  /** The file's bytes (a fresh buffer; the stage may keep it). */
  bytes: Uint8Array;
  /** The file decoded as UTF-8. */
  text: string;
}

/** A prepared operation: the timed call plus what one call processes. */
export interface StageCase extends Operation {
  /** Bytes one call processes, when not the payload's bytes (serializers: the bytes they write). */
  bytes?: number;
  /**
   * Called once on a result of `fn` before timing; returns numbers recorded with the row (family
   * counts…) and throws when the output is wrong, which fails the bench.
   */
  check?: (result: unknown) => Record<string, number> | Promise<Record<string, number>>;
  /**
   * The operation this one is compared with in the relative speeds (text parse for OpenMetrics
   * parse…): after each run, the two are timed in turn in the same process, in batches of about
   * 20 ms, so that each ratio compares calls made moments apart (`ResultRow.referenceRatioRuns`).
   */
  reference?: Operation;
}

/** A stage that cannot run on this payload or installation, and why (one lower-case sentence). */
export interface Unavailable {
  unavailable: string;
}

/** One row kind of the bench: a tool doing one stage. */
export interface StageDef {
  /** Unique id: the stage name for promkit's own stages, `<package>:<stage>` for other npm tools. */
  id: string;
  stage: StageName;
  /** `promkit`, or the npm package measured. */
  tool: string;
  /** The Go figure this row's ratio is taken against; none when Go has no counterpart. */
  goTool?: GoTool;
  /** One line: what a call does. */
  summary: string;
  /** Builds the operation for one payload (untimed). */
  prepare(input: PayloadInput): Promise<StageCase | Unavailable>;
}
