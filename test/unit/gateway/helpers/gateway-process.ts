import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** The built CLI (`npm run build`). */
export const CLI = join(root, 'dist/cli/main.js');

/** A `promkit gateway` child process. */
export interface GatewayProcess {
  proc: ChildProcess;
  base: string;
  log(): string;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
  /** Resolves once the log has a line matching `re`. */
  waitForLog(re: RegExp, timeoutMs?: number): Promise<string>;
}

/** Starts `node dist/cli/main.js gateway --web.listen-address=127.0.0.1:0 …args` and waits until it listens. */
export async function spawnGateway(args: string[], timeoutMs = 15_000): Promise<GatewayProcess> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const proc = spawn(process.execPath, [CLI, 'gateway', '--web.listen-address=127.0.0.1:0', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const listeners: (() => void)[] = [];
  proc.stderr!.on('data', (c: Buffer) => {
    log += c.toString();
    for (const l of listeners.slice()) l();
  });
  const exited = new Promise<number | string>((resolve) =>
    proc.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const waitForLog = (re: RegExp, ms = timeoutMs): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const m = re.exec(log);
        if (m) {
          resolve(m[0]);
          return true;
        }
        return false;
      };
      if (check()) return;
      const timer = setTimeout(() => reject(new Error(`no log line matching ${re} within ${ms} ms:\n${log}`)), ms);
      const l = (): void => {
        if (check()) {
          clearTimeout(timer);
          listeners.splice(listeners.indexOf(l), 1);
        }
      };
      listeners.push(l);
      void exited.then(() => {
        if (!check()) {
          clearTimeout(timer);
          reject(new Error(`gateway exited before logging ${re}:\n${log}`));
        }
      });
    });
  const line = await waitForLog(/msg="Listening on" address=(\S+)/);
  const address = /address=(\S+)/.exec(line)![1];
  return { proc, base: `http://${address}`, log: () => log, exited, waitForLog };
}
