import type { z } from 'zod';
import { ApiError } from './api-errors';

/**
 * Parses a request body or query with its schema; on failure, 400 `invalid_request` with a message
 * naming every field at fault (`name: expected string; max_body_bytes: too big`).
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const message = result.error.issues
    .map((issue) => {
      const field = issue.path.join('.');
      const unknown = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
      return field ? `${field}: ${unknown}` : unknown;
    })
    .join('; ');
  throw new ApiError('invalid_request', message);
}
