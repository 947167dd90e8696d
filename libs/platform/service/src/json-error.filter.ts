import { Catch, HttpException, HttpStatus } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from 'pino';
import { ApiError, PLATFORM_ERROR_STATUS } from './api-error';
import { UNBOUNDED_BODY } from './bounded-json';
import type { ErrorBody, ErrorStatusTable } from './api-error';

/** What body-parser and raw-body attach to the errors they raise (the http-errors convention). */
type ParserError = Error & { type?: string; status?: number; expose?: boolean; limit?: number };

const INTERNAL: ErrorBody = { error: { code: 'internal', message: 'Internal error' } };

/** `not_found`, `payload_too_large`, ... from the status; 500 is plain `internal`. */
function codeFor(status: number): string {
  if (status === HttpStatus.INTERNAL_SERVER_ERROR) return 'internal';
  return HttpStatus[status]?.toLowerCase() ?? (status >= 500 ? 'internal' : 'http_error');
}

function isErrorBody(value: unknown): value is ErrorBody {
  const error = (value as Partial<ErrorBody> | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/**
 * Errors raised while reading or parsing a body, before any controller runs. Only errors the
 * parser marks `expose` (client mistakes) are answered with their message.
 */
export function fromBodyParserError(err: unknown): ApiError | HttpException | undefined {
  if (!(err instanceof Error)) return undefined;
  const { type, status, expose, limit } = err as ParserError;
  if (type === 'entity.parse.failed') return new ApiError('invalid_json', 'Request body is not valid JSON');
  if (type === UNBOUNDED_BODY) return new ApiError('invalid_json', err.message);
  if (type === 'entity.too.large') {
    return new ApiError('payload_too_large', `Request body exceeds ${limit ?? 'the limit of'} bytes`);
  }
  if (expose === true && typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpException({ error: { code: codeFor(status), message: err.message } } satisfies ErrorBody, status);
  }
  return undefined;
}

/**
 * Maps anything thrown to the status and JSON body a client sees; never a stack trace. An
 * {@link ApiError} gets the status its code has in `statuses` (the service's table with the
 * platform's own codes); a code missing there is a bug, answered 500 like any other.
 */
export function toErrorResponse(err: unknown, statuses: ErrorStatusTable = PLATFORM_ERROR_STATUS): { status: number; body: ErrorBody } {
  if (err instanceof ApiError) {
    const status = Object.hasOwn(statuses, err.code) ? statuses[err.code] : undefined;
    return status === undefined ? { status: 500, body: INTERNAL } : { status, body: { error: { code: err.code, message: err.message } } };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const response = err.getResponse();
    if (isErrorBody(response)) return { status, body: response };
    return { status, body: { error: { code: codeFor(status), message: messageOf(err) } } };
  }
  const parserError = fromBodyParserError(err);
  if (parserError) return toErrorResponse(parserError, statuses);
  return { status: 500, body: INTERNAL };
}

/**
 * Registered right after the body parsers so their errors reach {@link JsonErrorFilter} as
 * {@link ApiError}s. Left alone, Nest turns an invalid JSON body into a generic BadRequestException
 * and the `invalid_json` code is lost.
 */
export const translateBodyParserErrors: ErrorRequestHandler = (err, _req, _res, next) => {
  next(fromBodyParserError(err) ?? err);
};

/** Global filter: every error that reaches HTTP is answered as `{"error":{"code","message"}}`. */
@Catch()
export class JsonErrorFilter implements ExceptionFilter {
  private readonly statuses: ErrorStatusTable;

  /** `statuses`: the service's table of codes; the platform's own are always in it. */
  constructor(
    private readonly logger: Logger,
    statuses: ErrorStatusTable = {},
  ) {
    this.statuses = { ...PLATFORM_ERROR_STATUS, ...statuses };
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    // The route pattern, not the URL: ingestion URLs carry endpoint tokens.
    const { status, body } = errorAnswer(exception, this.statuses, this.logger, { method: request.method, route: (request.route as { path?: string } | undefined)?.path });
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(status).json(body);
  }
}

/**
 * The answer to `exception` (see {@link toErrorResponse}), logged when the fault is the server's:
 * by the filter, and for a raw route (ServiceAppOptions.rawRoute) that runs before the framework.
 * `statuses` holds the platform's codes already.
 */
export function errorAnswer(exception: unknown, statuses: ErrorStatusTable, logger: Logger, request: { method?: string; route?: string }): { status: number; body: ErrorBody } {
  const answer = toErrorResponse(exception, statuses);
  if (answer.status >= 500) logger.error({ err: exception, method: request.method, route: request.route, status: answer.status }, 'request failed');
  return answer;
}
