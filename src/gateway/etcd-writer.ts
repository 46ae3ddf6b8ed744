import { EtcdBackend } from '../storage/etcd/backend.js';
import { Etcd3Kv } from '../storage/etcd/etcd3-kv.js';
import type { EtcdOptions } from '../storage/etcd/options.js';
import { EtcdReplica } from '../storage/etcd/replica.js';
import type { MetricStore } from '../store/index.js';
import type { Logger } from './telemetry/logger.js';
import { STORAGE_UP_HELP } from './telemetry/metrics.js';
import type { Writer } from './writer.js';

/**
 * The writer of a replica on etcd (`--storage.etcd.endpoints`): writes are
 * committed in etcd before they are answered, the store follows etcd's
 * watch, and the replica is ready only once it loaded every group and
 * while etcd answers. See docs/ha.md.
 */
export function etcdWriter(
  store: MetricStore,
  options: EtcdOptions,
  logger: Logger,
): Writer & { replica: EtcdReplica } {
  const log = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, string | number>): void =>
    logger[level](msg, fields);
  const backend = new EtcdBackend(new Etcd3Kv(options), options, log);
  const replica = new EtcdReplica(store, backend, log);
  return {
    replica,
    submit: (req) => replica.submit(req),
    persist: async () => {},
    close: () => replica.close(),
    ready: () => replica.ready,
    health: () =>
      replica.ready ? { up: true } : { up: false, reason: 'etcd is not reachable or the state is not loaded' },
    get pendingWrites() {
      return store.pendingWrites;
    },
    families: () => [
      {
        name: 'promkit_storage_up',
        help: STORAGE_UP_HELP,
        type: 'gauge',
        metrics: [{ labels: [{ name: 'storage', value: 'etcd' }], value: replica.ready ? 1 : 0 }],
      },
    ],
  };
}
