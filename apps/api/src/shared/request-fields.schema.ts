import { z } from 'zod';
import { checkPath } from '@inlet/domain/paths';

/** Fields that request schemas of several resources share. */

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

