import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Makes `globalThis.gc` available in a test worker started without `--expose-gc`. */
export function exposeGc(): void {
  const g = globalThis as { gc?: () => void };
  if (g.gc !== undefined) return;
  setFlagsFromString('--expose-gc');
  g.gc = runInNewContext('gc') as () => void;
}
