import { HttpException } from '@nestjs/common';

/** The one error shape every service answers over HTTP. */
export type ErrorBody = { error: { code: string; message: string } };

/**
 * An expected HTTP failure: `throw new ApiError(404, 'source_not_found', 'No source for this token')`.
 * `code` is stable for clients; `message` is for humans and must not hold secrets.
 * Only HTTP code throws it; consumers return outcomes instead.
 */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
  ) {
    super({ error: { code, message } } satisfies ErrorBody, status);
    this.message = message;
  }
}
