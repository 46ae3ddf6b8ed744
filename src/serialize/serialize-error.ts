/**
 * A model the serializers refuse to write. `message` is the reference's
 * `err.Error()` text where the reference refuses the same model
 * (`MetricFamily has no metrics: …`, `unknown metric type GAUGE_HISTOGRAM`,
 * `expected counter in metric …`); the part after the first protobuf dump is
 * only similar to Go's, so compare those messages by prefix.
 */
export class SerializeError extends Error {
  override readonly name = 'SerializeError';
  /** The family being written when the error was found. */
  readonly family: string;

  constructor(message: string, family: string) {
    super(message);
    this.family = family;
  }
}
