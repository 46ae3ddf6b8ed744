import { readFileSync } from 'node:fs';
import type { Etcd3, IOptions, IKeyValue, IWatchResponse } from 'etcd3';
import type { EtcdKv, KeyValue, RangePage, TxnOp, TxnResult, WatchHandle, WatchHandlers } from './kv.js';
import type { EtcdOptions } from './options.js';

/** The `etcd3` client options for {@link EtcdOptions} (files are read now). */
export function clientOptions(o: EtcdOptions): IOptions {
  const options: IOptions = {
    hosts: o.endpoints,
    dialTimeout: o.dialTimeoutMs,
    // Every call gets the request deadline, so that a lost majority shows as an error, not a hang.
    defaultCallOptions: () => ({ deadline: Date.now() + o.requestTimeoutMs }),
    // Pages of large groups may exceed gRPC's default 4 MiB per message.
    grpcOptions: { 'grpc.max_receive_message_length': -1, 'grpc.max_send_message_length': -1 },
  };
  if (o.caFile || o.certFile || o.keyFile) {
    options.credentials = {
      rootCertificate: o.caFile ? readFileSync(o.caFile) : (undefined as unknown as Buffer),
      privateKey: o.keyFile ? readFileSync(o.keyFile) : undefined,
      certChain: o.certFile ? readFileSync(o.certFile) : undefined,
    };
  }
  if (o.username) {
    const password = o.passwordFile ? readFileSync(o.passwordFile, 'utf8').replace(/\r?\n$/, '') : '';
    options.auth = { username: o.username, password };
  }
  return options;
}

function keyValue(kv: IKeyValue): KeyValue {
  return { key: kv.key, value: kv.value, createRevision: kv.create_revision, modRevision: kv.mod_revision };
}

/**
 * {@link EtcdKv} on the `etcd3` client (gRPC through `@grpc/grpc-js`, no
 * native code). The client's modules are loaded when the first one is made:
 * they cost a gateway that does not use etcd some 25 MB.
 */
export class Etcd3Kv implements EtcdKv {
  /** The client, once its modules are loaded. */
  private readonly client: Promise<Etcd3>;

  constructor(private readonly options: EtcdOptions) {
    const o = clientOptions(options);
    this.client = import('etcd3').then((m) => new m.Etcd3(o));
    // A failure shows on the first call; it is not left unhandled meanwhile.
    this.client.catch(() => {});
  }

  async range(start: Buffer, end: Buffer, limit: number, revision?: string): Promise<RangePage> {
    const r = await (await this.client).kv.range({ key: start, range_end: end, limit, revision });
    return { kvs: r.kvs.map(keyValue), revision: r.header.revision, more: r.more };
  }

  async txn(ops: TxnOp[]): Promise<TxnResult> {
    const r = await (
      await this.client
    ).kv.txn({
      compare: ops.map((op) => ({
        key: op.key,
        target: 'Mod' as const,
        result: 'Equal' as const,
        mod_revision: op.expect,
      })),
      success: ops.map((op) =>
        op.value === null
          ? { request_delete_range: { key: op.key } }
          : { request_put: { key: op.key, value: op.value } },
      ),
      failure: [],
    });
    return { succeeded: r.succeeded, revision: r.header.revision };
  }

  async deleteRange(start: Buffer, end: Buffer): Promise<string> {
    const r = await (await this.client).kv.deleteRange({ key: start, range_end: end });
    return r.header.revision;
  }

  async watch(start: Buffer, end: Buffer, fromRevision: string, h: WatchHandlers): Promise<WatchHandle> {
    const w = await (await this.client).watch().inRange({ start, end }).startRevision(fromRevision).create();
    w.on('data', (res: IWatchResponse) => {
      const events = res.events.map((e) => ({
        kind: e.type === 'Delete' ? ('delete' as const) : ('put' as const),
        ...keyValue(e.kv),
      }));
      h.onEvents(events, res.header.revision);
    });
    w.on('error', (e: Error) => h.onError(e));
    w.on('disconnected', () => h.onDisconnect());
    w.on('connected', () => h.onConnect());
    return { close: () => w.cancel() };
  }

  async probe(): Promise<string> {
    // A linearizable (quorum) read of one key: fails without a majority.
    const r = await (await this.client).kv.range({ key: Buffer.from(this.options.prefix + 'probe'), count_only: true });
    return r.header.revision;
  }

  async close(): Promise<void> {
    (await this.client).close();
  }
}
