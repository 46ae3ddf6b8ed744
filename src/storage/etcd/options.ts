/** How to reach etcd (the `--storage.etcd.*` flags). */
export interface EtcdOptions {
  /** Client URLs of the members (`http://host:2379` or `https://…`). */
  endpoints: string[];
  /** Key prefix under which the groups live; every replica with the same endpoints and prefix serves the same groups. */
  prefix: string;
  /** PEM client certificate and key (mutual TLS), and CA bundle to verify the members. */
  certFile?: string;
  keyFile?: string;
  caFile?: string;
  /** etcd authentication; the password is read from a file so that it never shows on a command line. */
  username?: string;
  passwordFile?: string;
  /** How long to wait for a connection, in milliseconds. */
  dialTimeoutMs: number;
  /** Deadline of every request, in milliseconds. */
  requestTimeoutMs: number;
  /** The members' `--max-request-bytes` (etcd's default 1.5 MiB): larger group writes are refused up front. */
  maxRequestBytes: number;
}

/** etcd's default `--max-request-bytes`. */
export const ETCD_MAX_REQUEST_BYTES = 1.5 * 1024 * 1024;

/** Defaults of the options that have one. */
export const ETCD_DEFAULTS = {
  prefix: '/promkit/',
  dialTimeoutMs: 5000,
  requestTimeoutMs: 5000,
  maxRequestBytes: ETCD_MAX_REQUEST_BYTES,
} as const;
