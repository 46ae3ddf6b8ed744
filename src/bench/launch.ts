import { spawn } from 'node:child_process';
import { PROGRESS_MARK, RESULT_MARK } from './child.js';
import type { ChildRequest, ChildResult } from './result.js';

/** How to start a measuring process: `node --expose-gc [nodeArgs] script [...args] --child <json>`. */
export interface ChildCommand {
  script: string;
  /** Arguments before `--child` (`['bench']` for the promkit CLI). */
  args: string[];
  /** Extra node flags. */
  nodeArgs?: string[];
}

/**
 * Runs one measurement somewhere and reports progress (`run` 0 after the warm-up, then 1…runs). With
 * `request.paired`, the measurement goes on after a report only once the promise `onRun` returned
 * has settled.
 */
export type Launcher = (request: ChildRequest, onRun: (run: number) => unknown) => Promise<ChildResult>;

/**
 * A {@link Launcher} that measures each request in a fresh Node process with `--expose-gc`, so that
 * no JIT state, heap size or GC pressure leaks between payloads and stages. Rejects with the child's
 * standard error when it fails.
 */
export function processLauncher(command: ChildCommand): Launcher {
  return (request, onRun) =>
    new Promise((resolvePromise, reject) => {
      const argv = [
        '--expose-gc',
        ...(command.nodeArgs ?? []),
        command.script,
        ...command.args,
        '--child',
        JSON.stringify(request),
      ];
      const paired = request.paired === true;
      const child = spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
      if (!paired) child.stdin.end();
      let pending = '';
      let result: ChildResult | undefined;
      let stderr = '';
      const line = (l: string): void => {
        if (l.startsWith(PROGRESS_MARK)) {
          const run = Number(l.slice(PROGRESS_MARK.length));
          const next = onRun(run);
          if (paired) {
            // The child waits for a line before its next run; after the last one it needs no more.
            const last = run >= request.measure.runs;
            void Promise.resolve(next).then(
              () => (last ? child.stdin.end() : child.stdin.write('next\n')),
              () => child.kill(),
            );
          }
        } else if (l.startsWith(RESULT_MARK)) result = JSON.parse(l.slice(RESULT_MARK.length)) as ChildResult;
      };
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        pending += s;
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          line(pending.slice(0, nl));
          pending = pending.slice(nl + 1);
        }
      });
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (pending !== '') line(pending);
        const what = `${request.stage} on ${request.payload.name}`;
        if (code !== 0)
          return reject(new Error(`measuring ${what} failed (exit ${code ?? signal}):\n${stderr.trim()}`));
        if (result === undefined) return reject(new Error(`measuring ${what} printed no result:\n${stderr.trim()}`));
        resolvePromise(result);
      });
    });
}
