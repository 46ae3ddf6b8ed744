/** The grouping path of a validate request (`/api/v1/validate/job/x` → `/metrics/job/x`), or undefined. */
export function validatePathOf(rawRelative: string): string | undefined {
  const q = rawRelative.indexOf('?');
  const path = q < 0 ? rawRelative : rawRelative.slice(0, q);
  const i = path.indexOf('/validate/');
  return i < 0 ? undefined : `/metrics/${path.slice(i + '/validate/'.length)}`;
}
