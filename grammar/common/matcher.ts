import type { CustomPatternMatcherReturn } from 'chevrotain';
import type { Scanned } from './records.js';

/** Wraps a scanner as a Chevrotain custom pattern whose token carries the scanner's payload. */
export function matcher<P>(scan: (text: string, offset: number) => Scanned<P>) {
  return (text: string, offset: number): CustomPatternMatcherReturn | null => {
    if (offset >= text.length) return null;
    const { end, payload } = scan(text, offset);
    const match = [text.slice(offset, end)] as CustomPatternMatcherReturn;
    match.payload = payload;
    return match;
  };
}
