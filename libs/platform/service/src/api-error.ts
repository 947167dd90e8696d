/** The one error shape every service answers over HTTP. */
export type ErrorBody = { error: { code: string; message: string } };

/**
 * A failure a client can act on: `throw new ApiError('source_not_found', 'No source for this token')`.
 * `code` is stable for clients; `message` is for humans and must not hold secrets. It names no HTTP
 * status: the service's table of codes (its `errorStatus` option) maps each code to one, in the
 * JSON error filter, so the code that throws knows nothing of HTTP. Consumers return outcomes instead.
 */
export class ApiError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Code → HTTP status: a service's one table of the coded errors it answers. */
export type ErrorStatusTable = Readonly<Record<string, number>>;

/** The codes the platform raises itself: body parsing, and a path that serves nothing. */
export const PLATFORM_ERROR_STATUS = {
  invalid_json: 400,
  not_found: 404,
  payload_too_large: 413,
} as const satisfies ErrorStatusTable;
