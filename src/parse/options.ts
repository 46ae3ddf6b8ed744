/** Options of the parser. Every limit raises a typed {@link ParseError} and stops the parser. */
export interface ParseOptions {
  /**
   * The exposition format: `text` (default) is the text format 0.0.4 as the
   * reference parser reads it; `openmetrics` is OpenMetrics 1.0 text (see
   * `grammar/openmetrics/README.md` for how its families map to the model).
   */
  format?: 'text' | 'openmetrics';
  /** Fill `Metric.pos` with the first line of each metric (default false). */
  positions?: boolean;
  /** Longest accepted line in input units, LF excluded (default unlimited). */
  maxLineLength?: number;
  /** Largest accepted input in bytes (default unlimited). */
  maxBodyBytes?: number;
  /** Most series (metrics) accepted (default unlimited). */
  maxSeries?: number;
  /** Most labels on one series, `le`/`quantile` of histograms/summaries excluded (default unlimited). */
  maxLabelsPerSeries?: number;
  /**
   * Keep going after an error, at the next line, collecting every error
   * (for linting). The families are then built from the lines that parsed.
   * Default false: stop at the first error, as the reference does.
   */
  continueOnError?: boolean;
  /**
   * `auto` (default): the fast line reader takes the common lines and the
   * grammar every other line; `grammar`: the Chevrotain grammar reads every line.
   * Both give the same result and errors.
   */
  engine?: 'auto' | 'grammar';
  /**
   * Check the input without building families (default false): the same acceptance and the
   * same errors, but `families` comes back empty and no series is kept, so memory grows with
   * the number of family names, not with the input. For the text format 0.0.4 without
   * `maxSeries` (counting series needs them); otherwise the families are built and dropped.
   */
  validateOnly?: boolean;
  /** Size of the line-aligned pieces handed to the lexer, in input units (default 65536). */
  chunkSize?: number;
}
