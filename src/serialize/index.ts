/**
 * The serialize stage: model → bytes in text 0.0.4, OpenMetrics 1.0 and
 * protobuf delimited, whole or streamed, plus content negotiation.
 */
export { serializeText, type TextOptions } from './text.js';
export { serializeOpenMetrics, OPENMETRICS_FULL, type OpenMetricsOptions } from './openmetrics.js';
export { openMetricsNameClash } from './openmetrics-names.js';
export {
  encodeProtobuf,
  encodeProtobufFamily,
  decodeProtobuf,
  ProtobufDecodeError,
  type DecodeProtobufOptions,
} from './protobuf.js';
export {
  serializeIter,
  serializeStream,
  serializeToBytes,
  DEFAULT_CHUNK_SIZE,
  type Families,
  type SerializeIterOptions,
} from './create-serializer.js';
export { negotiate, type Negotiated, type NegotiateOptions } from './negotiate.js';
export { SerializeError } from './serialize-error.js';
export { sortFamiliesByName } from './renderer.js';
export {
  contentTypeOf,
  TEXT_CONTENT_TYPE,
  PROTOBUF_CONTENT_TYPE,
  OPENMETRICS_1_CONTENT_TYPE,
  OPENMETRICS_0_CONTENT_TYPE,
  type SerializeFormat,
} from './content-types.js';
