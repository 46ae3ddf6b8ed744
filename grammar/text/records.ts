import type { ScanError } from '../common/records.js';

/** What the text-format scanners put into token payloads (the shared ones are in `grammar/common/records.ts`). */

/** The payload of a SampleTail token: the value, the timestamp, or what was wrong. */
export interface TailPayload {
  value: number;
  timestampMs?: number;
  /** The exact timestamp when `timestampMs` cannot hold it. */
  timestampMsExact?: bigint;
  error?: ScanError;
}

/** The payload of a Comment token. */
export interface CommentPayload {
  /** `ignore` for plain comments and metadata lines the reference skips. */
  kind: 'ignore' | 'HELP' | 'TYPE';
  /** The family name of a HELP/TYPE line. */
  name?: string;
  /** Offset of the name. */
  nameOffset?: number;
  /** Whether the reference creates the family (the name was followed by a blank). */
  create?: boolean;
  /** The HELP text (unescaped, decoded) or the TYPE text (backslashes dropped), when the line had one. */
  text?: string;
  /** The HELP text's bytes when they are not valid UTF-8 (byte input only). */
  bytes?: Uint8Array;
  /** Offset of the text. */
  textOffset?: number;
  /** An error found before the name was complete (aborts the line). */
  error?: ScanError;
  /** An error found in the text; the reference checks for a second HELP/TYPE first. */
  textError?: ScanError;
}
