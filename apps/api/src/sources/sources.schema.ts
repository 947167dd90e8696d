import { z } from 'zod';
import { IDEMPOTENCY_WINDOW_SECONDS, SourceTypeSchema } from '@inlet/contracts';
import { ExpectedVersion, Key, Path } from '../shared/request-fields.schema';

/** Request bodies of the sources and environments API (snake_case on the wire). Unknown fields are refused. */

export const CreateSourceBody = z
  .object({
    key: Key,
    name: z.string().min(1).max(200),
    description: z.string().max(2000).default(''),
    type: SourceTypeSchema.default('custom'),
  })
  .strict();

export const UpdateSourceBody = z.object({ name: z.string().min(1).max(200).optional(), description: z.string().max(2000).optional() }).strict();

export const CreateEnvironmentBody = z.object({ name: Key }).strict();

export const UpdateSourceEnvironmentBody = z
  .object({
    event_type_path: Path.optional(),
    timestamp_path: Path.nullable().optional(),
    max_body_bytes: z.number().int().positive().max(16 * 1024 * 1024).optional(),
    verification: z
      .object({
        enabled: z.boolean().optional(),
        header: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, { error: 'expected an HTTP header name' }).optional(),
      })
      .strict()
      .optional(),
    idempotency: z
      .object({
        enabled: z.boolean().optional(),
        /** Where the key is: a dot path over the body or `headers.<name>`. */
        key_path: Path.nullable().optional(),
        window_seconds: z.number().int().min(IDEMPOTENCY_WINDOW_SECONDS.min).max(IDEMPOTENCY_WINDOW_SECONDS.max).optional(),
      })
      .strict()
      .optional(),
    version: ExpectedVersion,
  })
  .strict();
