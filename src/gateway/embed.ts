import type { IncomingMessage, ServerResponse } from 'node:http';
import { Gateway, type GatewayOptions } from './gateway.js';
import { sendError } from './http/reply.js';

/**
 * The gateway as a request handler for a server of the caller's own
 * (`promkit/gateway`): no listening, no process-wide settings (signals, V8
 * flags: see docs/gateway.md). The web config's basic auth and headers
 * apply; its TLS settings do not (TLS is the caller's server's business).
 *
 * ```ts
 * import { createServer } from 'node:http';
 * import { createGateway } from 'promkit/gateway';
 *
 * const gateway = createGateway({ config: { persistenceFile: '/var/lib/promkit/state' } });
 * await gateway.start();
 * createServer(gateway.handler).listen(9091);
 * // later: await gateway.stop();
 * ```
 */

/** A gateway to mount in a `node:http` (or `node:https`) server. */
export interface EmbeddedGateway {
  /** The `request` listener: answers 503 until {@link start} resolved and after {@link stop} began. */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Restores the persisted state and starts the TTL sweeps. Rejects when the state cannot be restored. */
  start(): Promise<Gateway>;
  /** Lets requests in flight finish (up to `graceMs`), then persists and closes the journal. */
  stop(reason?: string, graceMs?: number): Promise<void>;
  /** The gateway, once started. */
  readonly gateway: Gateway | undefined;
}

/** Creates an embeddable gateway; see {@link EmbeddedGateway}. Options as for `startGateway` (listen addresses are ignored). */
export function createGateway(options: GatewayOptions = {}): EmbeddedGateway {
  let gateway: Gateway | undefined;
  let starting: Promise<Gateway> | undefined;
  let stopped = false;
  return {
    handler(req, res) {
      if (!gateway || stopped) {
        res.setHeader('Retry-After', '1');
        sendError(req, res, 503, stopped ? 'the gateway is stopping' : 'the gateway is starting');
        return;
      }
      void gateway.handle(req, res);
    },
    start() {
      starting ??= Gateway.create(options).then((gw) => {
        gw.startSweeping();
        gateway = gw;
        return gw;
      });
      return starting;
    },
    async stop(reason = 'stopping', graceMs) {
      stopped = true;
      const gw = await starting?.catch(() => undefined);
      await gw?.shutdown(reason, graceMs);
    },
    get gateway() {
      return gateway;
    },
  };
}
