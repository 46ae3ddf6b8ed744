import { VERSION } from '../../version.js';
import { reportUsageError } from '../args.js';
import type { CliIO } from '../io.js';
import { createLogger } from '../../gateway/logger.js';
import { parseFlags } from '../../gateway/flags.js';
import { startGateway } from '../../gateway/server.js';

/**
 * `promkit gateway [pushgateway flags]`: runs the Pushgateway-compatible
 * server until SIGTERM, SIGINT or `/-/quit` (then persists and exits 0).
 * SIGHUP reloads the web config and persists. Exit 1 when it cannot start
 * (address in use, unreadable web config, persistence directory missing).
 */
export async function gatewayCommand(argv: string[], io: CliIO): Promise<number> {
  const flags = parseFlags(argv);
  if (flags.kind === 'help') {
    io.stdout(flags.text);
    return 0;
  }
  if (flags.kind === 'version') {
    io.stdout(`promkit gateway, version ${VERSION} (node ${process.version})\n`);
    return 0;
  }
  if (flags.kind === 'error') {
    return reportUsageError(io, 'gateway', flags.message);
  }
  const config = flags.config;
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, sink: io.stderr });
  logger.info('starting pushgateway', { version: `(version=${VERSION}, runtime=node ${process.version})` });
  let finished!: (code: number) => void;
  const done = new Promise<number>((resolve) => (finished = resolve));
  let gw: Awaited<ReturnType<typeof startGateway>>;
  const stop = (reason: string): void => {
    gw.shutdown(reason).then(
      () => finished(0),
      (e: unknown) => {
        logger.error('problem shutting down metric storage', { err: (e as Error).message });
        finished(1);
      },
    );
  };
  try {
    gw = await startGateway({ config, logger, version: VERSION, onQuit: (reason) => stop(reason) });
  } catch (e) {
    logger.error('could not start', { err: (e as Error).message });
    return 1;
  }
  const onTerm = (): void => stop('received SIGINT/SIGTERM; exiting gracefully...');
  const onHup = (): void => void gw.reload();
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onTerm);
  process.on('SIGHUP', onHup);
  const code = await done;
  process.off('SIGTERM', onTerm);
  process.off('SIGINT', onTerm);
  process.off('SIGHUP', onHup);
  return code;
}
