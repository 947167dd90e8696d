/** A real failure with a stable code; only the consumer runner decides retry, dead letter or stop. */
export class PipelineError extends Error {
  readonly code: string;
  readonly retriable: boolean;

  constructor(code: string, message: string, opts: { retriable: boolean; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'PipelineError';
    this.code = code;
    this.retriable = opts.retriable;
  }
}
