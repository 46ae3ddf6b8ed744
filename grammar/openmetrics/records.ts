import type { ScanError } from '../common/records.js';

/**
 * What the OpenMetrics scanners put into token payloads. Offsets are relative
 * to the text given to the lexer (one line-aligned piece). Label pairs use the
 * 0.0.4 payloads ({@link PairPayload}, {@link BadPairPayload}).
 */

/** The OpenMetrics family types, as TYPE lines spell them. */
export type OmType = 'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'stateset' | 'info' | 'summary' | 'unknown';

/** The payload of a MetaLine token: a whole `# HELP|TYPE|UNIT name text` or `# EOF` line. */
export interface MetaPayload {
  kind: 'HELP' | 'TYPE' | 'UNIT' | 'EOF';
  /** The family name (empty for EOF). */
  name: string;
  /** Offset of the name. */
  nameOffset: number;
  /** HELP: the unescaped text; TYPE: the type; UNIT: the unit (may be empty). */
  text: string;
  /** Offset of the text. */
  textOffset: number;
  /** A syntax error anywhere on the line. */
  error?: ScanError;
}

/** The payload of a ValueTail token: ` value [timestamp]`, for a sample or an exemplar. */
export interface ValuePayload {
  value: number;
  /** The timestamp in seconds, when given. */
  timestamp?: number;
  /** The timestamp in whole milliseconds (truncated toward zero), when given. */
  timestampMs?: number;
  error?: ScanError;
}
