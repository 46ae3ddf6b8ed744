import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { measure, type Measurement } from './measure.js';
import type { ChildRequest, ChildResult } from './result.js';
import { peerStages } from './peers.js';
import type { StageDef } from './stage.js';
import { PROMKIT_STAGES } from './stages.js';

/** Prefix of the line carrying a child's {@link ChildResult}. */
export const RESULT_MARK = '@@bench-result ';
/** Prefix of a child's progress lines: `@@bench-progress <run>` after the warm-up (0) and each run. */
export const PROGRESS_MARK = '@@bench-progress ';

/** promkit's stages followed by those of the other npm packages installed (resolved from `resolveFrom`). */
export function allStages(resolveFrom: readonly string[]): StageDef[] {
  return [...PROMKIT_STAGES, ...peerStages(resolveFrom)];
}

/**
 * Measures one stage on one payload in this process: reads the file, prepares the stage, checks one
 * result, then {@link measure}s it. `onRun` hears the warm-up's end (0) and each run. Needs
 * `--expose-gc`. Rejects when the stage is unknown or its check fails; an unavailable stage resolves
 * with `unavailable` set.
 */
export async function measureStage(
  request: ChildRequest,
  onRun: (run: number) => unknown = () => {},
): Promise<ChildResult> {
  const def = allStages(request.resolveFrom).find((s) => s.id === request.stage);
  if (def === undefined) throw new Error(`unknown stage "${request.stage}"`);
  const buf = readFileSync(request.payload.path);
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const text = buf.toString('utf8');
  const base = { payload: request.payload.name, stage: def.id, bytes: request.payload.bytes };
  const prepared = await def.prepare({ payload: request.payload, bytes, text });
  if ('unavailable' in prepared) {
    return { ...base, unavailable: prepared.unavailable, maxRssKb: process.resourceUsage().maxRSS };
  }
  const first = prepared.async ? await prepared.fn() : prepared.fn();
  const output = prepared.check === undefined ? undefined : await prepared.check(first);
  const measurement: Measurement = await measure(prepared, request.measure, onRun, prepared.reference);
  const result: ChildResult = {
    ...base,
    bytes: prepared.bytes ?? request.payload.bytes,
    measurement,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  if (output !== undefined) result.output = output;
  return result;
}

/**
 * The child side of the protocol: measures the request given as JSON, writing progress lines and
 * finally the result line through `write`; a paired request waits for a line of `input` after each
 * progress line but the last. Resolves to the exit code (0; failures reject).
 */
export async function childMain(
  requestJson: string,
  write: (s: string) => void,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  const request = JSON.parse(requestJson) as ChildRequest;
  const lines = request.paired ? createInterface({ input })[Symbol.asyncIterator]() : undefined;
  try {
    const result = await measureStage(request, async (run) => {
      write(`${PROGRESS_MARK}${run}\n`);
      // Paired: the parent runs the Go anchor now and says when to go on.
      if (lines !== undefined && run < request.measure.runs && (await lines.next()).done)
        throw new Error('the parent closed standard input before the last run');
    });
    write(RESULT_MARK + JSON.stringify(result) + '\n');
  } finally {
    if (lines !== undefined) {
      await lines.return?.();
      // Standard input would keep the process alive.
      (input as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    }
  }
  return 0;
}
