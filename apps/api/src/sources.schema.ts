import { z } from 'zod';
import { IDEMPOTENCY_WINDOW_SECONDS, SourceTypeSchema } from '@inlet/contracts';
import { checkPath } from '@inlet/domain/paths';

/** Request bodies of the sources API (snake_case on the wire). Unknown fields are refused. */

export const Key = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, { error: 'expected 1-63 lower-case letters, digits, "-" or "_", starting with a letter or digit' });
export const Path = z.string().superRefine((value, ctx) => {
  const check = checkPath(value);
  if (!check.ok) ctx.addIssue({ code: 'custom', message: check.message });
});

/**
 * On an update: the `version` the client last read. When given and no longer current, the update is
 * refused with 409 `conflict` instead of overwriting a change the client has not seen.
 */
export const ExpectedVersion = z.number().int().positive().optional();

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

export const CreateSigningKeyBody = z
  .object({
    /** Until when the key being replaced keeps verifying; absent: it stops at once. */
    previous_valid_until: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export const CreateApiKeyBody = z.object({ name: z.string().min(1).max(200) }).strict();

export const RehearseBody = z
  .object({
    /** The JSON payload, as the sender would post it. */
    body: z.unknown().refine((v) => v !== undefined, { error: 'required' }),
    /** Request headers, e.g. one the event type path reads. */
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/), z.string().max(8192)).default({}),
  })
  .strict();
