/** The output formats of the serializers. */
export type SerializeFormat = 'text' | 'openmetrics' | 'protobuf';

/** Content type of text format 0.0.4 (expfmt `FmtText`). */
export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/** Content type of the protobuf delimited format (expfmt `FmtProtoDelim`). */
export const PROTOBUF_CONTENT_TYPE =
  'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';
/** Content type of OpenMetrics 1.0.0. */
export const OPENMETRICS_1_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';
/** Content type of OpenMetrics as expfmt 0.39 announces it (`FmtOpenMetrics`, version 0.0.1). */
export const OPENMETRICS_0_CONTENT_TYPE = 'application/openmetrics-text; version=0.0.1; charset=utf-8';

/** The content type to send with a format's output (OpenMetrics as version 1.0.0). */
export function contentTypeOf(format: SerializeFormat): string {
  return format === 'text'
    ? TEXT_CONTENT_TYPE
    : format === 'protobuf'
      ? PROTOBUF_CONTENT_TYPE
      : OPENMETRICS_1_CONTENT_TYPE;
}
