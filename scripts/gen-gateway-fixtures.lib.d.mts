/** One request of a scenario. */
export interface ScenarioStep {
  method: string;
  /** Sent byte for byte (percent-encoding, `//`, `..` kept). */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  bodyBase64?: string;
  gzip?: boolean;
  /** How to normalize the body: `exposition`, `api-metrics`, `api-status`, `proto-text`, `none`, `protobuf`, or raw text when absent. */
  normalize?: 'exposition' | 'api-metrics' | 'api-status' | 'proto-text' | 'none' | 'protobuf';
  /** Give up waiting for an answer after this many milliseconds and record status 0 (for a server that hangs). */
  timeoutMs?: number;
  /** Milliseconds to wait before sending. */
  waitMs?: number;
  /** What the comparison looks at: everything (default), or only the status and this many leading characters of the body. */
  compare?: { bodyPrefix?: number };
}

/** A request sequence run against a fresh server started with `flags`. */
export interface Scenario {
  name: string;
  flags?: string[];
  steps: ScenarioStep[];
}

/** A normalized response. */
export interface Transcript {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const OWN_METRIC: RegExp;
export const COMPARED_HEADERS: string[];
export function stepBody(step: ScenarioStep): Buffer | undefined;
export function send(
  base: string,
  step: ScenarioStep,
  timeoutMs?: number,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>;
export function normalizeExposition(text: string): string;
export function normalizeApiMetrics(text: string): string;
export function normalizeApiStatus(text: string): string;
export function normalizeErrorText(text: string): string;
export function normalizeProtoText(text: string): string;
export function transcript(
  step: ScenarioStep,
  res: { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer },
): Transcript;
export function runScenario(base: string, scenario: Scenario): Promise<Transcript[]>;
export function freePort(): Promise<number>;
/** A Pushgateway 1.5.1 process started by {@link startPushgateway}. */
export interface StartedPushgateway {
  base: string;
  stop(): Promise<void>;
  log(): string;
}
export function startPushgateway(binary: string, flags?: string[]): Promise<StartedPushgateway>;
/** Builds test/compat/gateway-go-client as `out` (GOPATH build, no network); returns `out`. */
export function buildGoPushClient(out: string, stdio?: 'ignore' | 'inherit'): string;
