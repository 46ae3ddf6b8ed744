// The servers of the hardening bench: promkit (a command running `promkit gateway`) and Debian's
// prometheus-pushgateway, each on a free port of 127.0.0.1 with its persistence file.
import { freePort, startServer, type ServerProcess } from '../harness.js';
import type { Launcher, RunAs } from './types.js';

/** The Pushgateway binary: `$PUSHGATEWAY`, else Debian's. */
export const PUSHGATEWAY_BIN = process.env.PUSHGATEWAY ?? '/usr/bin/prometheus-pushgateway';

/** A launcher running `command ...args <flags>`, then the port, the file, `own` and the caller's flags. */
function launcher(
  name: string,
  command: string,
  args: readonly string[],
  own: readonly string[],
  readyTimeoutMs: number,
): Launcher {
  return {
    name,
    async start(file: string, flags: string[] = [], as?: RunAs): Promise<ServerProcess> {
      const port = await freePort();
      const all = [...args, `--web.listen-address=127.0.0.1:${port}`, `--persistence.file=${file}`, ...own, ...flags];
      return startServer(command, all, port, '/-/ready', readyTimeoutMs, as);
    },
  };
}

/** promkit's gateway: `command ...args` is `promkit gateway` (the built CLI, or a bench file's `--serve`). */
export function promkitLauncher(command: string, args: readonly string[]): Launcher {
  return launcher('promkit', command, args, ['--log.level=error'], 120_000);
}

/** Debian's Pushgateway 1.5.1 at `bin`. */
export function pushgatewayLauncher(bin = PUSHGATEWAY_BIN): Launcher {
  return launcher('pushgateway', bin, [], ['--log.level=error'], 600_000);
}

/** How a start ended: the server, or the first lines of what it said before it exited. */
export async function tryStart(
  l: Launcher,
  file: string,
  flags: string[] = [],
  as?: RunAs,
): Promise<{ server: ServerProcess } | { refused: string }> {
  try {
    return { server: await l.start(file, flags, as) };
  } catch (e) {
    const text = (e as Error).message.split('\n').slice(1).join(' ').trim();
    return { refused: text || (e as Error).message };
  }
}
