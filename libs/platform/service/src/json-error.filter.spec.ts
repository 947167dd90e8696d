import { BadRequestException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ApiError } from './api-error';
import { toErrorResponse } from './json-error.filter';

const error = (code: string, message: string) => ({ error: { code, message } });

describe('toErrorResponse', () => {
  it.each([
    ['an HttpException already in shape', new HttpException(error('conflict_key', 'Key exists'), 409), 409, error('conflict_key', 'Key exists')],
    ["Nest's unknown route", new NotFoundException('Cannot GET /nope'), 404, error('not_found', 'Cannot GET /nope')],
    ['validation messages', new BadRequestException(['name must be a string', 'type is required']), 400, error('bad_request', 'name must be a string; type is required')],
    ['a string response', new HttpException('Slow down', 429), 429, error('too_many_requests', 'Slow down')],
    ['a deliberate 503', new ServiceUnavailableException('Kafka unavailable'), 503, error('service_unavailable', 'Kafka unavailable')],
    ['an unknown status', new HttpException('Teapot-ish', 499), 499, error('http_error', 'Teapot-ish')],
    ['a 500 HttpException', new HttpException('Broke', 500), 500, error('internal', 'Broke')],
    [
      "body-parser's invalid JSON",
      Object.assign(new SyntaxError('Unexpected token } in JSON'), { status: 400, expose: true, type: 'entity.parse.failed' }),
      400,
      error('invalid_json', 'Request body is not valid JSON'),
    ],
    [
      "body-parser's too large",
      Object.assign(new Error('request entity too large'), { status: 413, expose: true, type: 'entity.too.large', limit: 1048576 }),
      413,
      error('payload_too_large', 'Request body exceeds 1048576 bytes'),
    ],
    [
      "body-parser's unsupported charset",
      Object.assign(new Error('unsupported charset "UTF-7"'), { status: 415, expose: true, type: 'charset.unsupported' }),
      415,
      error('unsupported_media_type', 'unsupported charset "UTF-7"'),
    ],
  ])('answers %s with its status and code', (_name, err, status, body) => {
    expect(toErrorResponse(err)).toEqual({ status, body });
  });

  it('answers an ApiError with the status of its code in the table, and a code in no table as a bug', () => {
    const table = { source_not_found: 404 };
    expect(toErrorResponse(new ApiError('source_not_found', 'No source for this token'), table)).toEqual({ status: 404, body: error('source_not_found', 'No source for this token') });
    expect(toErrorResponse(new ApiError('invalid_json', 'Bad'))).toEqual({ status: 400, body: error('invalid_json', 'Bad') });
    expect(toErrorResponse(new ApiError('made_up', 'Nobody mapped this'), table)).toEqual({ status: 500, body: error('internal', 'Internal error') });
  });

  it.each([
    ['an unknown error', new Error('connect ECONNREFUSED mongodb://admin:hunter2@db')],
    ['an error that is not exposed', Object.assign(new Error('stream encoding should not be set'), { status: 500, expose: false })],
    ['a thrown string', 'boom'],
    ['undefined', undefined],
  ])('answers %s with a generic 500 that leaks nothing', (_name, err) => {
    const response = toErrorResponse(err);

    expect(response).toEqual({ status: 500, body: error('internal', 'Internal error') });
    expect(JSON.stringify(response)).not.toContain('hunter2');
  });
});
